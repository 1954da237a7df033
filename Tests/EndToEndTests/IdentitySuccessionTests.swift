import Foundation
@testable import LuckaClient
import LuckaCore
import Testing

/// A removed admin kept the clinic's signing key; `clinic new-identity` takes it away, and
/// nobody switches to the new key without confirming it.
@Suite("Clinic identity succession end to end", .serialized)
struct IdentitySuccessionEndToEndTests {
    /// Anna invites a colleague with `role`, who enrols pinning `fingerprint`; Anna approves.
    static func addMember(_ relay: RelayProcess, _ workspace: String, admin: StaffCLI, fingerprint: Fingerprint, name: String, role: String) throws -> (StaffCLI, MemberRow) {
        let token = try #require(StaffCLI.token(in: try admin.ok(["staff", "invite", "--role", role])))
        let member = StaffCLI(workspace: workspace, name: name.lowercased(), passphrase: "\(name)s egen lösenfras")
        _ = try member.ok(["keygen"])
        _ = try member.ok(["enroll", "--relay", relay.url, "--name", name, "--token-stdin", "--pin", fingerprint.description], stdin: token)
        let row = try #require(try admin.json([MemberRow].self, ["staff", "list"]).first { $0.displayName == name })
        let memberFingerprint = Fingerprint(publicKey: try #require([UInt8](base64: row.signingKey)))
        _ = try admin.ok(["staff", "approve", row.id, "--fingerprint", memberFingerprint.description])
        return (member, row)
    }

    /// The first line of `output` that is a fingerprint (8 groups of 5 digits).
    static func fingerprint(in output: String) -> Fingerprint? {
        output.split(separator: "\n").lazy.compactMap { line -> Fingerprint? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let groups = trimmed.split(separator: " ")
            guard groups.count == 8, groups.allSatisfy({ $0.count == 5 && $0.allSatisfy(\.isNumber) }) else { return nil }
            return try? Fingerprint(parsing: trimmed)
        }.first
    }

    @Test func removingAnAdminThenANewIdentity() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        defer { relay.stop() }
        let (anna, oldFingerprint) = try StaffToolTests.foundClinic(relay, workspace)
        let (bea, beaRow) = try Self.addMember(relay, workspace, admin: anna, fingerprint: oldFingerprint, name: "Bea", role: "admin")
        let (bertil, _) = try StaffToolTests.addCounsellor(relay, workspace, admin: anna, fingerprint: oldFingerprint)

        // What Bea holds as an admin: the clinic's signing key.
        let beaKeystore = try StaffKeystore.open(at: bea.home + "/keystore", passphrase: SecureBytes(copying: Array("Beas egen lösenfras".utf8)))
        let beaSigning = try #require(try await StaffSession(relay: relay.client, keys: beaKeystore.keys, pin: oldFingerprint).clinicKeys().signing)

        // Removing an admin tells the truth and says what to do.
        let removed = try anna.ok(["staff", "remove", beaRow.id, "--yes"])
        #expect(removed.contains("kept a copy of the clinic's signing key"), "\(removed)")
        #expect(removed.contains("lucka-staff clinic new-identity"))
        #expect(removed.contains("sent from now on"))

        // Anna gives the clinic a new identity.
        let made = try anna.ok(["clinic", "new-identity", "--yes"])
        let newFingerprint = try #require(Self.fingerprint(in: made), "\(made)")
        #expect(newFingerprint != oldFingerprint)
        #expect(made.contains("Publish") && made.contains("trust-identity \"\(newFingerprint)\""))
        #expect(try anna.ok(["fingerprint"]).contains(newFingerprint.description))
        #expect(try anna.run(["inbox"]).status == 0)

        // Nothing the clinic serves verifies with the key Bea kept.
        let document = try await relay.client.clinic("kast-e2e")
        #expect(document.signingKey.bytes != beaSigning.publicKey)
        #expect(throws: LuckaError.self) { _ = try document.profile.verify(signingPublicKey: beaSigning.publicKey, slug: "kast-e2e") }
        for certificate in document.inboxKeys {
            #expect(throws: LuckaError.self) { try certificate.verify(signingPublicKey: beaSigning.publicKey, clinic: "kast-e2e") }
        }
        #expect(document.successions.count == 1)

        // A writer who pinned the old fingerprint is told, calmly, and nothing is sent.
        let lucka = WriterToolTests.WriterCLI(relay: relay.url, workspace: workspace)
        let refused = try lucka.command("write", ["--clinic", "kast-e2e", "--channel", "self", "--pin", oldFingerprint.description], stdin: "Hej.\n")
        #expect(refused.status == 1)
        #expect(refused.error.contains("changed its identity key") && refused.error.contains(newFingerprint.description), "\(refused.error)")
        #expect(refused.error.contains("--pin \"\(newFingerprint)\"") && refused.error.contains("Call the clinic"))
        #expect(WriterToolTests.codes(in: refused.output).isEmpty)

        // The counsellor's tool refuses until the new fingerprint is confirmed.
        let blocked = try bertil.run(["inbox"])
        #expect(blocked.status == 1)
        #expect(blocked.error.contains("new identity key") && blocked.error.contains(newFingerprint.description), "\(blocked.error)")
        #expect(blocked.error.contains("clinic trust-identity \"\(newFingerprint)\""))
        #expect(blocked.error.split(separator: "\n").count == 1)
        let wrong = try bertil.run(["clinic", "trust-identity", oldFingerprint.description])
        #expect(wrong.status == 1 && wrong.error.contains("not the clinic's new key"), "\(wrong.error)")
        let unrelated = try bertil.run(["clinic", "trust-identity", String(repeating: "1", count: 40)])
        #expect(unrelated.status == 1 && unrelated.error.contains("not the clinic's new key"), "\(unrelated.error)")
        #expect(try bertil.run(["inbox"]).status == 1)
        let trusted = try bertil.ok(["clinic", "trust-identity", newFingerprint.description])
        #expect(trusted.contains(newFingerprint.description))
        #expect(try bertil.ok(["fingerprint"]).contains(newFingerprint.description))

        // A writer with the new fingerprint writes; the counsellor reads it.
        let code = try WriterToolTests.write(lucka, "Skrivet efter bytet av nyckel.", pin: newFingerprint)
        #expect(!code.isEmpty)
        let inbox = try bertil.json([InboxRow].self, ["inbox"])
        let row = try #require(inbox.first { $0.preview.hasPrefix("Skrivet efter bytet") })
        let thread = try bertil.json(ThreadView.self, ["read", row.handle])
        #expect(thread.intact && thread.messages.last?.text == "Skrivet efter bytet av nyckel.")

        // Bea, removed, gets nothing, and the relay holds no signing key wrapped for her.
        #expect(try bea.run(["inbox"]).status == 1)
    }
}
