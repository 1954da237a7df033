import ArgumentParser
import Foundation
import LuckaCore
import LuckaRelay

extension LuckaRelayCommand {
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the data folder (0700) and an empty database.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let configuration = try data.resolve()
            _ = try openStore(configuration)
            print("lucka-relay: data folder ready at \(configuration.dataDirectory)")
        }
    }

    struct Clinic: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create and list the clinics this relay hosts.", subcommands: [Create.self, List.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a clinic and print the one-time enrolment token for its first admin.")
            @OptionGroup var data: DataOptions
            @Argument(help: "Short name in URLs: 2 to 48 of a-z, 0-9 and dashes, e.g. kast-jonkoping.")
            var slug: String
            @Flag(help: "Print JSON.") var json = false

            func validate() throws {
                guard ClinicProfile.isValidSlug(slug) else {
                    throw ValidationError("the slug must be 2 to 48 of a-z, 0-9 and dashes, not starting or ending with a dash")
                }
            }

            func run() async throws {
                let configuration = try data.resolve()
                let store = try openStore(configuration)
                let invitation: Invitation
                do {
                    invitation = try await ClinicAdministration(store: store, configuration: configuration).createClinic(slug: slug)
                } catch let error as StoreError {
                    throw fail(error.reason)
                }
                if json {
                    print(String(decoding: try JSONEncoder().encode(invitation), as: UTF8.self))
                } else {
                    print("""
                        Clinic \(slug) created.
                        Enrolment token for its first admin (valid until \(invitation.expires), shown once):

                            \(invitation.token)

                        Give it to the clinic's first admin in person or by phone. They run:
                            lucka-staff keygen
                            lucka-staff enroll --relay URL
                        and enter the token when asked.
                        """)
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the clinics, with their fingerprints once set up.")
            @OptionGroup var data: DataOptions

            func run() async throws {
                let store = try openStore(try data.resolve())
                let clinics = try await store.clinics()
                if clinics.isEmpty { print("No clinics yet. Create one with: lucka-relay clinic create SLUG") }
                for clinic in clinics {
                    let state = clinic.signingKey.map { "fingerprint \(Fingerprint(publicKey: $0))" } ?? "waiting for its first admin"
                    print("\(clinic.slug)\t\(state)")
                }
            }
        }
    }

    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete threads past their expiry day now (serve also does this daily).")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try openStore(try data.resolve())
            print("lucka-relay: deleted \(try await store.sweep(today: Day.today())) expired threads")
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a consistent copy of the database to FILE while the relay keeps running.",
            discussion: "The copy is as sensitive as the relay's data: store it encrypted, and delete old copies.")
        @OptionGroup var data: DataOptions
        @Argument(help: "A new file to write (0600).") var file: String

        func run() async throws {
            let store = try openStore(try data.resolve())
            do { try await store.backup(to: file) } catch let error as StoreError { throw fail(error.reason) }
            print("lucka-relay: backup written to \(file)")
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the database's integrity and schema version.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let configuration = try data.resolve()
            let store = try openStore(configuration)
            let health: StoreHealth
            do { health = try await store.check() } catch let error as StoreError {
                throw fail("\(error.reason). Restore the latest backup: see deploy/OPERATING.md, \"Restore\".")
            }
            print("integrity: \(health.integrityOK ? "ok" : "DAMAGED")")
            for message in health.integrityMessages { print("  \(message)") }
            print("schema: \(health.appliedMigrations.last ?? "none") (\(health.isUpToDate ? "up to date" : "needs migration"))")
            print("clinics: \(health.clinics), threads: \(health.threads), messages: \(health.messages)")
            guard health.integrityOK else {
                throw fail("the database is damaged. Restore the latest backup: see deploy/OPERATING.md, \"Restore\".")
            }
        }
    }
}
