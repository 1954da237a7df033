import ArgumentParser
import Foundation
import Spawn
import LuckaClient
import LuckaCore
import LuckaRelay

extension LuckaBench {
    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Request latencies while a large expiry sweep runs, against before it.",
            discussion: """
                Starts a relay on a filled folder, adds --expired threads past their expiry, measures a \
                steady load of posts and reads, then runs `lucka-relay sweep` on the same folder (as an \
                operator's cron would; `serve` itself sweeps only at start-up and daily) under the same \
                load, and prints both with the sweep's duration.
                """)

        @Option(name: .customLong("data-dir"), help: "A folder filled by `fill` or `scale --data-dir`; default: a new temporary one of --threads threads.")
        var dataDirectory: String?
        @Option(help: "Threads of the temporary folder.") var threads = 200_000
        @Option(help: "Expired threads to sweep (5 messages each on average).") var expired = 100_000
        @Option(help: "Concurrent clients, half posting, half reading.") var clients = 8
        @Option(help: "Requests per second in all (a steady load, below the relay's capacity).") var rate = 200.0
        @Option(help: "Seconds of load before the sweep.") var seconds = 10.0

        func validate() throws {
            guard expired > 0, threads >= 10, clients >= 2, rate > 0, seconds > 0 else {
                throw ValidationError("need --expired > 0, --threads >= 10, --clients >= 2, --rate > 0, --seconds > 0")
            }
        }

        func run() async throws {
            let folder = dataDirectory ?? NSTemporaryDirectory() + "lucka-sweep-" + Random.bytes(6).hex
            defer { if dataDirectory == nil { try? FileManager.default.removeItem(atPath: folder) } }
            print("lucka-bench sweep: \(expired) expired threads, \(clients) clients at \(Int(rate)) requests/s")
            if dataDirectory == nil {
                _ = try await BenchFill.fill(dataDirectory: folder, threads: threads, messages: threads * 5, tokens: min(10_000, threads / 10), expired: 0)
            }
            let tokens = try BenchFill.readTokens(dataDirectory: folder)
            guard tokens.count >= 2 else { throw ValidationError("\(folder)/\(BenchFill.tokenFile) holds too few tokens") }

            // The relay sweeps at start-up, so the expired threads come after it has started.
            let relay = try BenchRelay(existingDataDirectory: folder)
            defer { relay.stop() }
            // Let a background integrity check of a large database finish (its read snapshot holds the WAL).
            _ = try await waitUntilIdle(pid: relay.pid)
            let epoch = try await BenchFill.fill(dataDirectory: folder, threads: 0, messages: 0, tokens: 0, expired: expired).epoch
            let http = benchHTTPClient(connections: clients)
            let load = SteadyLoad(client: RelayClient(baseURL: relay.url, http: http), tokens: tokens, epoch: epoch, clients: clients, rate: rate)
            _ = await load.run(until: .now + .seconds(1))

            let before = await load.run(until: .now + .milliseconds(Int(seconds * 1000)))
            print("\nbefore the sweep:")
            before.post.printWithMax("HTTP: post a message")
            before.read.printWithMax("HTTP: read 10 messages")

            let sweep = try SweepProcess(relay: relay)
            let during = await load.run(until: nil, stop: sweep)
            print("\nduring the sweep:")
            during.post.printWithMax("HTTP: post a message")
            during.read.printWithMax("HTTP: read 10 messages")
            print(String(format: "sweep: %@ in %.1f s, %.0f threads/s (process wall time: open, quick_check, delete, checkpoint)",
                         sweep.output as NSString, sweep.seconds, Double(expired) / sweep.seconds))
            let idle = try SweepProcess(relay: relay)
            await idle.wait()
            print(String(format: "the same command with nothing to delete: %.2f s (%@)", idle.seconds, idle.output as NSString))
            print(String(format: "ratio during/before: post p99 %.2f×, read p99 %.2f×",
                         during.post.percentile(0.99) / before.post.percentile(0.99), during.read.percentile(0.99) / before.read.percentile(0.99)))
            try await http.shutdown()
        }
    }
}

