import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create your personal keys, protected by a passphrase you choose.",
            discussion: "Choose a passphrase of at least 10 characters that you use nowhere else. If you lose it, ask your admin to enrol you again.")
        @OptionGroup var options: StaffOptions

        func run() async throws {
            try await reporting {
                let home = options.homeDirectory
                try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                guard !FileManager.default.fileExists(atPath: options.keystorePath) else {
                    throw ClientError(.local, "a keystore exists already in \(home); use --home for another person")
                }
                let passphrase: SecureBytes
                if options.passphraseFile != nil {
                    passphrase = try options.passphrase()
                } else {
                    passphrase = try options.passphrase(prompt: "Choose a passphrase: ")
                    guard try Terminal.secret(prompt: "Type it again: ").equals(passphrase) else {
                        throw ClientError(.local, "the two passphrases differ; nothing was created")
                    }
                }
                let keystore = StaffKeystore(keys: try StaffKeys.generate())
                try keystore.create(at: options.keystorePath, passphrase: passphrase)
                print("Your keys are in \(options.keystorePath).")
                print("Your fingerprint (your admin compares it before approving you):")
                print("    \(keystore.keys.fingerprint)")
                print("Next: lucka-staff enroll --relay URL")
            }
        }
    }

    struct Enroll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join your clinic on a relay with the one-time token you were given.",
            discussion: """
                The token is asked for without echo (or read from standard input with --token-stdin).
                The clinic's first admin adds --found SLUG: this creates the clinic's keys on this
                computer and uploads only public keys and secrets wrapped for you.
                """)
        @OptionGroup var options: StaffOptions
        @Option(help: "The relay's address, e.g. https://lucka.example.se") var relay: String
        @Option(help: "Your name as the people who write to you will see it, e.g. \"Anna\".") var name: String
        @Flag(help: "Read the token from standard input.") var tokenStdin = false
        @Option(help: "Found this clinic (first admin only): its slug.") var found: String?
        @Option(help: "With --found: the clinic's public profile as a JSON file (name, region, municipalities, phone, phoneHours, answerTime, channels, languages, about).")
        var profile: String?
        @Option(help: "The clinic's published fingerprint, to check the relay against (recommended for everyone but the founder).")
        var pin: String?

        func validate() throws {
            if found != nil && profile == nil { throw ValidationError("--found needs --profile FILE") }
            if found == nil && profile != nil { throw ValidationError("--profile goes with --found") }
            guard relay.hasPrefix("http://") || relay.hasPrefix("https://") else { throw ValidationError("--relay must start with http:// or https://") }
        }

        func run() async throws {
            try await reporting {
                try SecureFile.requirePrivate(options.keystorePath)
                let passphrase = try options.passphrase()
                var keystore = try StaffKeystore.open(at: options.keystorePath, passphrase: passphrase)
                guard keystore.settings.staffID == nil else { throw ClientError(.local, "this keystore is enrolled already (\(keystore.settings.clinic ?? "?"))") }
                let token = tokenStdin ? Terminal.secretLineFromStandardInput() : try Terminal.secret(prompt: "Enrolment token: ")
                let tokenText = String(decoding: token.copyBytes(), as: UTF8.self).trimmingCharacters(in: .whitespaces)
                let client = RelayClient(baseURL: relay)
                var founding: ClinicProfile?
                if let found, let profile {
                    founding = try Self.readProfile(profile, slug: found)
                }
                let (member, foundedFingerprint) = try await StaffSession.enrol(
                    relay: client, keys: keystore.keys, token: tokenText, displayName: name, founding: founding)
                var clinicFingerprint = foundedFingerprint
                if clinicFingerprint == nil {
                    let document = try await client.clinic(member.clinic)
                    let pinned = try pin.map { try LuckaCore.Fingerprint(parsing: $0) }
                    clinicFingerprint = try document.verified(pin: pinned).fingerprint
                }
                keystore.settings = StaffSettings(
                    relayURL: client.baseURL, clinic: member.clinic, clinicFingerprint: clinicFingerprint?.digits,
                    displayName: member.displayName, staffID: member.id)
                try keystore.save(at: options.keystorePath, passphrase: passphrase)
                print("Enrolled at \(TerminalSafe.line(member.clinic)) as \(TerminalSafe.line(member.displayName)) (\(member.role.rawValue), id \(TerminalSafe.line(member.id))).")
                if let fingerprint = clinicFingerprint { print("Clinic fingerprint: \(fingerprint)") }
                if member.status == .pending {
                    print("An admin must now approve you. Read them your fingerprint: \(keystore.keys.fingerprint)")
                } else {
                    print("Publish the clinic fingerprint above on the clinic's website and cards.")
                }
            }
        }

        static func readProfile(_ path: String, slug: String) throws -> ClinicProfile {
            guard let data = FileManager.default.contents(atPath: path) else { throw ClientError(.local, "cannot read \(path)") }
            struct Draft: Decodable {
                var name: String, region: String, municipalities: [String], phone: String, phoneHours: String
                var answerTime: String, channels: [Channel], languages: [String], about: String?
            }
            let draft: Draft
            do { draft = try JSONDecoder().decode(Draft.self, from: data) } catch {
                throw ClientError(.local, "\(path) is not a valid profile: it needs name, region, municipalities, phone, phoneHours, answerTime, channels, languages")
            }
            return ClinicProfile(
                slug: slug, name: draft.name, region: draft.region, municipalities: draft.municipalities, phone: draft.phone,
                phoneHours: draft.phoneHours, answerTime: draft.answerTime, channels: draft.channels, languages: draft.languages, about: draft.about ?? "")
        }
    }

    struct Fingerprint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show your fingerprint and your clinic's, to read aloud and compare.")
        @OptionGroup var options: StaffOptions

        func run() async throws {
            try await reporting {
                let keystore = try options.unlock()
                print("You:        \(keystore.keys.fingerprint)")
                if let clinic = keystore.settings.clinicFingerprint, let fingerprint = try? LuckaCore.Fingerprint(parsing: clinic) {
                    print("Clinic:     \(fingerprint)   (\(TerminalSafe.line(keystore.settings.clinic ?? "")))")
                }
            }
        }
    }

    struct Whoami: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show who you are at which clinic and relay, as the relay sees you.")
        @OptionGroup var options: StaffOptions

        func run() async throws {
            try await reporting {
                let (keystore, session) = try options.session()
                let me = try await session.me()
                print("\(TerminalSafe.line(me.displayName)) (\(me.role.rawValue), \(me.status.rawValue)) at \(TerminalSafe.line(me.clinic))")
                print("relay \(TerminalSafe.line(keystore.settings.relayURL ?? "?")), id \(TerminalSafe.line(me.id))")
            }
        }
    }
}
