import Foundation
import LuckaCore
import PostgresNIO

/// The statistics counters, kept inside the same transactions as on SQLite
/// (SQLiteRelayStore+Statistics): per clinic, month and channel, nothing finer.
extension PostgresRelayStore {
    public func statistics(clinic: String?, from: String, to: String) async throws -> [ClinicStatistics] {
        try await read { db in
            let query: PostgresQuery =
                if let clinic {
                    "SELECT * FROM statistics WHERE month >= \(from) AND month <= \(to) AND clinic = \(clinic) ORDER BY clinic, month, channel"
                } else {
                    "SELECT * FROM statistics WHERE month >= \(from) AND month <= \(to) ORDER BY clinic, month, channel"
                }
            var result: [ClinicStatistics] = []
            for row in try await db.rows(query) {
                let slug: String = try row.get("clinic")
                let line = StatisticsRow(
                    month: try row.get("month"), channel: LuckaCore.Channel(rawValue: try row.get("channel")) ?? .self,
                    newConversations: try row.get("new_threads"),
                    writerMessages: try row.get("writer_messages"), clinicReplies: try row.get("clinic_messages"),
                    answered: try row.get("answered"),
                    answerDays: try (0..<9).map { try row.get("answer_\($0)") }, answeredWithinPromise: try row.get("within_promise"),
                    deletedByWriter: try row.get("deleted_writer"), deletedByStaff: try row.get("deleted_staff"), expired: try row.get("expired"))
                result.append(line, clinic: slug)
            }
            return result
        }
    }

    public func statisticsSince() async throws -> String? {
        try await read { db in try await db.value("SELECT min(month) FROM statistics_since", as: String.self) }
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
