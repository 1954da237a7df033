import Foundation
import LuckaCore

/// Limits that relays sharing one database keep in it, so that they hold across relays: the
/// replay guard's nonces and the write budgets. A store that offers them (PostgreSQL) is
/// used for them; otherwise each relay keeps them in its memory (ReplayGuard, TokenBuckets).
public protocol SharedLimits: Sendable {
    /// Records a signed staff request's nonce in `slot` (a ten-minute window modulo 4);
    /// false if it was recorded before: a replay.
    func firstUse(staffKey: [UInt8], nonce: String, slot: Int) async throws -> Bool
    /// Adds each row's `cost` to its total of `day`, in order and in one transaction, until
    /// one would pass its `limit`: that row's index, with nothing added to it or to those
    /// after it; nil if all were added.
    func spend(_ rows: [BudgetRow], day: Day) async throws -> Int?
}

/// A write budget's row in the shared table: a keyed hash of the source (or clinic), the
/// budget and its window, never the source itself.
public struct BudgetRow: Sendable {
    public var key: [UInt8]
    public var cost: Int
    public var limit: Int
}

/// The write budgets of an anonymous source and of a clinic (SourceBudgets).
enum WriteBudget: UInt8, Sendable {
    case sourceThreads = 1, sourceBytes, clinicThreads, clinicBytes

    /// Thread budgets count per hour, byte budgets per day.
    var windowSeconds: Int64 {
        switch self {
        case .sourceThreads, .clinicThreads: 3600
        case .sourceBytes, .clinicBytes: 86_400
        }
    }
}

/// The replay window of shared nonces: ten-minute slots counted modulo 4. A nonce recorded
/// in slot s is deleted when slot s + 3 begins, so it lives at least twenty minutes, more
/// than the ten a signed request's timestamp can be accepted for (±5 minutes).
enum NonceSlot {
    static let seconds: Int64 = 600

    static func current(now: Date = Date()) -> Int {
        Int((Int64(now.timeIntervalSince1970) / seconds) % 4)
    }
}