/// `lucka-relay sweep` on the relay's data folder, in its own process.
final class SweepProcess: Sendable {
    private struct State {
        var finished = false
        var seconds = 0.0
        var output = ""
    }

    private let state = Locked(State())

    init(relay: BenchRelay) throws {
        let process = ChildProcess()
        let pipe = Pipe()
        process.executableURL = relay.process.executableURL
        process.arguments = ["sweep", "--data-dir", relay.dataDirectory]
        process.standardOutput = pipe
        let started = ContinuousClock.now
        // Runs on a thread of its own when the process exits; its output is one short line.
        process.terminationHandler = { [self] process in
            let seconds = elapsedSeconds(since: started)
            var output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if process.terminationStatus != 0 { output += " (exit status \(process.terminationStatus))" }
            self.state.withLock { $0 = State(finished: true, seconds: seconds, output: output) }
        }
        try process.run()
    }

    var isFinished: Bool { state.withLock { $0.finished } }
    var seconds: Double { state.withLock { $0.seconds } }
    var output: String { state.withLock { $0.output } }

    func wait() async {
        while !isFinished { try? await Task.sleep(for: .milliseconds(20)) }
    }
}

/// Posts and reads at a steady rate: each client sends on its own schedule and waits for
/// the answer; half the clients post, half read threads of 10 messages.
struct SteadyLoad {
    let client: RelayClient
    let tokens: [BenchToken]
    let epoch: UInt32
    let clients: Int
    let rate: Double

    /// Runs until `deadline`, or until `stop` has exited (then waits for it).
    func run(until deadline: ContinuousClock.Instant?, stop: SweepProcess? = nil) async -> (post: LoadResult, read: LoadResult) {
        let reads = stride(from: 0, to: tokens.count, by: 2).map { tokens[$0] }
        let posts = stride(from: 1, to: tokens.count, by: 2).map { tokens[$0] }
        let sealed = Random.bytes(MessageBox.sealedLengths[0])
        let interval = Duration.milliseconds(Int(1000 * Double(clients) / rate))
        let (client, epoch, clients) = (client, epoch, clients)
        let started = ContinuousClock.now
        let parts = await withTaskGroup(of: (Bool, [Double], [String: Int]).self) { group in
            for index in 0..<clients {
                group.addTask {
                    let posting = index % 2 == 1
                    var (latencies, errors) = ([Double](), [String: Int]())
                    var next = started + interval * Double(index) / Double(clients)
                    while stop?.isFinished != true, deadline.map({ ContinuousClock.now < $0 }) ?? true {
                        try? await Task.sleep(until: next)
                        next += interval
                        let start = ContinuousClock.now
                        do {
                            if posting {
                                let thread = posts.randomElement()!
                                _ = try await client.postMessage(PostMessageRequest(lookupToken: thread.token, writerKey: thread.writerKey, epoch: epoch, message: sealed))
                            } else {
                                guard try await client.readThread(lookupToken: reads.randomElement()!.token).messages.count == 10 else { throw ScaleError() }
                            }
                            latencies.append(elapsedSeconds(since: start))
                        } catch let error as ClientError {
                            errors[error.apiError ?? "\(error.kind)", default: 0] += 1
                        } catch {
                            errors["\(type(of: error))", default: 0] += 1
                        }
                    }
                    return (posting, latencies, errors)
                }
            }
            return await group.reduce(into: [(Bool, [Double], [String: Int])]()) { $0.append($1) }
        }
        await stop?.wait()
        let elapsed = elapsedSeconds(since: started)
        var post = LoadResult(latencies: [], errors: [:], seconds: elapsed)
        var read = post
        for (posting, latencies, errors) in parts {
            if posting { post.add(latencies, errors) } else { read.add(latencies, errors) }
        }
        return (post, read)
    }
}

extension LoadResult {
    mutating func add(_ more: [Double], _ moreErrors: [String: Int]) {
        latencies += more
        for (key, count) in moreErrors { errors[key, default: 0] += count }
    }

    func printWithMax(_ name: String) {
        print(name)
        Swift.print(String(format: "  max %.2f ms", (latencies.max() ?? .nan) * 1000))
    }
}
