import Foundation
import LuckaClient
import LuckaCore
import Testing

/// `lucka-staff junk` read as an attacker would use it: a member without an old epoch's
/// key must not take real conversations for junk, and only an admin may delete in bulk.
@Suite("lucka-staff junk", .serialized)
struct JunkToolTests {
    @Test("A counsellor lacking an epoch skips its threads and may not bulk-delete; the admin deletes only junk")
    func junkRules() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        defer { relay.stop() }
        let (anna, fingerprint) = try StaffToolTests.foundClinic(relay, workspace)
        let (bertil, bertilRow) = try StaffToolTests.addCounsellor(relay, workspace, admin: anna, fingerprint: fingerprint)

        // A real conversation in epoch 1; then a new epoch, and Bertil loses epoch 1's key.
        _ = try await WriterConversation.start(
            relay: relay.client, clinic: "kast-e2e", channel: .self, text: "Jag behöver hjälp att sluta.", pin: fingerprint)
        _ = try anna.ok(["clinic", "rotate"])
        try tamper(relay, "DELETE FROM wrapped_key WHERE staff = '\(bertilRow.id)' AND epoch = 1")
        // And one real piece of junk, sealed to nothing, in the current epoch.
        let port = RawHTTP.port(of: relay.url)
        let clinic = try Abuse.clinic(port, slug: "kast-e2e")
        #expect(RawHTTP.json(port, "POST", "/v1/threads", body: try Abuse.junkThread(clinic))?.status == 201)

        let listed = try bertil.ok(["junk", "--dry-run"])
        #expect(listed.contains("Skipped 1 conversation(s) sealed to an inbox key you do not hold"), "\(listed)")
        #expect(listed.contains("1 conversation(s) whose first message cannot be opened"), "\(listed)")

        let refused = try bertil.run(["junk", "--yes"])
        #expect(refused.status == 1 && refused.error.contains("Only a clinic admin can delete junk in bulk"), "\(refused.error)")
        let svenska = try bertil.run(["junk", "--yes"], environment: ["LUCKA_LANG": "sv"])
        #expect(svenska.status == 1 && svenska.error.contains("Bara en administratör"), "\(svenska.error)")
        #expect(try anna.json([InboxRow].self, ["inbox"]).count == 2)

        let swept = try anna.ok(["junk", "--yes"])
        #expect(swept.contains("Deleted 1."), "\(swept)")
        let left = try anna.json([InboxRow].self, ["inbox"])
        #expect(left.count == 1 && left.allSatisfy { $0.preview.contains("sluta") }, "\(left.map(\.preview))")
    }
}
