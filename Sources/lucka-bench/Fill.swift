import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore
import LuckaRelay

extension LuckaBench {
    struct Fill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill a relay data folder quickly through the storage layer, for the scale benchmarks.",
            discussion: """
                One clinic (`bench`) founded the normal way, threads over the last 90 days with messages of \
                real sealed sizes (random bytes: benchmark data, no people). Keeps the lookup tokens and \
                writer keys of some threads (each of exactly 10 messages) in DIR/\(BenchFill.tokenFile) \
                (0600). Run it again on the same folder to add more.
                """)

        @Option(name: .customLong("data-dir"), help: "The data folder to fill (created if missing).") var dataDirectory: String
        @Option(help: "Threads to add.") var threads = 1_000_000
        @Option(help: "Messages to add (default 5 per thread).") var messages: Int?
        @Option(help: "Threads whose tokens are kept (at most threads/10).") var tokens = 10_000
        @Option(help: "Further threads already past their expiry day, with 5 messages on average, for `sweep`.") var expired = 0

        func validate() throws {
            guard threads >= 0, expired >= 0, tokens >= 0, threads + expired > 0 else { throw ValidationError("give some threads to add") }
            guard (messages ?? threads * 5) >= threads else { throw ValidationError("every thread needs a message: --messages must be at least --threads") }
        }

        func run() async throws {
            print("lucka-bench fill: \(threads) threads, \(messages ?? threads * 5) messages, \(expired) expired threads into \(dataDirectory)")
            let result = try await BenchFill.fill(
                dataDirectory: dataDirectory, threads: threads, messages: messages ?? threads * 5, tokens: min(tokens, threads / 10), expired: expired)
            print("tokens of \(result.tokens.count) threads appended to \(dataDirectory)/\(BenchFill.tokenFile)")
        }
    }
}

/// A thread the benchmarks can use: its lookup token and writer key.
struct BenchToken: Sendable {
    var token: [UInt8]
    var writerKey: [UInt8]
}

/// Filling data folders with benchmark threads through `SQLiteRelayStore.fill`.
enum BenchFill {
    static let clinic = "bench"
    static let tokenFile = "bench-tokens"
    static let batchSize = 10_000
    /// Days a thread lives after its last message (the relay's default).
    static let retentionDays = 90

    struct Result {
        var tokens: [BenchToken]
        var epoch: UInt32
    }

    /// Adds `expired` threads past their expiry, then `threads` live threads holding
    /// `messages` messages in all; every (threads/tokens)-th live thread has exactly 10
    /// messages and its token is kept. Prints progress, rates and the folder's size.
    static func fill(dataDirectory: String, threads: Int, messages: Int, tokens: Int, expired: Int) async throws -> Result {
        let store = try SQLiteRelayStore(directory: dataDirectory)
        if try await store.clinic(slug: clinic) == nil { try await foundClinic(dataDirectory: dataDirectory) }
        guard let epoch = try await store.inboxKeys(clinic: clinic).last?.epoch else { throw ValidationError("the clinic \(clinic) has no inbox key") }

        var plan = FillPlan(threads: threads, messages: messages, tokens: tokens, expired: expired)
        let started = ContinuousClock.now
        var lastReport = started
        var (doneThreads, doneMessages) = (0, 0)
        var kept: [BenchToken] = []
        var next = plan.nextBatch(size: batchSize)
        while !next.threads.isEmpty {
            let batch = next
            // Make the next batch while this one is written.
            async let writing: Void = store.fill(clinic: clinic, epoch: epoch, threads: batch.threads)
            next = plan.nextBatch(size: batchSize)
            try await writing
            doneThreads += batch.threads.count
            doneMessages += batch.threads.reduce(0) { $0 + $1.messages.count }
            kept += batch.tokens
            if elapsedSeconds(since: lastReport) >= 5 || next.threads.isEmpty {
                lastReport = .now
                let elapsed = elapsedSeconds(since: started)
                print(String(format: "  %9d threads %10d messages  %6.1f s  %7.0f threads/s %8.0f messages/s",
                             doneThreads, doneMessages, elapsed, Double(doneThreads) / elapsed, Double(doneMessages) / elapsed))
            }
        }
        let writing = elapsedSeconds(since: started)
        try await store.finishFill()
        try appendTokens(kept, dataDirectory: dataDirectory)
        let total = elapsedSeconds(since: started)
        let database = (try? FileManager.default.attributesOfItem(atPath: dataDirectory + "/" + SQLiteRelayStore.fileName)[.size] as? Int) ?? 0
        print(String(format: "filled %d threads, %d messages in %.1f s (%.1f s writing, %.1f s checkpoint): %.0f threads/s, %.0f messages/s",
                     doneThreads, doneMessages, total, writing, total - writing, Double(doneThreads) / total, Double(doneMessages) / total))
        print(String(format: "database %.2f GB, data folder %.2f GB", Double(database) / 1e9, Double(folderBytes(dataDirectory)) / 1e9))
        return Result(tokens: kept, epoch: epoch)
    }

