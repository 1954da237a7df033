import Foundation
import LuckaCore
@testable import LuckaRelay
import NIOCore
import Testing

/// Issue 20, finding 1: many cheap sources against the clinic's backstops. The backstops
/// are kept per arrival path, refuse only new conversations, and keep a part for sources
/// that have started none this hour; IPv6 sources are also counted by /56 and /48.
@Suite("Clinic backstops against many sources")
struct BackstopTests {
    static func budgets(clinicThreads: Int = 10, clinicBytes: Int = 1 << 30, sourceThreads: Int = 6) -> SourceBudgets {
        var configuration = RelayConfiguration()
        configuration.newThreadsPerClinicPerHour = clinicThreads
        configuration.storageBytesPerClinicPerDay = clinicBytes
        configuration.newThreadsPerSourcePerHour = sourceThreads
        return SourceBudgets(configuration)
    }

    static func ipv4(_ n: Int) -> RequestSource { .address([10, 0, UInt8(n >> 8), UInt8(n & 255)]) }

    static func ipv6(_ address: String) throws -> RequestSource { RequestSource(try SocketAddress(ipAddress: address, port: 1)) }

    /// Starts `count` conversations from `request`; the refusals' budgets.
    static func start(_ budgets: SourceBudgets, _ request: RequestSource, count: Int = 1, size: Int = 100) async throws -> [SourceBudgets.Refusal.Budget] {
        var refused: [SourceBudgets.Refusal.Budget] = []
        for _ in 0..<count {
            if let refusal = try await budgets.spendNewThread(clinic: "kast", size: size, source: budgets.source(for: request)) {
                refused.append(refusal.budget)
            }
        }
        return refused
    }

    @Test("Sources that used up the backstop cannot refuse a newcomer: a lockout needs more sources than the backstop's size")
    func newcomersGoFirst() async throws {
        let budgets = Self.budgets(clinicThreads: 10)
        // Three sources start six each: three firsts, then ten others fill the rest.
        var refused: [SourceBudgets.Refusal.Budget] = []
        for n in 0..<3 { refused += try await Self.start(budgets, Self.ipv4(n), count: 6) }
        #expect(refused == [.clinicThreads, .clinicThreads, .clinicThreads, .clinicThreads, .clinicThreads])
        // Each new source still starts one, until ten sources have (three did already).
        for n in 3..<10 { #expect(try await Self.start(budgets, Self.ipv4(n)).isEmpty, "newcomer \(n)") }
        #expect(try await Self.start(budgets, Self.ipv4(10)) == [.clinicThreads])
        // A source that started one this hour is no newcomer.
        #expect(try await Self.start(budgets, Self.ipv4(4)) == [.clinicThreads])
    }

    @Test("Backstops are kept per arrival path: a Tor flood leaves the web's IPv4 and IPv6 open, and the reverse")
    func perPath() async throws {
        let budgets = Self.budgets(clinicThreads: 5)
        for circuit in 0..<40 { _ = try await Self.start(budgets, .torCircuit(UInt32(circuit)), count: 6) }
        #expect(try await Self.start(budgets, .torCircuit(1000)) == [.clinicThreads])
        #expect(try await Self.start(budgets, Self.ipv4(1)).isEmpty)
        #expect(try await Self.start(budgets, try Self.ipv6("2001:db8:5::1")).isEmpty)
        for n in 2..<40 { _ = try await Self.start(budgets, Self.ipv4(n), count: 6) }
        #expect(try await Self.start(budgets, Self.ipv4(1000)) == [.clinicThreads])
        #expect(try await Self.start(budgets, try Self.ipv6("2001:db8:6::1")).isEmpty)
    }

    @Test("A writer in a conversation is never refused by a drained backstop, only by the source's own bytes")
    func postsIgnoreBackstops() async throws {
        let budgets = Self.budgets(clinicThreads: 1, clinicBytes: 1000)
        for n in 0..<20 { _ = try await Self.start(budgets, Self.ipv4(n), count: 3, size: 900) }
        #expect(try await Self.start(budgets, Self.ipv4(99), size: 900) == [.clinicThreads])
        for _ in 0..<100 { #expect(budgets.spendPost(size: 30_000, source: budgets.source(for: Self.ipv4(500))) == nil) }
        // 4 MiB a day from one source: past it, the source's own limit answers.
        #expect(budgets.spendPost(size: 1_300_000, source: budgets.source(for: Self.ipv4(500)))?.budget == .sourceBytes)
    }

    @Test("IPv6: the /64s of one /48 share 16 times a source's budget, not 65,536 times; a neighbouring /48 is untouched")
    func ipv6Prefixes() async throws {
        let budgets = Self.budgets(clinicThreads: 100_000)
        var started = 0
        for n in 0..<200 {
            // 200 /64s, each in a /56 of its own, all in one /48.
            let address = "2001:db8:7:\(String(n, radix: 16))00::1"
            if try await Self.start(budgets, try Self.ipv6(address)).isEmpty { started += 1 }
        }
        #expect(started == 96, "one /48 started \(started)")
        // Within one /56: 24 at most.
        var inOne56 = 0
        for n in 0..<40 where try await Self.start(budgets, try Self.ipv6("2001:db8:8:\(String(n, radix: 16))::1")).isEmpty { inOne56 += 1 }
        #expect(inOne56 == 24, "one /56 started \(inOne56)")
        #expect(try await Self.start(budgets, try Self.ipv6("2001:db8:9::1")).isEmpty)
    }

    @Test("The newcomers' record is bounded: past it, unknown sources count as having started one")
    func startersBounded() {
        let starters = HourlyStarters(maximumSources: 10)
        let now = Date()
        for n in 0..<10 { starters.record(SourceKey([UInt8](repeating: UInt8(n), count: 16)), now: now) }
        #expect(starters.hasStarted(SourceKey([UInt8](repeating: 200, count: 16)), now: now))
        // The next hour starts empty.
        #expect(!starters.hasStarted(SourceKey([UInt8](repeating: 200, count: 16)), now: now.addingTimeInterval(3600)))
    }
}
