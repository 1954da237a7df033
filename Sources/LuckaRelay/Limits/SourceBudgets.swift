import Foundation
import LuckaCore

/// What one anonymous source may use (DESIGN.md §3, properties 10 and 11): requests per
/// second, new conversations per hour, and bytes stored per day, each kept per source
/// pseudonym. Above them sit clinic-wide backstops: new conversations per hour and bytes
/// stored per day, high enough that only many sources together reach them.
///
/// One relay keeps them all in memory. Relays sharing a PostgreSQL database keep the write
/// budgets in it (`SharedLimits`), in fixed windows (the hour, the day), each row named by
/// a keyed hash of the source, the budget and the window: with the same `source-key-file`
/// on every relay, a source's budget spent on one relay holds on the others. The request
/// rate stays per relay: it protects each relay's own processor.
final class SourceBudgets: Sendable {
    let pseudonyms: SourcePseudonyms
    let requests: TokenBuckets
    let newThreads: TokenBuckets
    let storage: TokenBuckets
    /// Clinic-wide, keyed by a pseudonym of the clinic's slug (same tables, same code).
    let clinicThreads: TokenBuckets
    let clinicStorage: TokenBuckets
    let shared: (any SharedLimits)?
    /// Names the shared budget rows: the configured source key, or a random one per relay.
    private let windowKey: SecureBytes
    private let limits: [WriteBudget: Int]
    private let generation = Locked(0)

    init(_ configuration: RelayConfiguration, shared: (any SharedLimits)? = nil) {
        pseudonyms = SourcePseudonyms(rotationSeconds: configuration.sourceKeyRotationSeconds, secret: configuration.sourceKeySecret)
        requests = TokenBuckets(
            capacity: Double(configuration.requestsPerSourcePerSecond * 4), refillPerSecond: Double(configuration.requestsPerSourcePerSecond))
        newThreads = TokenBuckets(amount: configuration.newThreadsPerSourcePerHour, perSeconds: 3600)
        storage = TokenBuckets(amount: configuration.storageBytesPerSourcePerDay, perSeconds: 86_400)
        clinicThreads = TokenBuckets(amount: configuration.newThreadsPerClinicPerHour, perSeconds: 3600)
        clinicStorage = TokenBuckets(amount: configuration.storageBytesPerClinicPerDay, perSeconds: 86_400)
        self.shared = shared
        windowKey = configuration.sourceKeySecret ?? .random(count: 32)
        limits = [
            .sourceThreads: configuration.newThreadsPerSourcePerHour, .sourceBytes: configuration.storageBytesPerSourcePerDay,
            .clinicThreads: configuration.newThreadsPerClinicPerHour, .clinicBytes: configuration.storageBytesPerClinicPerDay,
        ]
    }

    /// The pseudonym of a request's source. When the key has rotated, every per-source
    /// table starts empty: nothing from before the rotation can be matched any more.
    func key(for source: RequestSource) -> SourceKey {
        let (key, current) = pseudonyms.key(for: source)
        let rotated = generation.withLock { generation in
            defer { generation = current }
            return generation != current
        }
        if rotated { [requests, newThreads, storage].forEach { $0.reset() } }
        return key
    }

    /// One budget to spend from: `cost` of `budget` for `key`.
    struct Charge {
        var budget: WriteBudget
        var key: SourceKey
        var cost = 1
    }

    /// Spends the charges in order and stops at the first that does not fit: its index and
    /// the seconds to wait; nil if all were spent. Those before it stay spent. Shared budgets
    /// are spent in one transaction (one commit, and the rows locked in one order).
    func take(_ charges: [Charge], now: Date = Date()) async throws -> (index: Int, wait: Int)? {
        guard let shared else {
            for (index, charge) in charges.enumerated() {
                let buckets: TokenBuckets =
                    switch charge.budget {
                    case .sourceThreads: newThreads
                    case .sourceBytes: storage
                    case .clinicThreads: clinicThreads
                    case .clinicBytes: clinicStorage
                    }
                if let wait = buckets.take(charge.key, cost: Double(charge.cost)) { return (index, wait) }
            }
            return nil
        }
        let seconds = Int64(now.timeIntervalSince1970)
        // 0: no such budget, as in TokenBuckets; the indexes are kept to name the refused one.
        let counted = charges.enumerated().compactMap { index, charge -> (index: Int, budget: WriteBudget, row: BudgetRow)? in
            let limit = limits[charge.budget] ?? 0
            guard limit > 0 else { return nil }
            let window = seconds / charge.budget.windowSeconds
            let key = Hash.keyedBlake2b(
                key: windowKey, Array("lucka/budget/v1".utf8), [charge.budget.rawValue], withUnsafeBytes(of: window.bigEndian) { Array($0) },
                charge.key.bytes, length: 16)
            return (index, charge.budget, BudgetRow(key: key, cost: min(charge.cost, limit), limit: limit))
        }
        guard !counted.isEmpty, let refused = try await shared.spend(counted.map(\.row), day: Day.today()) else { return nil }
        let budget = counted[refused].budget
        let window = seconds / budget.windowSeconds
        return (counted[refused].index, Int((window + 1) * budget.windowSeconds - seconds))
    }

    /// The clinic's own bucket key in the clinic-wide tables.
    static func clinicKey(_ slug: String) -> SourceKey {
        SourceKey(Hash.blake2b(Array("lucka/clinic-budget/v1".utf8), [0], Array(slug.utf8), length: 16))
    }
}
