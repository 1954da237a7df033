import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff.Clinic {
    struct NewIdentity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-identity",
            abstract: "Give the clinic a new identity key (admins): after an admin left, or if the key may be known to others.",
            discussion: """
                The new key is made on this computer. The clinic's profile and inbox keys are signed \
                again with it, and only the clinic's active admins receive it. Writers and colleagues \
                who trusted the old fingerprint are told the clinic changed its key, and must confirm \
                the new fingerprint with you (by phone, or on the clinic's website) before they go on.
                """)
        @OptionGroup var options: StaffOptions
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            try await reporting {
                try SecureFile.requirePrivate(options.keystorePath)
                let passphrase = try options.passphrase()
                var keystore = try StaffKeystore.open(at: options.keystorePath, passphrase: passphrase)
                guard let url = keystore.settings.relayURL else {
                    throw ClientError(.local, "this keystore is not enrolled yet: run `lucka-staff enroll --relay URL`")
                }
                let pin = try keystore.settings.clinicFingerprint.map { try LuckaCore.Fingerprint(parsing: $0) }
                let session = StaffSession(relay: RelayClient(baseURL: url), keys: keystore.keys, pin: pin)
                let keys = try await session.clinicKeys()
                guard keys.signing != nil else {
                    throw ClientError(.local, "only an admin can give the clinic a new identity key")
                }
                let question = """
                    Give \(Display.safe(keys.clinic.profile.name)) a new identity key? Everyone who trusts the current \
                    fingerprint will have to confirm the new one with the clinic.
                    """
                guard yes || Terminal.confirm(question) else {
                    print("Nothing changed.")
                    return
                }
                let change = try await session.newIdentity(with: keys)
                keystore.settings.clinicFingerprint = change.fingerprint.digits
                try keystore.save(at: options.keystorePath, passphrase: passphrase)
                print("The clinic has a new identity key. Its fingerprint is:")
                print("")
                print("    \(change.fingerprint)")
                print("")
                print("Your own keystore now trusts it. Now:")
                print("  1. Publish this fingerprint where people check it: the clinic's website, printed cards,")
                print("     phone messages. Replace the old one everywhere.")
                print("  2. Tell every colleague. Their lucka-staff will refuse to work until they have compared")
                print("     this fingerprint with you by phone and run:")
                print("         lucka-staff clinic trust-identity \"\(change.fingerprint)\"")
                print("  3. Writers who pinned the old fingerprint are told the clinic changed its key (\(change.day))")
                print("     and asked to confirm the new one with you by phone.")
            }
        }
    }

    struct TrustIdentity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trust-identity",
            abstract: "Trust the clinic's new identity key, after confirming its fingerprint with your admin by phone.",
            discussion: """
                Call your admin and compare all 40 digits of the new fingerprint first. This checks \
                that the new key follows from the one you trusted until now, then trusts it.
                """)
        @OptionGroup var options: StaffOptions
        @Argument(help: "The new fingerprint, as your admin read it to you (40 digits, spaces allowed).") var fingerprint: String

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
                    throw ClientError(.local, "this keystore is not enrolled yet: run `lucka-staff enroll --relay URL`")
                }
                guard let pinned = try keystore.settings.clinicFingerprint.map({ try LuckaCore.Fingerprint(parsing: $0) }) else {
                    throw ClientError(.local, "this keystore trusts no clinic key yet")
                }
                let session = StaffSession(relay: RelayClient(baseURL: url), keys: keystore.keys, pin: pinned)
                let change = try await session.confirmIdentityChange(from: pinned, to: confirmed)
                keystore.settings.clinicFingerprint = confirmed.digits
                try keystore.save(at: options.keystorePath, passphrase: passphrase)
                print("You now trust the clinic's new identity key (changed on \(change.day)):")
                print("    \(confirmed)")
            }
        }
    }
}
