import Foundation
import LuckaCore

/// What one anonymous source may use (DESIGN.md §3, properties 10 and 11), and the
/// clinic-wide backstops above it.
///
/// Per source, in this relay's memory only (behind several relays, the proxy keeps a
/// source on one relay): requests per second, new conversations per hour and bytes
/// stored per day. An IPv6 source is also counted at its /56 and /48, with 4 and 16 times
/// the budget, so a customer's many /64s count as one neighbourhood, not as strangers.
///
/// Per clinic and arrival path (Tor, IPv4, IPv6): new conversations per hour and their
/// first messages' bytes per day. These are backstops for new conversations only: a
/// writer who is already in a conversation is never refused for what others spent. Half
/// of each is kept for sources that have started no conversation this hour, so a lockout
/// needs more sources than the backstop's size. Relays sharing a PostgreSQL database keep
/// the backstops in it (`SharedLimits`), in fixed windows (the hour, the day).
final class SourceBudgets: Sendable {
    /// How much more than the source's own budget its IPv6 /56 and /48 may use.
    static let levelFactors = [1, 4, 16]

    let pseudonyms: SourcePseudonyms
    let requests: TokenBuckets
    /// By level (the source, its /56, its /48).
    let threads: [TokenBuckets]
    let bytes: [TokenBuckets]
    let starters = HourlyStarters()
    /// The backstops in memory, keyed by `clinicKey(slug:path:)`; unused with `shared`.
    private let backstops: [ClinicBudget: TokenBuckets]
    private let limits: [ClinicBudget: Int]
    let shared: (any SharedLimits)?
    private let generation = Locked(0)

    init(_ configuration: RelayConfiguration, shared: (any SharedLimits)? = nil) {
        pseudonyms = SourcePseudonyms(rotationSeconds: configuration.sourceKeyRotationSeconds)
        requests = TokenBuckets(
            capacity: Double(configuration.requestsPerSourcePerSecond * 4), refillPerSecond: Double(configuration.requestsPerSourcePerSecond))
        threads = Self.levelFactors.map { TokenBuckets(amount: configuration.newThreadsPerSourcePerHour * $0, perSeconds: 3600) }
        bytes = Self.levelFactors.map { TokenBuckets(amount: configuration.storageBytesPerSourcePerDay * $0, perSeconds: 86_400) }
        let limits: [ClinicBudget: Int] = [
            .threads: configuration.newThreadsPerClinicPerHour, .firstThreads: configuration.newThreadsPerClinicPerHour,
            .bytes: configuration.storageBytesPerClinicPerDay, .firstBytes: configuration.storageBytesPerClinicPerDay,
        ]
        self.limits = limits
        backstops = Dictionary(uniqueKeysWithValues: ClinicBudget.allCases.map { budget in
            (budget, TokenBuckets(amount: limits[budget] ?? 0, perSeconds: Double(budget.windowSeconds)))
        })
        self.shared = shared
    }

    /// The pseudonyms of a request's source. When the key has rotated, every per-source
    /// table starts empty: nothing from before the rotation can be matched any more.
    func source(for request: RequestSource) -> BudgetSource {
        let (source, current) = pseudonyms.key(for: request)
        let rotated = generation.withLock { generation in
            defer { generation = current }
            return generation != current
        }
        if rotated {
            ([requests] + threads + bytes).forEach { $0.reset() }
            starters.reset()
        }
        return source
    }

    /// Which budget refused, and the whole seconds until it would not.
    struct Refusal: Equatable {
        enum Budget { case sourceThreads, sourceBytes, clinicThreads, clinicBytes }
        var budget: Budget
        var wait: Int
    }

    /// Spends a new conversation with a first message of `size` bytes: the source's own
    /// budgets first (a busy source is told about itself and never reaches what others
    /// share), then the clinic's backstop for the source's path. What was spent before a
    /// refusal stays spent. `source` is nil only where no network is involved.
    func spendNewThread(clinic slug: String, size: Int, source: BudgetSource?, now: Date = Date()) async throws -> Refusal? {
        var first = false
        if let source {
            if let refusal = spendOwn(source, threads: 1, size: size) { return refusal }
            first = !starters.hasStarted(source.own, now: now)
        }
        let charges: [(ClinicBudget, Int)] = first ? [(.firstThreads, 1), (.firstBytes, size)] : [(.threads, 1), (.bytes, size)]
        if let refusal = try await spendClinic(slug, path: source?.path ?? .other, charges, now: now) { return refusal }
        if first, let source { starters.record(source.own, now: now) }
        return nil
    }

    /// Spends a message in a conversation that exists: the source's own byte budgets only.
    /// No clinic backstop applies, so nobody else's flood can refuse it.
    func spendPost(size: Int, source: BudgetSource?) -> Refusal? {
        guard let source else { return nil }
        return spendOwn(source, threads: 0, size: size)
    }

    private func spendOwn(_ source: BudgetSource, threads count: Int, size: Int) -> Refusal? {
        for (level, key) in source.keys.enumerated() {
            if count > 0, let wait = threads[level].take(key, cost: Double(count)) { return Refusal(budget: .sourceThreads, wait: wait) }
            if let wait = bytes[level].take(key, cost: Double(size)) { return Refusal(budget: .sourceBytes, wait: wait) }
        }
        return nil
    }

    private func spendClinic(_ slug: String, path: ArrivalPath, _ charges: [(ClinicBudget, Int)], now: Date) async throws -> Refusal? {
        let key = Self.clinicKey(slug: slug, path: path)
        func refusal(_ budget: ClinicBudget, wait: Int) -> Refusal {
            Refusal(budget: budget.countsThreads ? .clinicThreads : .clinicBytes, wait: wait)
        }
        // 0: no such budget, as in TokenBuckets.
        let counted = charges.filter { (limits[$0.0] ?? 0) > 0 }
        guard let shared else {
            for (budget, cost) in counted {
                if let wait = backstops[budget]?.take(key, cost: Double(cost)) { return refusal(budget, wait: wait) }
            }
            return nil
        }
        guard !counted.isEmpty else { return nil }
        let seconds = Int64(now.timeIntervalSince1970)
        let rows = counted.map { budget, cost in
            let limit = limits[budget] ?? 0
            let window = seconds / budget.windowSeconds
            let name = Hash.blake2b(
                Array("lucka/budget/v2".utf8), [budget.rawValue], withUnsafeBytes(of: window.bigEndian) { Array($0) }, key.bytes, length: 16)
            return BudgetRow(key: name, cost: min(cost, limit), limit: limit)
        }
        guard let refused = try await shared.spend(rows, day: Day.today()) else { return nil }
        let budget = counted[refused].0
        let window = seconds / budget.windowSeconds
        return refusal(budget, wait: Int((window + 1) * budget.windowSeconds - seconds))
    }

    /// A clinic's key in the backstop tables, one per arrival path. Slugs are public.
    static func clinicKey(slug: String, path: ArrivalPath) -> SourceKey {
        SourceKey(Hash.blake2b(Array("lucka/clinic-budget/v2".utf8), [path.rawValue], Array(slug.utf8), length: 16))
    }
}
