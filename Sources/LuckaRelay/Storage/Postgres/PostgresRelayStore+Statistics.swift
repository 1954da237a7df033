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

    /// Adds `counts` to the clinic's row for `month` and `channel`, creating it if needed.
    /// Column names come from this file only, never from input.
    static func count(clinic: String, month: String, channel: LuckaCore.Channel, _ counts: [(column: String, add: Int)], _ db: PostgresConnection)
        async throws
    {
        let columns = counts.map(\.column)
        var bindings = PostgresBindings()
        bindings.append(clinic)
        bindings.append(month)
        bindings.append(channel.rawValue)
        for count in counts { bindings.append(count.add) }
        let values = (0..<counts.count).map { "$\($0 + 4)" }.joined(separator: ", ")
        let sql = """
            INSERT INTO statistics (clinic, month, channel, \(columns.joined(separator: ", "))) VALUES ($1, $2, $3, \(values))
            ON CONFLICT (clinic, month, channel) DO UPDATE SET \(columns.map { "\($0) = statistics.\($0) + excluded.\($0)" }.joined(separator: ", "))
            """
        try await db.run(PostgresQuery(unsafeSQL: sql, binds: bindings))
    }

    static func countFirstAnswer(
        clinic: String, channel: LuckaCore.Channel, created: Day, answered: Day, promise: AnswerPromise?, _ db: PostgresConnection
    ) async throws {
        let days = max(0, answered.number - created.number)
        var counts: [(column: String, add: Int)] = [("answered", 1), ("answer_\(StatisticsReport.bucket(days: days))", 1)]
        if let promise, !promise.isOverdue(since: created, today: answered) { counts.append(("within_promise", 1)) }
        try await count(clinic: clinic, month: answered.month, channel: channel, counts, db)
    }

    static func promise(clinic: String, _ db: PostgresConnection) async throws -> AnswerPromise? {
        guard
            let document = try await db.value("SELECT profile_document FROM clinic WHERE slug = \(clinic)", as: Data.self),
            let profile = try? JSONDecoder().decode(ClinicProfile.self, from: document)
        else { return nil }
        return AnswerPromise(profile)
    }

    static func countNewThread(_ thread: NewThread, _ db: PostgresConnection) async throws {
        try await count(
            clinic: thread.clinic, month: thread.today.month, channel: thread.channel, [("new_threads", 1), ("writer_messages", 1)], db)
        try await raiseNoticeFlag(clinic: thread.clinic, db)
    }

    struct AppendContext {
        var clinic: String
        var channel: LuckaCore.Channel
        var created: Day
        var clinicReplied: Bool
    }

    static func appendContext(thread: Int64, _ db: PostgresConnection) async throws -> AppendContext? {
        try await db.row("SELECT clinic, channel, created, clinic_replied FROM thread WHERE id = \(thread)").map {
            AppendContext(
                clinic: try $0.get("clinic"), channel: LuckaCore.Channel(rawValue: try $0.get("channel")) ?? .self, created: try $0.day("created"),
                clinicReplied: try $0.get("clinic_replied"))
        }
    }

    static func countAppended(_ message: NewMessage, _ context: AppendContext, _ db: PostgresConnection) async throws {
        let month = message.today.month
        if message.author == .writer {
            try await count(clinic: context.clinic, month: month, channel: context.channel, [("writer_messages", 1)], db)
            try await raiseNoticeFlag(clinic: context.clinic, db)
        } else {
            try await count(clinic: context.clinic, month: month, channel: context.channel, [("clinic_messages", 1)], db)
            if !context.clinicReplied {
                try await countFirstAnswer(
                    clinic: context.clinic, channel: context.channel, created: context.created, answered: message.today,
                    promise: try await promise(clinic: context.clinic, db), db)
            }
        }
    }
}
