import Foundation
import LuckaCore

/// What one anonymous source may use (DESIGN.md §3, properties 10 and 11): requests per
/// second, new conversations per hour, and bytes stored per day, each kept per source
/// pseudonym in memory only. Above them sit clinic-wide backstops: new conversations per
/// hour and bytes stored per day, high enough that only many sources together reach them.
final class SourceBudgets: Sendable {
    let pseudonyms: SourcePseudonyms
    let requests: TokenBuckets
    let newThreads: TokenBuckets
    let storage: TokenBuckets
    /// Clinic-wide, keyed by a pseudonym of the clinic's slug (same tables, same code).
    let clinicThreads: TokenBuckets
    let clinicStorage: TokenBuckets
    private let generation = Locked(0)

    init(_ configuration: RelayConfiguration) {
        pseudonyms = SourcePseudonyms(rotationSeconds: configuration.sourceKeyRotationSeconds)
        requests = TokenBuckets(
            capacity: Double(configuration.requestsPerSourcePerSecond * 4), refillPerSecond: Double(configuration.requestsPerSourcePerSecond))
        newThreads = TokenBuckets(amount: configuration.newThreadsPerSourcePerHour, perSeconds: 3600)
        storage = TokenBuckets(amount: configuration.storageBytesPerSourcePerDay, perSeconds: 86_400)
        clinicThreads = TokenBuckets(amount: configuration.newThreadsPerClinicPerHour, perSeconds: 3600)
        clinicStorage = TokenBuckets(amount: configuration.storageBytesPerClinicPerDay, perSeconds: 86_400)
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

    /// The clinic's own bucket key in the clinic-wide tables.
    static func clinicKey(_ slug: String) -> SourceKey {
        SourceKey(Hash.blake2b(Array("lucka/clinic-budget/v1".utf8), [0], Array(slug.utf8), length: 16))
    }
}
