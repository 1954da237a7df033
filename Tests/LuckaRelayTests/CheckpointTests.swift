import Foundation
import GRDB
import LuckaCore
import Testing

@testable import LuckaRelay

@Suite struct CheckpointTests {
    @Test("A long read does not hold up a deletion; the WAL is emptied once the read ends")
    func aLongReadDefersTheCheckpoint() async throws {
        let folder = NSTemporaryDirectory() + "lucka-checkpoint-" + Random.bytes(6).hex
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteRelayStore(directory: folder)
        let today = Day.today()
        try await store.createClinic(slug: "wal", foundingTokenHash: Random.bytes(32), tokenExpires: today, today: today)
        let hash = Random.bytes(32)
        try await store.createThread(NewThread(
            lookupHash: hash, handle: Random.bytes(6).hex, clinic: "wal", channel: .self, writerKey: Random.bytes(32), epoch: 1,
            ciphertext: Random.bytes(MessageBox.sealedLengths[0]), today: today, expires: today.adding(days: 90)))
        let thread = try #require(try await store.thread(lookupHash: hash))

        // A reader holds its snapshot (and so the WAL) until the deletion has returned, or
        // for a minute if the deletion waits for it.
        let deleted = DispatchSemaphore(value: 0)
        let reading = DispatchSemaphore(value: 0)
        let reader = Task {
            try await store.database.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM thread")
                reading.signal()
                return deleted.wait(timeout: .now() + 60) == .success
            }
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                reading.wait()
                continuation.resume()
            }
        }
        try await store.deleteThread(thread.id)
        deleted.signal()
        #expect(try await reader.value, "the deletion waited for the reader to finish")

        let wal = folder + "/" + SQLiteRelayStore.fileName + "-wal"
        var walBytes = Int.max
        for _ in 0..<100 where walBytes > 0 {
            try await Task.sleep(for: .milliseconds(100))
            walBytes = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        }
        #expect(walBytes == 0, "the owed checkpoint never emptied the WAL")
    }
}
