import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff.Clinic {
    struct NewIdentity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-identity",
            abstract: T(.newIdentityAbstract),
            discussion: T(.newIdentityDiscussion))
        @OptionGroup var options: StaffOptions
        @Flag(help: ArgumentHelp(T(.noConfirmHelp))) var yes = false

        func run() async throws {
            try await reporting {
                try SecureFile.requirePrivate(options.keystorePath)
                let passphrase = try options.passphrase()
                var keystore = try StaffKeystore.open(at: options.keystorePath, passphrase: passphrase)
                guard let url = keystore.settings.relayURL else {
                    throw ClientError(.local, T(.notEnrolled))
                }
                let pin = try keystore.settings.clinicFingerprint.map { try LuckaCore.Fingerprint(parsing: $0) }
                let session = StaffSession(relay: RelayClient(baseURL: url), keys: keystore.keys, pin: pin)
                let keys = try await session.clinicKeys()
                guard keys.signing != nil else {
                    throw ClientError(.local, T(.onlyAdminIdentity))
                }
                let question = T(.newIdentityQuestion, Display.safe(keys.clinic.profile.name))
                guard yes || Terminal.confirm(question, hint: T(.yesNoHint)) else {
                    print(T(.nothingChanged))
                    return
                }
                let change = try await session.newIdentity(with: keys)
                keystore.settings.clinicFingerprint = change.fingerprint.digits
                try keystore.save(at: options.keystorePath, passphrase: passphrase)
                print(T(.newIdentityDone, change.fingerprint.description, change.day))
            }
        }
    }

    struct TrustIdentity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trust-identity",
            abstract: T(.trustIdentityAbstract),
            discussion: T(.trustIdentityDiscussion))
        @OptionGroup var options: StaffOptions
        @Argument(help: ArgumentHelp(T(.trustFingerprintHelp))) var fingerprint: String

        func validate() throws {
            do { _ = try LuckaCore.Fingerprint(parsing: fingerprint) } catch { throw ValidationError(error.reason) }
        }

        func run() async throws {
            try await reporting {
                let confirmed = try LuckaCore.Fingerprint(parsing: fingerprint)
                try SecureFile.requirePrivate(options.keystorePath)
                let passphrase = try options.passphrase()
                var keystore = try StaffKeystore.open(at: options.keystorePath, passphrase: passphrase)
                guard let url = keystore.settings.relayURL else {
                    throw ClientError(.local, T(.notEnrolled))
                }
                guard let pinned = try keystore.settings.clinicFingerprint.map({ try LuckaCore.Fingerprint(parsing: $0) }) else {
                    throw ClientError(.local, T(.trustsNoKey))
                }
                let session = StaffSession(relay: RelayClient(baseURL: url), keys: keystore.keys, pin: pinned)
                let change = try await session.confirmIdentityChange(from: pinned, to: confirmed)
                keystore.settings.clinicFingerprint = confirmed.digits
                try keystore.save(at: options.keystorePath, passphrase: passphrase)
                print(T(.trustedIdentity, change.day, confirmed.description))
            }
        }
    }
}
