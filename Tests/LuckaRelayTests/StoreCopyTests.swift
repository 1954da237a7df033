import Foundation
import LuckaCore
import Testing

@testable import LuckaRelay

/// `lucka-relay migrate-to`'s copy (StoreCopy) from a SQLite relay with every kind of row
/// to an empty PostgreSQL schema. Runs where scripts/test gives a PostgreSQL server.
@Suite("SQLite to PostgreSQL copy", .enabled(if: TestEngine.isPostgres))
struct StoreCopyTests {
    typealias C = StoreContract

    @Test("Every row arrives, booleans and bytes included; the copy reads back alike; a second copy into the same database is refused")
    func everythingArrives() async throws {
        let sqlite = try SQLiteRelayStore.inMemory()
        let (clinic, answered, note) = try await withRelay(store: sqlite) { relay in
            let clinic = try await relay.makeClinic()
            _ = try await relay.addActive("Rådgivare", in: clinic)
            _ = try await relay.addPending("Väntande", in: clinic)
            let new = C.thread(clinic)
            let answered = try await C.create(sqlite, new)
            try await C.append(sqlite, C.message(answered, .clinic, epoch: clinic.epoch))
            _ = try await C.create(sqlite, C.thread(clinic, channel: .professional))
            let note = Random.bytes(200)
            _ = try await sqlite.addNote(thread: answered.id, epoch: clinic.epoch, sealed: note, expected: nil, today: C.today, limit: 10)
            _ = try await sqlite.putTemplate(
                clinic: clinic.slug, id: "t-0123456789", replacing: false, epoch: clinic.epoch, sealed: Random.bytes(150), today: C.today, limit: 10)
            return (clinic, (answered, new.lookupHash), note)
        }
        let admin = try #require(TestEngine.postgres)
        try await TestEngine.withFreshDatabase(admin) { settings in
            try await PostgresRelayStore.with(settings) { target in
                let report = try await StoreCopy.copy(from: sqlite, to: target)
                let counts = Dictionary(uniqueKeysWithValues: report.counts.map { ($0.table, $0.rows) })
                #expect(counts["clinic"] == 1 && counts["staff"] == 3 && counts["thread"] == 2 && counts["message"] == 3)
                #expect(counts["note"] == 1 && counts["template"] == 1)

                let copied = try #require(try await target.thread(lookupHash: answered.1))
                #expect(copied.handle == answered.0.handle && copied.status == .answered)
                let messages = try await target.messages(thread: copied.id)
                let original = try await sqlite.messages(thread: answered.0.id)
                #expect(messages.map(\.ciphertext.bytes) == original.map(\.ciphertext.bytes))
                #expect(try await target.notes(thread: copied.id).map(\.sealed.bytes) == [note])
                let members = try await target.staffMembers(clinic: clinic.slug)
                #expect(members.filter { $0.status == .pending }.count == 1)
                #expect(try await target.clinic(slug: clinic.slug)?.signingKey == clinic.signingKey.publicKey)

                let again = await C.storeError { _ = try await StoreCopy.copy(from: sqlite, to: target) }
                #expect(again == .conflict)
            }
        }
    }
}
