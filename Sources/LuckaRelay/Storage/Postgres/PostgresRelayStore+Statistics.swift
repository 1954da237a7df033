import Foundation
import LuckaCore
import PostgresNIO

/// The statistics counters, kept inside the same transactions as on SQLite
/// (SQLiteRelayStore+Statistics): per clinic, month and channel, nothing finer.
extension PostgresRelayStore {
    public func statistics(clinic: String?, from: String, to: String) async throws -> [ClinicStatistics] {
        try await read { db in
            try StatisticsStatements.grouped(try await db.select(StatisticsStatements.rows(clinic: clinic, from: from, to: to)))
        }
    }

    public func statisticsSince() async throws -> String? {
        try await read { db in try await db.selectOne(StatisticsStatements.since)?.optionalText("month") }
    }

    /// Adds each count to its row (StatisticsCount), inside the caller's transaction.
    static func count(_ counts: [StatisticsCount], _ db: PostgresConnection) async throws {
        for count in counts { try await db.execute(count.upsert) }
    }

    /// The clinic's answer promise, from its stored profile.
    static func promise(clinic: String, _ db: PostgresConnection) async throws -> AnswerPromise? {
        guard let row = try await db.selectOne(StatisticsCount.profile(clinic: clinic)) else { return nil }
        return StatisticsCount.promise(document: try row.bytes("profile_document"))
    }
}
