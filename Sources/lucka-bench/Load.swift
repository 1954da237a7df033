import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore
import LuckaRelay

extension LuckaBench {
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Real requests with real sealed messages against a relay it starts on loopback, beside the raw bound.",
            discussion: """
                Measures the raw bound first (the same work in-process, see `raw`), then starts the relay and sends \
                each operation from --clients connections for --seconds: create a thread, post a message, read a \
                thread of 10 messages, a staff inbox page. Prints throughput, p50/p99/p99.9 latency, errors and the \
                ratio to the raw bound; relay start-up time, RSS at rest and under load, and data-folder bytes per message.
                """)

        @Option(help: "Concurrent clients (one connection each).") var clients = 32
        @Option(help: "Seconds per operation.") var seconds = 5.0
        @Option(help: "Threads to create before measuring, so the data set is not tiny.") var threads = 1000
        @Option(help: "Operations to measure, comma-separated: create, post, read, inbox.") var only = "create,post,read,inbox"

        var operations: [BenchOperation] { BenchOperation.named(only) }

        func run() async throws {
            let raw = try await RawBound.measure(clients: clients, seconds: seconds, operations: operations)
            let spawned = ContinuousClock.now
            let relay = try BenchRelay()
            let startup = ContinuousClock.now - spawned
            defer { relay.stop() }
            let http = benchHTTPClient(connections: clients)
            do {
                try await measure(relay: relay, client: RelayClient(baseURL: relay.url, http: http), startup: startup, raw: raw)
            } catch {
                try? await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }

        func measure(relay: BenchRelay, client: RelayClient, startup: Duration, raw: [BenchOperation: LoadResult]) async throws {
            let admin = try await relay.foundClinic(slug: "bench", client: client)
            let fixture = try await LoadFixture.prepare(client: client, admin: admin, clients: clients, threads: threads, creates: Int(seconds * Double(clients) * 250))
            print(String(format: "lucka-bench load: %d clients, %.0f s per operation; relay start-up %.0f ms, RSS at rest %.1f MiB",
                         clients, seconds, startup.milliseconds, residentMiB(pid: relay.pid)))

            let peak = PeakSampler(pid: relay.pid)
            let results = try runOperations(operations, ports: [relay.port()], fixture: fixture, admin: admin, clients: clients, seconds: seconds) { operation, result in
                result.print(operation.title, beside: raw[operation])
            }
            let stored = fixture.storedMessages + (results[.create]?.latencies.count ?? 0) + (results[.post]?.latencies.count ?? 0)
            print(String(format: "relay RSS peak under load %.1f MiB; data folder %.0f bytes per message (%d messages)",
                         peak.stop(), Double(folderBytes(relay.dataDirectory)) / Double(stored), stored))
        }
    }
}

/// Runs each operation from `clients` connections for `seconds`, spread over the relays
/// listening on `ports`; `done` sees each result as it comes.
func runOperations(
    _ operations: [BenchOperation], ports: [Int], fixture: LoadFixture, admin: StaffSession, clients: Int, seconds: Double,
    done: (BenchOperation, LoadResult) -> Void = { _, _ in }
) throws -> [BenchOperation: LoadResult] {
    var results: [BenchOperation: LoadResult] = [:]
    for operation in operations {
        let result: LoadResult
        switch operation {
        case .create:
            let requests = fixture.creates
            result = runSocketLoad(ports: ports, clients: clients, seconds: seconds, expected: 201) { client, iteration in
                let index = client + iteration * clients
                return index < requests.count ? requests[index] : nil
            }
        case .post:
            let requests = fixture.posts
            result = runSocketLoad(ports: ports, clients: clients, seconds: seconds, expected: 201) { client, _ in requests[client] }
        case .read:
            let requests = fixture.reads
            result = runSocketLoad(ports: ports, clients: clients, seconds: seconds, expected: 200) { client, _ in requests[client] }
        case .inbox:
            let signing = admin.keys.signing
            result = runSocketLoad(ports: ports, clients: clients, seconds: seconds, expected: 200) { _, _ in
                let path = "/v1/staff/inbox?limit=50"
                guard let signature = try? SignedRequest.sign(method: "GET", path: path, body: [], with: signing) else { return nil }
                return LoopbackConnection.request("GET", path, headers: signature.headers)
            }
        }
        results[operation] = result
        done(operation, result)
    }
    return results
}

