import Foundation
import LuckaCore

/// Limits that relays sharing one database keep in it, so that they hold across relays: the
/// replay guard's nonces and the clinics' backstops. A store that offers them (PostgreSQL)
/// is used for them; otherwise each relay keeps them in its memory (ReplayGuard,
/// TokenBuckets). Nothing derived from a writer's source is ever written here: budgets per
/// source stay in each relay's memory (SourceBudgets).
public protocol SharedLimits: Sendable {
    /// Records a signed staff request's nonce in `slot` (a ten-minute window modulo 4);
    /// false if it was recorded before: a replay.
    func firstUse(staffKey: [UInt8], nonce: String, slot: Int) async throws -> Bool
    /// Adds each row's `cost` to its total of `day`, in order and in one transaction, until
    /// one would pass its `limit`: that row's index, with nothing added to it or to those
    /// after it; nil if all were added.
    func spend(_ rows: [BudgetRow], day: Day) async throws -> Int?
}

/// A clinic backstop's row in the shared table: a hash of the clinic, the arrival path,
/// the budget and its window. Clinic slugs are public; no row names a source.
public struct BudgetRow: Sendable {
    public var key: [UInt8]
    public var cost: Int
    public var limit: Int
}

/// The clinic-wide backstops (SourceBudgets), each kept per clinic and arrival path. New
/// conversations from sources that have started none this hour are counted apart
/// (`firstThreads`, `firstBytes`), so a few sources that drain the others' part cannot
/// refuse a newcomer.
enum ClinicBudget: UInt8, Sendable, CaseIterable {
    case threads = 1, bytes, firstThreads, firstBytes

    /// Thread budgets count per hour, byte budgets per day.
    var windowSeconds: Int64 {
        switch self {
        case .threads, .firstThreads: 3600
        case .bytes, .firstBytes: 86_400
        }
    }

    var countsThreads: Bool { self == .threads || self == .firstThreads }
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
