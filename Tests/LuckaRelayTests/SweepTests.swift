import LuckaCore
import Testing

@testable import LuckaRelay

@Suite struct SweepTests {
    @Test("A sweep larger than one slice deletes every expired thread and nothing else")
    func sweepsInSlices() async throws {
        let store = try SQLiteRelayStore.inMemory()
        let today = Day.today()
        try await store.createClinic(slug: "sweep", foundingTokenHash: Random.bytes(32), tokenExpires: today, today: today)
        func thread(expires: Day) -> NewThread {
            NewThread(
                lookupHash: Random.bytes(32), handle: Random.bytes(6).hex, clinic: "sweep", channel: .self, writerKey: Random.bytes(32), epoch: 1,
                ciphertext: Random.bytes(MessageBox.sealedLengths[0]), today: today, expires: expires)
        }
        var kept: [[UInt8]] = []
        for index in 0..<650 {
            let new = thread(expires: index.isMultiple(of: 100) ? today : today.adding(days: -1))
            try await store.createThread(new)
            if index.isMultiple(of: 100) { kept.append(new.lookupHash) }
        }
        #expect(try await store.sweep(today: today, auditBefore: today.adding(days: -90)) == 643)
        for hash in kept { #expect(try await store.thread(lookupHash: hash) != nil) }
        #expect(try await store.threadCounts().map(\.count).reduce(0, +) == kept.count)
        #expect(try await store.sweep(today: today, auditBefore: today.adding(days: -90)) == 0)
    }
}
