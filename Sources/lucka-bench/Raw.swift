import ArgumentParser
import Foundation
import LuckaCore
import LuckaRelay

extension LuckaBench {
    struct Raw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The raw bound: what the relay does for each request, in-process through the core library and storage, without HTTP.",
            discussion: "Same durability as the relay (synchronous=FULL, group commit). `load` runs this too and prints each HTTP figure beside it.")

        @Option(help: "Concurrent tasks.") var clients = 32
        @Option(help: "Seconds per operation.") var seconds = 5.0

        func run() async throws {
            let result = try await RawBound.measure(clients: clients, seconds: seconds)
            for operation in BenchOperation.allCases {
                result[operation]?.print("raw: " + operation.title)
            }
        }
    }
}

/// The operations both `raw` and `load` measure.
enum BenchOperation: CaseIterable {
    case create, post, read, inbox

    var name: String { "\(self)" }

    /// The operations a comma-separated list names, in their usual order.
    static func named(_ list: String) -> [BenchOperation] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return allCases.filter { names.contains($0.name) }
    }

    var title: String {
        switch self {
        case .create: "create a thread"
        case .post: "post a message"
        case .read: "read 10 messages"
        case .inbox: "staff inbox page (50)"
        }
    }
}

/// The relay's work behind each route, done directly: hash the token, then the same
/// store calls the route makes.
enum RawBound {
    static func measure(clients: Int, seconds: Double, operations: [BenchOperation] = BenchOperation.allCases) async throws -> [BenchOperation: LoadResult] {
        let folder = NSTemporaryDirectory() + "lucka-raw-" + Random.bytes(6).hex
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteRelayStore(directory: folder)
        let today = Day.today()
        // A clinic with inbox epoch 1 (random key bytes: nothing is opened here).
        let clinic = "raw"
        try await store.createClinic(slug: clinic, foundingTokenHash: Random.bytes(32), tokenExpires: today, today: today)
        try await store.addEpoch(
            clinic: clinic, inboxKey: InboxCertificate(clinic: clinic, epoch: 1, publicKey: Random.bytes(32), signature: Random.bytes(64)),
            wrappedKeys: [], today: today)
        let sealed = Random.bytes(MessageBox.sealedLengths[0])
        @Sendable func newThread(_ token: SecureBytes) -> NewThread {
            NewThread(
                lookupHash: WriterKeys.lookupHash(of: token), handle: Random.bytes(6).hex, clinic: clinic, channel: .self,
                writerKey: Random.bytes(32), epoch: 1, ciphertext: sealed, today: today, expires: today.adding(days: 90))
        }
        // One thread per client to post to, and one of exactly 10 messages per client to read.
        var postTokens: [SecureBytes] = []
        var readTokens: [SecureBytes] = []
        for _ in 0..<clients {
            let post = SecureBytes.random(count: 32)
            try await store.createThread(newThread(post))
            postTokens.append(post)
            let read = SecureBytes.random(count: 32)
            try await store.createThread(newThread(read))
            let thread = try await store.thread(lookupHash: WriterKeys.lookupHash(of: read))!
            for _ in 1..<10 {
                _ = try await store.append(
                    NewMessage(thread: thread.id, author: .writer, epoch: 1, ciphertext: sealed, today: today, expires: today.adding(days: 90)),
                    dailyLimit: .max)
            }
            readTokens.append(read)
        }
        let (posts, reads) = (postTokens, readTokens)
        var results: [BenchOperation: LoadResult] = [:]
        for operation in operations {
            switch operation {
            case .create:
                // The clinic and its current epoch, then the thread with its first message.
                results[.create] = await runLoad(clients: clients, seconds: seconds) { _ in
                    guard try await store.clinic(slug: clinic) != nil, try await store.inboxKeys(clinic: clinic).last?.epoch == 1 else { throw RawError() }
                    try await store.createThread(newThread(SecureBytes.random(count: 32)))
                }
            case .post:
                // Find the thread, then append with the epoch and daily limit checked inside.
                results[.post] = await runLoad(clients: clients, seconds: seconds) { index in
                    guard let thread = try await store.thread(lookupHash: WriterKeys.lookupHash(of: posts[index])) else { throw RawError() }
                    let outcome = try await store.append(
                        NewMessage(thread: thread.id, author: .writer, epoch: 1, ciphertext: sealed, today: today, expires: today.adding(days: 90)),
                        dailyLimit: .max)
                    guard case .stored = outcome else { throw RawError() }
                }
            case .read:
                // The thread and its 10 messages in one read.
                results[.read] = await runLoad(clients: clients, seconds: seconds) { index in
                    guard let (_, messages) = try await store.threadWithMessages(lookupHash: WriterKeys.lookupHash(of: reads[index])), messages.count == 10 else {
                        throw RawError()
                    }
                }
            case .inbox:
                // The newest 50 threads with their latest message.
                results[.inbox] = await runLoad(clients: clients, seconds: seconds) { _ in
                    _ = try await store.inbox(InboxQuery(clinic: clinic, limit: 50))
                }
            }
        }
        return results
    }
}

struct RawError: Error {}
