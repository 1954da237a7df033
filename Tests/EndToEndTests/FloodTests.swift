import AsyncHTTPClient
import Foundation
@testable import LuckaClient
import LuckaCore
import NIOCore
import Testing

/// A relay with low limits, flooded by 64 clients that post real sealed messages, open
/// threads and read as fast as they can: it stays up, stays small, answers every request
/// at once (2xx, or 429/503 with Retry-After), loses no acknowledged message, and serves
/// a normal writer again right after. 8 s by default; 60 s with LUCKA_LONG_TESTS=1.
@Suite("Live relay: flood", .serialized)
struct FloodTests {
    static let clients = 64
    static let seconds: Double = ProcessInfo.processInfo.environment["LUCKA_LONG_TESTS"] == "1" ? 60 : 8
    /// Low enough that the flood (some 300 requests a second from a debug build on two
    /// cores) is several times over every limit; the setup's 65 threads fit in the hour's.
    static let limits = [
        "LUCKA_REQUESTS_PER_SECOND": "100", "LUCKA_MAX_CONCURRENT": "8",
        "LUCKA_WRITER_MESSAGES_PER_DAY": "10", "LUCKA_NEW_THREADS_PER_HOUR": "80",
    ]
    /// Resident memory the relay may grow by under the flood. With 8 requests in flight
    /// at most, each body under 96 KiB, the working set is a few MB (bodies and their
    /// decoded copies, 64 connections' NIO buffers, SQLite's page cache); 128 MB over the
    /// idle relay leaves room for the allocator and a debug build, and still catches a
    /// leak of 1 KB per request within about 100 000 requests.
    static let rssGrowthBound = 128 * 1024

    /// A connection per client; it lives as long as the test process (like RelayClient's).
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    @Test func aFloodIsShedAndLosesNothing() async throws {
        let relay = try RelayProcess(workspace: RelayProcess.workspace(), environment: Self.limits)
        defer { relay.stop() }
        let clinic = try await LiveClinic.found(on: relay)
        let verified = try await WriterConversation.verifiedClinic(
            relay: relay.client, slug: clinic.slug, pin: clinic.fingerprint)
        let flood = Flood(url: relay.url, http: Self.http, clinic: verified)

        // One thread per client, and one for the writer who comes after the flood.
        var writers: [WriterKeys] = []
        for _ in 0...Self.clients {
            let keys = try WriterKeys(code: ConversationCode.generate())
            let created = try await flood.untilAnswered { try await flood.create(keys) }
            try #require(created.status == 201, "setting up a writer: \(created.status)")
            writers.append(keys)
        }
        let latecomer = writers.removeLast()

        let pid = relay.process.processIdentifier
        let baseline = residentKilobytes(pid) ?? 0
        let sampler = RSSSampler(pid: pid)
        let sampling = Task { await sampler.run() }

        let started = Date()
        let deadline = started.addingTimeInterval(Self.seconds)
        await withTaskGroup(of: Void.self) { group in
            for (index, keys) in writers.enumerated() {
                group.addTask { await flood.client(index, keys, until: deadline) }
            }
        }
        let ended = Date()

        // A writer who had nothing to do with the flood is served again, and how soon.
        var recovered: Double?
        while recovered == nil, Date().timeIntervalSince(ended) < 30 {
            let answer = try await flood.post(latecomer, writer: -1)
            if (200..<300).contains(answer.status) {
                recovered = Date().timeIntervalSince(ended)
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        sampler.stop()
        await sampling.value

        #expect(relay.process.isRunning, "the relay died under the flood")
        let tally = flood.tally
        #expect(tally.unexpected.isEmpty, "answers other than 2xx, 429 or 503 with Retry-After: \(tally.unexpected.prefix(10))")
        #expect(tally.timeouts == 0, "\(tally.timeouts) requests timed out")
        #expect(tally.ok > 0 && tally.shed > 0, "the flood should see both successes and 503s: \(tally)")
        #expect(recovered != nil, "a normal writer was not served within 30 s of the flood")
        #expect(sampler.maximum - baseline < Self.rssGrowthBound, "RSS grew from \(baseline) kB to \(sampler.maximum) kB")

        // Every acknowledged message and thread is there to read.
        var lost = 0
        for (index, keys) in writers.enumerated() {
            lost += try await flood.missing(flood.acknowledged.messages(writer: index), keys: keys)
        }
        for (keys, ciphertext) in flood.createdThreads {
            lost += try await flood.missing([(1, ciphertext)], keys: keys)
        }
        #expect(lost == 0, "\(lost) acknowledged messages are missing")
        relay.stop()
        let check = try run("lucka-relay", ["check", "--data-dir", relay.dataDirectory])
        #expect(check.output.contains("integrity: ok"))

        let summary =
            "flood summary: \(Int(Self.seconds)) s, \(Self.clients) clients, limits rps=\(Self.limits["LUCKA_REQUESTS_PER_SECOND"]!) "
            + "concurrent=\(Self.limits["LUCKA_MAX_CONCURRENT"]!) — requests \(tally.total), 2xx \(tally.ok), 429 \(tally.limited), 503 \(tally.shed), "
            + "other \(tally.unexpected.count), timeouts \(tally.timeouts), acknowledged \(flood.acknowledged.count + flood.createdThreads.count), "
            + "acknowledged lost \(lost), max RSS \(sampler.maximum / 1024) MB (idle \(baseline / 1024) MB), "
            + "recovery \(recovered.map { String(format: "%.2f", $0) } ?? "none") s"
        print(summary)
    }
}
