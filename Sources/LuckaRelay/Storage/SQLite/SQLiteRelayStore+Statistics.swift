import Foundation
import GRDB
import LuckaCore

/// The statistics counters (issue 14): per clinic, month and channel, added to inside the
/// transactions that create threads, append messages and delete threads, so that they
/// survive deletion and expiry. Nothing per thread, nothing finer than the month.
extension SQLiteRelayStore {
    public func deleteThread(_ thread: Int64, cause: DeletionCause, today: Day) async throws {
        try await write { db in
            guard try Self.delete(thread: thread, counting: cause, today: today, db) else {
                throw StoreError(.notFound, "the thread is gone")
            }
        }
        try await checkpoint()
    }

    public func deleteUnanswered(_ thread: Int64, today: Day) async throws -> JunkDeletion {
        let outcome = try await write { db -> JunkDeletion in
            let answered = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM message WHERE thread = ? AND author = 'clinic')", arguments: [thread]) ?? false
            if answered { return .answered }
            return try Self.delete(thread: thread, counting: .staff, today: today, db) ? .deleted : .gone
        }
        if outcome == .deleted { try await checkpoint() }
        return outcome
    }

    public func statistics(clinic: String?, from: String, to: String) async throws -> [ClinicStatistics] {
        try await read { db in
            var sql = "SELECT * FROM statistics WHERE month >= ? AND month <= ?"
            var arguments: StatementArguments = [from, to]
            if let clinic {
                sql += " AND clinic = ?"
                arguments += [clinic]
            }
            sql += " ORDER BY clinic, month, channel"
            var result: [ClinicStatistics] = []
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                let slug: String = row["clinic"]
                let line = StatisticsRow(
                    month: row["month"], channel: Channel(rawValue: row["channel"]) ?? .self,
                    newConversations: row["new_threads"],
                    writerMessages: row["writer_messages"], clinicReplies: row["clinic_messages"], answered: row["answered"],
                    answerDays: (0..<9).map { row["answer_\($0)"] }, answeredWithinPromise: row["within_promise"],
                    deletedByWriter: row["deleted_writer"], deletedByStaff: row["deleted_staff"], expired: row["expired"])
                result.append(line, clinic: slug)
            }
            return result
        }
    }

    public func statisticsSince() async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT min(month) FROM statistics_since") }
    }

    /// Adds `counts` to the clinic's row for `month` and `channel`, creating it if needed.
    static func count(clinic: String, month: String, channel: Channel, _ counts: [(column: String, add: Int)], _ db: Database)
        throws
    {
        let columns = counts.map(\.column)
        let sql = """
            INSERT INTO statistics (clinic, month, channel, \(columns.joined(separator: ", ")))
            VALUES (?, ?, ?, \(columns.map { _ in "?" }.joined(separator: ", ")))
            ON CONFLICT (clinic, month, channel) DO UPDATE SET \(columns.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", "))
            """
        var values: [(any DatabaseValueConvertible)?] = [clinic, month, channel.rawValue]
        values += counts.map { $0.add }
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values))
    }

    /// Counts a thread's first answer: in the month of the answer, by whole days since the
    /// thread was created, and whether within the promise.
    static func countFirstAnswer(clinic: String, channel: Channel, created: Day, answered: Day, promise: AnswerPromise?, _ db: Database)
        throws
    {
        let days = max(0, answered.number - created.number)
        var counts: [(column: String, add: Int)] = [("answered", 1), ("answer_\(StatisticsReport.bucket(days: days))", 1)]
        // Within the promise as the clinic counts it: calendar days, or working days.
        if let promise, !promise.isOverdue(since: created, today: answered) { counts.append(("within_promise", 1)) }
        try count(clinic: clinic, month: answered.month, channel: channel, counts, db)
    }

    /// The clinic's promise from its stored profile (verified when it was uploaded).
    static func promise(clinic: String, _ db: Database) throws -> AnswerPromise? {
        guard
            let document = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT profile_document FROM clinic WHERE slug = ?"), arguments: [clinic]),
            let profile = try? JSONDecoder().decode(ClinicProfile.self, from: document)
        else { return nil }
        return AnswerPromise(profile)
    }

    /// Deletes a thread like `delete(thread:)`, counting the deletion first.
    static func delete(thread: Int64, counting cause: DeletionCause, today: Day, _ db: Database) throws -> Bool {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT clinic, channel FROM thread WHERE id = ?"), arguments: [thread])
        else {
            return false
        }
        let column =
            switch cause {
            case .writer: "deleted_writer"
            case .staff: "deleted_staff"
            case .expiry: "expired"
            }
        try count(
            clinic: row["clinic"], month: today.month, channel: Channel(rawValue: row["channel"]) ?? .self, [(column, 1)], db)
        return try delete(thread: thread, db)
    }

    /// Counts a writer's new thread and flags the clinic for a notice.
    static func countNewThread(_ thread: NewThread, _ db: Database) throws {
        try count(
            clinic: thread.clinic, month: thread.today.month, channel: thread.channel,
            [("new_threads", 1), ("writer_messages", 1)], db)
        try raiseNoticeFlag(clinic: thread.clinic, db)
    }

    /// What a thread was before a message is appended, for counting it afterwards.
    struct AppendContext {
        var clinic: String
        var channel: Channel
        var created: Day
        var clinicReplied: Bool
    }

    static func appendContext(thread: Int64, _ db: Database) throws -> AppendContext? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT clinic, channel, created, clinic_replied FROM thread WHERE id = ?"),
            arguments: [thread]
        ).map {
            AppendContext(
                clinic: $0["clinic"], channel: Channel(rawValue: $0["channel"]) ?? .self, created: day($0["created"]),
                clinicReplied: $0["clinic_replied"])
        }
    }

    /// Counts an appended message: a writer's flags the clinic for a notice, a clinic's
    /// first reply counts the thread as answered.
    static func countAppended(_ message: NewMessage, _ context: AppendContext, _ db: Database) throws {
        let month = message.today.month
        if message.author == .writer {
            try count(clinic: context.clinic, month: month, channel: context.channel, [("writer_messages", 1)], db)
            try raiseNoticeFlag(clinic: context.clinic, db)
        } else {
            try count(clinic: context.clinic, month: month, channel: context.channel, [("clinic_messages", 1)], db)
            if !context.clinicReplied {
                try countFirstAnswer(
                    clinic: context.clinic, channel: context.channel, created: context.created, answered: message.today,
                    promise: try promise(clinic: context.clinic, db), db)
            }
        }
    }
}
