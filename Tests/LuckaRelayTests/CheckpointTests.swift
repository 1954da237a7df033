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

    @Test("The writer does not checkpoint; under continuous writes the WAL stays bounded; the checkpointer goes with the store")
    func theWALStaysBoundedUnderContinuousWrites() async throws {
        let folder = NSTemporaryDirectory() + "lucka-checkpoint-" + Random.bytes(6).hex
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let wal = folder + "/" + SQLiteRelayStore.fileName + "-wal"
        @Sendable func walBytes() -> Int { (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0 }
        // Small limits, so that a few megabytes of writes cross them many times even on a
        // busy machine; the production limits are the same code with bigger numbers.
        let limits = WALCheckpointer.Limits(threshold: 64, restartLimit: 256, residual: 16)
        weak var checkpointer: WALCheckpointer?
        do {
            let store = try SQLiteRelayStore(directory: folder, checkpoints: limits)
            checkpointer = store.checkpointer
            let automatic = try await store.database.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") }
            #expect(automatic == 0, "the writer still checkpoints after its commits")

            // Eight writers, each write replacing one of 64 rows of 32 KiB, until three times
            // the bound has gone through the WAL. The bound leaves room for what is written
            // while a checkpoint runs. The writers and the watcher are threads of their own,
            // not tasks: on a busy two-core machine the task pool can starve for a minute, and
            // the test measures the WAL, not the scheduler. Ten minutes means a hang.
            try await store.write { try $0.execute(sql: "CREATE TABLE scratch (id INTEGER PRIMARY KEY, payload BLOB)") }
            let page = try await store.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } ?? 4096
            let bound = 4 * limits.restartLimit * (page + 24)
            let payload = 32 << 10
            let written = Locked(0)
            let failure = Locked<(any Error)?>(nil)
            let database = store.database
            var largest = 0
            let finished = DispatchGroup()
            @Sendable func enough() -> Bool { written.withLock { $0 } >= 3 * bound || failure.withLock { $0 } != nil }
            for _ in 0..<8 {
                finished.enter()
                Thread {
                    defer { finished.leave() }
                    while !enough() {
                        do {
                            let bytes = Data(Random.bytes(payload))
                            try database.write { db in
                                try db.execute(sql: "INSERT OR REPLACE INTO scratch VALUES (?, ?)", arguments: [Int.random(in: 0..<64), bytes])
                            }
                            written.withLock { $0 += payload }
                        } catch {
                            failure.withLock { $0 = error }
                        }
                    }
                }.start()
            }
            let watched = Locked(0)
            finished.enter()
            Thread {
                defer { finished.leave() }
                while !enough() {
                    let bytes = walBytes()
                    watched.withLock { $0 = max($0, bytes) }
                    usleep(2_000)
                }
            }.start()
            let done = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: finished.wait(timeout: .now() + 600) == .success) }
            }
            try #require(done, "the writers did not finish in ten minutes")
            if let error = failure.withLock({ $0 }) { throw error }
            largest = watched.withLock { $0 }
            largest = max(largest, walBytes())
            let total = written.withLock { $0 }
            #expect(largest < bound, "the WAL reached \(largest) bytes after \(total) bytes written")
            print("checkpoint figures: \(total) bytes written, WAL at most \(largest) bytes (bound \(bound))")
        }
        // Released, the store takes its checkpointer with it, and the last connection to
        // close removes the WAL: no connection or task is left behind.
        for _ in 0..<50 where checkpointer != nil || FileManager.default.fileExists(atPath: wal) {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(checkpointer == nil, "the checkpointer outlived its store")
        #expect(!FileManager.default.fileExists(atPath: wal), "a connection stayed open after the store was released")
    }
}
