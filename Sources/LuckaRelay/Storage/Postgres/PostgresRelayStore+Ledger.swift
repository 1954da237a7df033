import Foundation
import LuckaCore
import PostgresNIO

/// The limits several relays keep together in the database (Limits/SharedLimits.swift).
extension PostgresRelayStore: SharedLimits {
    /// Relays on one database keep their replay guard and clinic backstops in it.
    public var sharedLimits: (any SharedLimits)? { self }

    public func firstUse(staffKey: [UInt8], nonce: String, slot: Int) async throws -> Bool {
        try await write { db in
            // The slot after the current one is about to be reused: its rows are two windows old.
            try await db.execute("DELETE FROM nonce WHERE slot = \((slot + 1) % 4)")
            return try await db.execute("""
                INSERT INTO nonce (staff_key, nonce, slot) VALUES (\(staffKey), \(nonce), \(slot))
                ON CONFLICT (staff_key, nonce) DO NOTHING RETURNING 1
                """) == 1
        }
    }

    public func spend(_ rows: [BudgetRow], day: Day) async throws -> Int? {
        try await write { db -> Int? in
            // One commit for all of a request's budgets; every request locks its rows in the
            // same order (the source's, then the clinic's), so two never wait on each other.
            for (index, row) in rows.enumerated() {
                guard row.cost <= row.limit else { return index }
                let added = try await db.execute("""
                    INSERT INTO budget (key, day, used) VALUES (\(row.key), \(day), \(row.cost))
                    ON CONFLICT (key) DO UPDATE SET used = budget.used + excluded.used WHERE budget.used + excluded.used <= \(row.limit)
                    RETURNING 1
                    """)
                if added != 1 { return index }
            }
            return nil
        }
    }

    /// Budget rows of past days and nonces of a finished window go with the sweep too.
    func purgeLedger(today: Day) async throws {
        try await write { db in try await db.execute("DELETE FROM budget WHERE day < \(today)") }
    }
}