/// Requests prepared before the clock starts, so the load generator spends its share of
/// the CPU on sending, not on sealing.
struct LoadFixture {
    var creates: [[UInt8]] = []
    var posts: [[UInt8]] = []
    var reads: [[UInt8]] = []
    var storedMessages = 0

    static func prepare(client: RelayClient, admin: StaffSession, clients: Int, threads: Int, creates: Int) async throws -> LoadFixture {
        var fixture = LoadFixture()
        let encoder = JSONEncoder()
        var verified: VerifiedClinic?
        // Filler threads, then per client one thread to post to and one of 10 messages to read.
        for index in 0..<max(threads, clients) {
            let writer = try await WriterConversation.start(relay: client, clinic: "bench", channel: .self, text: "hej \(index)", pin: admin.pin).conversation
            fixture.storedMessages += 1
            verified = writer.clinic
            guard index < clients else { continue }
            let sealed = try WriterConversation.seal(text: String(repeating: "x", count: 400), previous: nil, keys: writer.keys, to: writer.clinic.current.publicKey)
            let post = PostMessageRequest(
                lookupToken: writer.keys.lookupToken.copyBytes(), writerKey: writer.keys.boxKeyPair.publicKey, epoch: writer.clinic.current.epoch, message: sealed)
            fixture.posts.append(LoopbackConnection.request("POST", "/v1/threads/messages", body: Array(try encoder.encode(post))))
        }
        for index in 0..<clients {
            let reader = try await WriterConversation.start(relay: client, clinic: "bench", channel: .self, text: "läs \(index)", pin: admin.pin).conversation
            for n in 1..<10 { _ = try await reader.reply("meddelande \(n)") }
            fixture.storedMessages += 10
            let read = ThreadAccessRequest(lookupToken: reader.keys.lookupToken.copyBytes())
            fixture.reads.append(LoopbackConnection.request("POST", "/v1/threads/read", body: Array(try encoder.encode(read))))
        }
        // New conversations, each with its own code, keys and sealed first message.
        guard let clinic = verified else { throw ValidationError("no conversation was opened") }
        fixture.creates = try sealedCreates(count: creates, inbox: clinic.current.publicKey, epoch: clinic.current.epoch)
        return fixture
    }

    /// Derives and seals on both cores at once.
    static func sealedCreates(count: Int, inbox: [UInt8], epoch: UInt32) throws -> [[UInt8]] {
        let parts = 2
        let results = Locked([[[UInt8]]](repeating: [], count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let encoder = JSONEncoder()
            var requests: [[UInt8]] = []
            for _ in stride(from: part, to: count, by: parts) {
                guard let keys = try? WriterKeys(code: ConversationCode.generate()),
                      let sealed = try? WriterConversation.seal(text: "Hej, jag vill prata med någon.", previous: nil, keys: keys, to: inbox),
                      let body = try? encoder.encode(CreateThreadRequest(
                          clinic: "bench", channel: .self, writerKey: keys.boxKeyPair.publicKey, lookupToken: keys.lookupToken.copyBytes(),
                          epoch: epoch, message: sealed))
                else { continue }
                requests.append(LoopbackConnection.request("POST", "/v1/threads", body: Array(body)))
            }
            results.withLock { $0[part] = requests }
        }
        return results.withLock { $0.flatMap { $0 } }
    }
}

/// Samples a process's resident memory every 100 ms and keeps the highest.
final class PeakSampler: Sendable {
    private let state = Locked((peak: 0.0, running: true))

    init(pid: Int32) {
        Thread.detachNewThread { [state] in
            while state.withLock({ $0.running }) {
                let resident = residentMiB(pid: pid)
                state.withLock { $0.peak = max($0.peak, resident) }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    /// Stops sampling; the highest value seen, in MiB.
    func stop() -> Double {
        state.withLock { state in
            state.running = false
            return state.peak
        }
    }
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