    /// Founds the clinic as an operator and its first admin would: `lucka-relay clinic
    /// create`, then enrolment over HTTP against a relay on the folder.
    static func foundClinic(dataDirectory: String) async throws {
        let relay = try BenchRelay(existingDataDirectory: dataDirectory)
        defer { relay.stop() }
        let http = benchHTTPClient(connections: 1)
        do {
            _ = try await relay.foundClinic(slug: clinic, client: RelayClient(baseURL: relay.url, http: http))
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    /// One line per thread: base64 lookup token, space, base64 writer key.
    static func appendTokens(_ tokens: [BenchToken], dataDirectory: String) throws {
        let fd = open(dataDirectory + "/" + tokenFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ValidationError("cannot write \(dataDirectory)/\(tokenFile)") }
        let file = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let text = tokens.map { Data($0.token).base64EncodedString() + " " + Data($0.writerKey).base64EncodedString() + "\n" }.joined()
        try file.write(contentsOf: Data(text.utf8))
    }

    static func readTokens(dataDirectory: String) throws -> [BenchToken] {
        guard let text = try? String(contentsOfFile: dataDirectory + "/" + tokenFile, encoding: .utf8) else {
            throw ValidationError("no \(tokenFile) in \(dataDirectory): fill it first with `lucka-bench fill`")
        }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let token = Data(base64Encoded: String(parts[0])), let key = Data(base64Encoded: String(parts[1])) else { return nil }
            return BenchToken(token: Array(token), writerKey: Array(key))
        }
    }
}

/// What the threads look like: which are expired, which keep their token, how many
/// messages, which days, which sizes. Choices come from a fast seeded generator (they are
/// not secrets); keys and tokens from the system's random source.
struct FillPlan {
    struct Batch {
        var threads: [FillThread] = []
        var tokens: [BenchToken] = []
    }

    let threads: Int
    let expired: Int
    let tokenEvery: Int
    /// Messages per ordinary live thread, on average.
    let average: Double
    let today = Day.today()
    var made = 0
    var random = SplitMix64(seed: UInt64(Date().timeIntervalSince1970 * 1000))
    /// Sealed-size random bytes to pick from, per bucket.
    let pool: [[[UInt8]]] = MessageBox.sealedLengths.map { length in (0..<64).map { _ in Random.bytes(length) } }

    init(threads: Int, messages: Int, tokens: Int, expired: Int) {
        self.threads = threads
        self.expired = expired
        tokenEvery = tokens > 0 ? max(1, threads / tokens) : .max
        let ordinary = threads - (tokens > 0 ? threads / tokenEvery : 0)
        average = ordinary > 0 ? max(1, Double(messages - (threads - ordinary) * 10) / Double(ordinary)) : 1
    }

    mutating func nextBatch(size: Int) -> Batch {
        let count = min(size, expired + threads - made)
        var batch = Batch()
        guard count > 0 else { return batch }
        let keys = Random.bytes(64 * count)
        for index in 0..<count {
            let number = made + index
            let hash = Array(keys[(64 * index)..<(64 * index + 32)])
            let writerKey = Array(keys[(64 * index + 32)..<(64 * index + 64)])
            if number < expired {
                batch.threads.append(thread(hash: hash, writerKey: writerKey, messages: messageCount(average: 5), lastDaysAgo: 91 + random.below(60), bucketed: true))
            } else if (number - expired) % tokenEvery == tokenEvery - 1 {
                // A kept thread: its real token, and exactly 10 small messages to read.
                let token = Random.bytes(32)
                let lookupHash = WriterKeys.lookupHash(of: SecureBytes(copying: token))
                batch.threads.append(thread(hash: lookupHash, writerKey: writerKey, messages: 10, lastDaysAgo: random.below(90), bucketed: false))
                batch.tokens.append(BenchToken(token: token, writerKey: writerKey))
            } else {
                batch.threads.append(thread(hash: hash, writerKey: writerKey, messages: messageCount(average: average), lastDaysAgo: random.below(90), bucketed: true))
            }
        }
        made += count
        return batch
    }

    /// 1 to 2×average−1, evenly: `average` on the whole.
    mutating func messageCount(average: Double) -> Int {
        1 + Int((Double(random.below(1 << 20)) / Double(1 << 20) * 2 * (average - 1)).rounded())
    }

    mutating func thread(hash: [UInt8], writerKey: [UInt8], messages count: Int, lastDaysAgo: Int, bucketed: Bool) -> FillThread {
        let last = today.adding(days: -lastDaysAgo)
        let created = count == 1 ? last : last.adding(days: -random.below(31))
        var days = (1..<count).map { _ in created.adding(days: random.below(last.number - created.number + 1)) }.sorted()
        days.insert(created, at: 0)
        if count > 1 { days[count - 1] = last }
        let messages = days.enumerated().map { index, day in
            // The writer opens; then either side, about evenly.
            FillMessage(author: index == 0 || random.below(2) == 0 ? .writer : .clinic, date: day, ciphertext: ciphertext(bucketed: bucketed))
        }
        let channel: Channel = switch random.below(10) { case 0: .professional; case 1, 2: .relative; default: .self }
        return FillThread(lookupHash: hash, channel: channel, writerKey: writerKey, expires: days[count - 1].adding(days: BenchFill.retentionDays),
                          closed: random.below(10) == 0, messages: messages)
    }

    /// Mostly the 1 KiB bucket; 4 % 4 KiB, 0.8 % 16 KiB, 0.2 % 32 KiB.
    mutating func ciphertext(bucketed: Bool) -> [UInt8] {
        let roll = bucketed ? random.below(1000) : 0
        let bucket = roll < 950 ? 0 : roll < 990 ? 1 : roll < 998 ? 2 : 3
        return pool[bucket][random.below(pool[bucket].count)]
    }
}

/// A small fast generator for the shape of benchmark data (never for keys).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

func elapsedSeconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
