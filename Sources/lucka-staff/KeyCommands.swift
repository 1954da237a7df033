import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: T(.keygenAbstract), discussion: T(.keygenDiscussion))
        @OptionGroup var options: StaffOptions

        func run() async throws {
            try await reporting {
                let home = options.homeDirectory
                try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                guard !FileManager.default.fileExists(atPath: options.keystorePath) else {
                    throw ClientError(.local, T(.keystoreExists, home))
                }
                let passphrase: SecureBytes
                if options.passphraseFile != nil {
                    passphrase = try options.passphrase()
                } else {
                    passphrase = try options.passphrase(prompt: T(.choosePassphrase))
                    guard try Terminal.secret(prompt: T(.typeAgain)).equals(passphrase) else {
                        throw ClientError(.local, T(.passphrasesDiffer))
                    }
                }
                let keystore = StaffKeystore(keys: try StaffKeys.generate())
                try keystore.create(at: options.keystorePath, passphrase: passphrase)
                print(T(.keygenDone, options.keystorePath, keystore.keys.fingerprint.description))
            }
        }
    }

    struct Enroll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: T(.enrollAbstract),
            discussion: T(.enrollDiscussion))
        @OptionGroup var options: StaffOptions
        @Option(help: ArgumentHelp(T(.relayHelp))) var relay: String
        @Option(help: ArgumentHelp(T(.nameHelp))) var name: String
        @Flag(help: ArgumentHelp(T(.tokenStdinHelp))) var tokenStdin = false
        @Option(help: ArgumentHelp(T(.foundHelp))) var found: String?
        @Option(help: ArgumentHelp(T(.profileFileHelp)))
        var profile: String?
        @Option(help: ArgumentHelp(T(.pinHelp)))
        var pin: String?

        func validate() throws {
            if found != nil && profile == nil { throw ValidationError(T(.foundNeedsProfile)) }
            if found == nil && profile != nil { throw ValidationError(T(.profileGoesWithFound)) }
            guard relay.hasPrefix("http://") || relay.hasPrefix("https://") else { throw ValidationError(T(.relayScheme)) }
        }

        func run() async throws {
            try await reporting {
                try SecureFile.requirePrivate(options.keystorePath)
                let passphrase = try options.passphrase()
                var keystore = try StaffKeystore.open(at: options.keystorePath, passphrase: passphrase)
                guard keystore.settings.staffID == nil else { throw ClientError(.local, T(.alreadyEnrolled, keystore.settings.clinic ?? "?")) }
                let token = tokenStdin ? Terminal.secretLineFromStandardInput() : try Terminal.secret(prompt: T(.tokenPrompt))
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
                print(T(.enrolled, TerminalSafe.line(member.clinic), TerminalSafe.line(member.displayName), member.role.rawValue, TerminalSafe.line(member.id)))
                if let fingerprint = clinicFingerprint { print(T(.clinicFingerprint, fingerprint.description)) }
                if member.status == .pending {
                    print(T(.mustBeApproved, keystore.keys.fingerprint.description))
                } else {
                    print(T(.publishFingerprint))
                }
            }
        }

        static func readProfile(_ path: String, slug: String) throws -> ClinicProfile {
            guard let data = FileManager.default.contents(atPath: path) else { throw ClientError(.local, T(.cannotRead, path)) }
            struct Draft: Decodable {
                var name: String, region: String, municipalities: [String], phone: String, phoneHours: String
                var answerTime: String, channels: [Channel], languages: [String], about: String?
                var answerDays: Int?, answerDaysKind: ClinicProfile.AnswerDaysKind?
                var confidentiality: String?, translations: [String: ClinicProfile.Texts]?
            }
            let draft: Draft
            do { draft = try JSONDecoder().decode(Draft.self, from: data) } catch {
                throw ClientError(.local, T(.badProfileFile, path))
            }
            var profile = ClinicProfile(
                slug: slug, name: draft.name, region: draft.region, municipalities: draft.municipalities, phone: draft.phone,
                phoneHours: draft.phoneHours, answerTime: draft.answerTime, channels: draft.channels, languages: draft.languages, about: draft.about ?? "",
                answerDays: draft.answerDays)
            profile.answerDaysKind = draft.answerDaysKind
            profile.confidentiality = draft.confidentiality
            profile.translations = draft.translations
            return profile
        }
    }

    struct Fingerprint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.fingerprintAbstract))
        @OptionGroup var options: StaffOptions

        func run() async throws {
            try await reporting {
                let keystore = try options.unlock()
                print(T(.youFingerprint, keystore.keys.fingerprint.description))
                if let clinic = keystore.settings.clinicFingerprint, let fingerprint = try? LuckaCore.Fingerprint(parsing: clinic) {
                    print(T(.clinicFingerprintLine, fingerprint.description, TerminalSafe.line(keystore.settings.clinic ?? "")))
                }
            }
        }
    }

    struct Whoami: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.whoamiAbstract))
        @OptionGroup var options: StaffOptions

        func run() async throws {
            try await reporting {
                let (keystore, session) = try options.session()
                let me = try await session.me()
                print(T(.whoami, TerminalSafe.line(me.displayName), me.role.rawValue, me.status.rawValue, TerminalSafe.line(me.clinic)))
                print(T(.whoamiRelay, TerminalSafe.line(keystore.settings.relayURL ?? "?"), TerminalSafe.line(me.id)))
            }
        }
    }
}
