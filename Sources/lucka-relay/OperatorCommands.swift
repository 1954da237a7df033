import ArgumentParser
import Foundation
import LuckaCore
import LuckaRelay

extension LuckaRelayCommand {
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the data folder (0700) and an empty database, or bring a PostgreSQL database (--database) to the current schema.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let configuration = try data.resolve()
            if let database = configuration.database {
                try await withStore(configuration) { _ in }
                print("lucka-relay: database ready at \(database.displayName)")
                return
            }
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
                let slug = self.slug
                let invitation: Invitation
                do {
                    invitation = try await withStore(configuration) { store in
                        try await ClinicAdministration(store: store, configuration: configuration).createClinic(slug: slug)
                    }
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

                        Give it to the clinic's first admin in person or by phone, with this relay's
                        address. On their own computer they write the clinic's public profile to a JSON
                        file (name, region, municipalities, phone, phoneHours, answerTime, channels,
                        languages, about; optionally confidentiality, in the clinic's own words, and
                        translations, its texts in English: see deploy/OPERATING.md), then run:
                            lucka-staff keygen
                            lucka-staff enroll --relay RELAY-URL --name "THEIR NAME" --found \(slug) --profile PROFILE.json
                        and enter the token when asked. Replace RELAY-URL with this relay's address
                        (https://...), THEIR NAME with the name writers will see on the admin's replies
                        (e.g. "Anna"), and PROFILE.json with the profile file.
                        """)
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the clinics, with their fingerprints once set up.")
            @OptionGroup var data: DataOptions

            func run() async throws {
                let clinics = try await withStore(try data.resolve()) { try await $0.clinics() }
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
            let settings = try data.resolve()
            let today = Day.today()
            let deleted = try await withStore(settings) { store in
                // Beside serving relays on one database, one sweep at a time.
                try await store.exclusively(.sweep) {
                    try await store.sweep(today: today, auditBefore: today.adding(days: -settings.retentionDays))
                }
            }
            guard let deleted else { throw fail("another relay is sweeping right now; try again when it is done") }
            print("lucka-relay: deleted \(deleted) expired threads")
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a consistent copy of the database to FILE while the relay keeps running.",
            discussion: "The copy is as sensitive as the relay's data: store it encrypted, and delete old copies.")
        @OptionGroup var data: DataOptions
        @Argument(help: "A new file to write (0600).") var file: String

        func run() async throws {
            let configuration = try data.resolve()
            if configuration.database != nil { throw fail(postgresBackupAdvice) }
            let store = try openStore(configuration)
            guard !FileManager.default.fileExists(atPath: file) else { throw fail("\(file) exists already: choose a new file name") }
            // Written under another name and renamed when whole, so a backup cut short (killed,
            // disk full) never sits under the name the operator asked for.
            let partial = file + ".partial"
            unlink(partial)
            do { try await store.backup(to: partial) } catch let error as StoreError { throw fail(error.reason) }
            guard rename(partial, file) == 0 else {
                unlink(partial)
                throw fail("cannot write \(file)")
            }
            print("lucka-relay: backup written to \(file)")
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a backup in place as the database of a new data folder, and check it.",
            discussion: """
                The relay must not be running on that folder. The folder may exist (e.g. systemd's \
                StateDirectory) but must hold no database: move a damaged one aside first. The copy \
                is checked for integrity and brought up to this version's schema; see \
                deploy/OPERATING.md, "Restore".
                """)
        @OptionGroup var data: DataOptions
        @Argument(help: "A file written by `lucka-relay backup`.") var file: String

        func run() async throws {
            let configuration = try data.resolve()
            if configuration.database != nil { throw fail(postgresBackupAdvice) }
            let directory = configuration.dataDirectory
            let target = directory + "/" + SQLiteRelayStore.fileName
            for suffix in ["", "-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: target + suffix) {
                throw fail("\(directory) already holds a database. Restore into a new data folder, or move the old one aside first.")
            }
            guard let source = FileHandle(forReadingAtPath: file) else { throw fail("cannot read the backup \(file)") }
            defer { try? source.close() }
            try refuseSharedDataFolder(directory)
            if !FileManager.default.fileExists(atPath: directory) {
                guard mkdir(directory, 0o700) == 0 else { throw fail("cannot create the data folder \(directory)") }
            }
            // Copied under another name and renamed when whole and on disk: a restore that is
            // killed or runs out of space leaves no half database for the relay to open.
            let partial = target + ".partial"
            unlink(partial)  // left by a restore that was cut short
            let fd = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw fail("cannot create \(partial)") }
            let output = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            do {
                while let chunk = try source.read(upToCount: 1 << 20), !chunk.isEmpty { try output.write(contentsOf: chunk) }
                try output.synchronize()
                try output.close()
            } catch {
                unlink(partial)
                throw fail("cannot copy the backup into \(directory): \(error.localizedDescription)")
            }
            guard rename(partial, target) == 0 else {
                unlink(partial)
                throw fail("cannot move the copy into place in \(directory)")
            }
            syncFolder(directory)
            func removeCopy() {
                for suffix in ["", "-wal", "-shm"] { unlink(target + suffix) }
            }
            let health: StoreHealth
            do {
                health = try await SQLiteRelayStore(directory: directory).check()
            } catch let error as StoreError {
                removeCopy()
                throw fail("the backup \(file) is not a usable Lucka database (\(error.reason)); nothing was restored")
            }
            guard health.integrityOK else {
                removeCopy()
                throw fail("the backup \(file) is damaged; nothing was restored. Try an older backup.")
            }
            print("lucka-relay: restored \(file) into \(directory)")
            print("clinics: \(health.clinics), threads: \(health.threads), messages: \(health.messages); schema \(health.appliedMigrations.last ?? "none")")
            print("Start the relay on it, then check with a counsellor that `lucka-staff inbox` shows the conversations.")
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the database's integrity and schema version.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let configuration = try data.resolve()
            let (health, since): (StoreHealth, String?)
            do {
                (health, since) = try await withStore(configuration) { store in
                    let health = try await store.check()
                    return (health, health.integrityOK ? try? await store.statisticsSince() : nil)
                }
            } catch let error as StoreError {
                throw fail("\(error.reason). Restore the latest backup: see deploy/OPERATING.md, \"Restore\".")
            }
            print("integrity: \(health.integrityOK ? "ok" : "DAMAGED")")
            for message in health.integrityMessages { print("  \(message)") }
            print("schema: \(health.appliedMigrations.last ?? "none") (\(health.isUpToDate ? "up to date" : "needs migration"))")
            print("clinics: \(health.clinics), threads: \(health.threads), messages: \(health.messages)")
            if let since {
                print("statistics: counted since \(since); conversations deleted before then cannot be counted")
            }
            guard health.integrityOK else {
                throw fail("the database is damaged. Restore the latest backup: see deploy/OPERATING.md, \"Restore\".")
            }
        }
    }
}

/// What `backup` and `restore` say on PostgreSQL, which has its own tools.
let postgresBackupAdvice = """
    on PostgreSQL, back up and restore with the database's own tools: pg_dump and pg_restore for a logical copy, \
    or pg_basebackup with a WAL archive for point-in-time recovery. deploy/OPERATING.md, "PostgreSQL", shows how, \
    with the restore drill; afterwards run `lucka-relay check --database URL`.
    """

/// Makes a rename in `directory` survive a power cut.
func syncFolder(_ directory: String) {
    let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
}
