import ArgumentParser
import Foundation
import LuckaCore
import LuckaRelay

extension LuckaBench {
    struct Raw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The raw bound: what the relay does for one post or read, in-process through the storage layer, without HTTP.",
            discussion: "Same durability as the relay (synchronous=FULL, group commit). Compare with `load` in the same run.")

        @Option(help: "Concurrent tasks.") var clients = 32
        @Option(help: "Seconds per operation.") var seconds = 5.0

        func run() async throws {
            let result = try await RawBound.measure(clients: clients, seconds: seconds)
            result.post.print("raw: post a message")
            result.read.print("raw: read 10 messages")
        }
    }
}

/// The storage work of the relay's hottest routes, done directly.
enum RawBound {
    static func measure(clients: Int, seconds: Double) async throws -> (post: LoadResult, read: LoadResult) {
        let folder = NSTemporaryDirectory() + "lucka-raw-" + Random.bytes(6).hex
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteRelayStore(directory: folder)
        let today = Day.today()
        let clinic = "raw"
        try await store.createClinic(slug: clinic, foundingTokenHash: Random.bytes(32), tokenExpires: today, today: today)
        let sealed = Random.bytes(MessageBox.sealedLengths[0])
        var lookups: [[UInt8]] = []
        for _ in 0..<clients {
            let token = SecureBytes.random(count: 32)
            let hash = WriterKeys.lookupHash(of: token)
            try await store.createThread(NewThread(
                lookupHash: hash, handle: Random.bytes(6).hex, clinic: clinic, channel: .self, writerKey: Random.bytes(32),
                epoch: 1, ciphertext: sealed, today: today, expires: today.adding(days: 90)))
            lookups.append(hash)
        }
        let hashes = lookups
        // Separate threads of exactly 10 messages for the reads.
        var readLookups: [[UInt8]] = []
        for _ in 0..<clients {
            let hash = WriterKeys.lookupHash(of: SecureBytes.random(count: 32))
            try await store.createThread(NewThread(
                lookupHash: hash, handle: Random.bytes(6).hex, clinic: clinic, channel: .self, writerKey: Random.bytes(32),
                epoch: 1, ciphertext: sealed, today: today, expires: today.adding(days: 90)))
            let thread = try await store.thread(lookupHash: hash)!
            for _ in 1..<10 {
                _ = try await store.append(NewMessage(thread: thread.id, author: .writer, epoch: 1, ciphertext: sealed, today: today, expires: today))
            }
            readLookups.append(hash)
        }
        let readHashes = readLookups
        // A post: find the thread, check today's count, append.
        let post = await runLoad(clients: clients, seconds: seconds) { index in
            guard let thread = try await store.thread(lookupHash: hashes[index]) else { return }
            _ = try await store.messageCount(thread: thread.id, author: .writer, on: today)
            _ = try await store.append(NewMessage(thread: thread.id, author: .writer, epoch: 1, ciphertext: sealed, today: today, expires: today.adding(days: 90)))
        }
        // A read: find the thread, fetch its 10 messages.
        let read = await runLoad(clients: clients, seconds: seconds) { index in
            guard let thread = try await store.thread(lookupHash: readHashes[index]) else { return }
            _ = try await store.messages(thread: thread.id)
        }
        return (post, read)
    }
}
