import Foundation

/// Token buckets by source pseudonym, in memory only: each source may spend `capacity`
/// at once and earns `refillPerSecond` back. One source's spending never touches another's.
///
/// Memory is bounded: past `maximumSources`, buckets that are full again (sources that
/// have gone quiet) are dropped; if that is not enough, all are. Either way a source only
/// ever gains budget by it, so no flood of new sources can lock an old one out.
final class TokenBuckets: Sendable {
    private struct Bucket {
        var tokens: Double
        var refilled: ContinuousClock.Instant
    }

    private let buckets = Locked([SourceKey: Bucket]())
    let capacity: Double
    let refillPerSecond: Double
    let maximumSources: Int

    /// `capacity` 0 turns the budget off.
    init(capacity: Double, refillPerSecond: Double, maximumSources: Int = 100_000) {
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
        self.maximumSources = maximumSources
    }

    /// A budget of `amount` per `seconds`, all of which may be spent at once.
    convenience init(amount: Int, perSeconds seconds: Double, maximumSources: Int = 100_000) {
        self.init(capacity: Double(amount), refillPerSecond: Double(amount) / seconds, maximumSources: maximumSources)
    }

    var isOff: Bool { capacity <= 0 }

    /// Spends `cost` from `source`'s bucket. Nil if it could; otherwise the whole seconds
    /// until it could, and nothing is spent. A cost above the capacity is capped, so a
    /// single large request is possible once the bucket is full.
    func take(_ source: SourceKey, cost: Double = 1, now: ContinuousClock.Instant = .now) -> Int? {
        guard !isOff else { return nil }
        let cost = min(cost, capacity)
        return buckets.withLock { buckets in
            var bucket = buckets[source] ?? Bucket(tokens: capacity, refilled: now)
            bucket.tokens = min(capacity, bucket.tokens + Self.seconds(now - bucket.refilled) * refillPerSecond)
            bucket.refilled = now
            guard bucket.tokens >= cost else {
                buckets[source] = bucket
                return max(1, Int(((cost - bucket.tokens) / refillPerSecond).rounded(.up)))
            }
            bucket.tokens -= cost
            if buckets[source] == nil && buckets.count >= maximumSources { prune(&buckets, now: now) }
            buckets[source] = bucket
            return nil
        }
    }

    /// Forgets every source (after the pseudonym key rotates, none would match again).
    func reset() { buckets.withLock { $0.removeAll() } }

    var sourceCount: Int { buckets.withLock { $0.count } }

    private func prune(_ buckets: inout [SourceKey: Bucket], now: ContinuousClock.Instant) {
        buckets = buckets.filter { $0.value.tokens + Self.seconds(now - $0.value.refilled) * refillPerSecond < capacity }
        if buckets.count >= maximumSources * 3 / 4 { buckets.removeAll() }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
