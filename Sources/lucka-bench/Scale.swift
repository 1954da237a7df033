import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore
import LuckaRelay

extension LuckaBench {
    struct Scale: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post and read latencies, start-up time and memory of a relay holding few threads, then many.",
            discussion: """
                Fills one data folder (see `fill`) to --small threads, measures a relay started on it, \
                grows it to --large threads and measures again; prints the ratios. Requests go to random \
                threads among the kept ones, spread over the whole folder.
                """)

        @Option(help: "Threads in the first measurement.") var small = 10_000
        @Option(help: "Threads in the second measurement.") var large = 1_000_000
        @Option(help: "Messages per thread, on average.") var messagesPerThread = 5
        @Option(help: "Concurrent clients.") var clients = 32
        @Option(help: "Seconds per operation.") var seconds = 10.0
        @Option(help: "Also measure the storage work in-process (no HTTP).") var raw = true
        @Option(name: .customLong("data-dir"), help: "A new folder to fill and keep (e.g. for `sweep`); default: a temporary one, deleted.")
        var dataDirectory: String?

        func validate() throws {
            guard small >= 10, large > small else { throw ValidationError("need 10 <= --small < --large") }
            guard messagesPerThread >= 1, clients >= 2, seconds > 0 else { throw ValidationError("need --messages-per-thread >= 1, --clients >= 2, --seconds > 0") }
            if let dataDirectory, FileManager.default.fileExists(atPath: dataDirectory) {
                throw ValidationError("\(dataDirectory) exists: give a new folder")
            }
        }

        func run() async throws {
            let folder = dataDirectory ?? NSTemporaryDirectory() + "lucka-scale-" + Random.bytes(6).hex
            defer { if dataDirectory == nil { try? FileManager.default.removeItem(atPath: folder) } }
            print("lucka-bench scale: \(small) then \(large) threads, \(messagesPerThread) messages per thread, \(clients) clients, \(seconds) s per operation")

            let first = try await BenchFill.fill(
                dataDirectory: folder, threads: small, messages: small * messagesPerThread, tokens: min(10_000, small / 10), expired: 0)
            let few = try await measure(folder: folder, threads: small, fill: first)
            let added = large - small
            let second = try await BenchFill.fill(
                dataDirectory: folder, threads: added, messages: added * messagesPerThread, tokens: min(10_000, added / 10), expired: 0)
            let many = try await measure(folder: folder, threads: large, fill: second)

            print("\n\(large) vs \(small) threads:")
            func ratio(_ name: String, _ a: Double, _ b: Double) { print("  " + name.padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: "%6.2f×", a / b)) }
            for (name, a, b) in [("post", many.post, few.post), ("read 10", many.read, few.read), ("raw post", many.rawPost, few.rawPost),
                                 ("raw read 10", many.rawRead, few.rawRead)] {
                guard let a, let b else { continue }
                ratio(name + " throughput", a.throughput, b.throughput)
                ratio(name + " p50", a.percentile(0.5), b.percentile(0.5))
                ratio(name + " p99", a.percentile(0.99), b.percentile(0.99))
                ratio(name + " p99.9", a.percentile(0.999), b.percentile(0.999))
            }
            ratio("serve start-up time", many.startup, few.startup)
            ratio("RSS at rest", many.restingMiB, few.restingMiB)
            if dataDirectory != nil { print("kept \(folder)") }
        }

        struct Figures {
            var startup = 0.0
            var restingMiB = 0.0
            var post: LoadResult?
            var read: LoadResult?
            var rawPost: LoadResult?
            var rawRead: LoadResult?
        }

        /// A relay on the folder: start-up, memory, then posts and reads of 10 over HTTP;
        /// then the same storage work in-process.
        func measure(folder: String, threads: Int, fill: BenchFill.Result) async throws -> Figures {
            // Even tokens are read (their threads keep exactly 10 messages), odd ones posted to.
            let reads = stride(from: 0, to: fill.tokens.count, by: 2).map { fill.tokens[$0] }
            let posts = stride(from: 1, to: fill.tokens.count, by: 2).map { fill.tokens[$0] }
            let sealed = Random.bytes(MessageBox.sealedLengths[0])
            let epoch = fill.epoch
            var figures = Figures()

            print("\n== \(threads) threads ==")
            let relay = try BenchRelay(existingDataDirectory: folder)
            defer { relay.stop() }
            figures.startup = relay.startupSeconds
            // A large database is checked (quick_check) in the background after start-up: measure after it.
            let busy = try await waitUntilIdle(pid: relay.pid)
            figures.restingMiB = residentMiB(pid: relay.pid)
            print(String(format: "serve start-up %.2f s (spawn to \"serving on\"), then busy %.1f s (background integrity check), RSS at rest %.1f MiB",
                         figures.startup, busy, figures.restingMiB))

            let http = benchHTTPClient(connections: clients)
            let client = RelayClient(baseURL: relay.url, http: http)
            // Open the connections first, so that the figures hold requests only.
            _ = await runLoad(clients: clients, seconds: 1) { _ in _ = try await client.readThread(lookupToken: reads.randomElement()!.token) }
            let post = await runLoad(clients: clients, seconds: seconds) { _ in
                let thread = posts.randomElement()!
                _ = try await client.postMessage(PostMessageRequest(lookupToken: thread.token, writerKey: thread.writerKey, epoch: epoch, message: sealed))
            }
            post.print("HTTP: post a message")
            let read = await runLoad(clients: clients, seconds: seconds) { _ in
                let thread = try await client.readThread(lookupToken: reads.randomElement()!.token)
                guard thread.messages.count == 10 else { throw ScaleError() }
            }
            read.print("HTTP: read 10 messages")
            print(String(format: "relay RSS after load %.1f MiB", residentMiB(pid: relay.pid)))
            try await http.shutdown()
            relay.stop()
            figures.post = post
            figures.read = read

            if raw {
                let store = try SQLiteRelayStore(directory: folder)
                let readHashes = reads.map { WriterKeys.lookupHash(of: SecureBytes(copying: $0.token)) }
                let postHashes = posts.map { WriterKeys.lookupHash(of: SecureBytes(copying: $0.token)) }
                let today = Day.today()
                let rawPost = await runLoad(clients: clients, seconds: seconds) { _ in
                    guard let thread = try await store.thread(lookupHash: postHashes.randomElement()!) else { throw ScaleError() }
                    _ = try await store.append(
                        NewMessage(thread: thread.id, author: .writer, epoch: epoch, ciphertext: sealed, today: today, expires: today.adding(days: BenchFill.retentionDays)),
                        dailyLimit: .max)
                }
                rawPost.print("raw: post a message")
                let rawRead = await runLoad(clients: clients, seconds: seconds) { _ in
                    guard let (_, messages) = try await store.threadWithMessages(lookupHash: readHashes.randomElement()!), messages.count == 10 else { throw ScaleError() }
                }
                rawRead.print("raw: read 10 messages")
                figures.rawPost = rawPost
                figures.rawRead = rawRead
            }
            return figures
        }
    }
}

struct ScaleError: Error {}

/// Waits until the process has used under 5 % of a core for a second; returns the seconds waited.
func waitUntilIdle(pid: Int32, limit: Double = 600) async throws -> Double {
    let started = ContinuousClock.now
    var last = cpuSeconds(pid: pid)
    while elapsedSeconds(since: started) < limit {
        try await Task.sleep(for: .seconds(1))
        let now = cpuSeconds(pid: pid)
        if now - last < 0.05 { break }
        last = now
    }
    return elapsedSeconds(since: started) - 1
}

/// User and system CPU seconds of a process, from /proc (clock ticks of 1/100 s).
func cpuSeconds(pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let end = stat.lastIndex(of: ")") else { return 0 }
    // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
    let fields = stat[stat.index(after: end)...].split(separator: " ")
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / 100
}
