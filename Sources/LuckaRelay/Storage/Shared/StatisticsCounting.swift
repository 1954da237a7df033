import Foundation
import LuckaCore

/// What each event adds to the statistics counters (issue 14): per clinic, month and
/// channel, inside the transaction of the event itself. Pure values: each engine runs
/// the `upsert` statements these give.
struct StatisticsCount: Equatable {
    var clinic: String
    var month: String
    var channel: Channel
    /// Column and amount; the columns are named here only, never from input.
    var additions: [Addition]

    struct Addition: Equatable {
        var column: String
        var amount: Int
    }

    /// A writer's new conversation: a new thread and its first message.
    static func newThread(_ thread: NewThread) -> StatisticsCount {
        StatisticsCount(clinic: thread.clinic, month: thread.today.month, channel: thread.channel, additions: [
            Addition(column: "new_threads", amount: 1), Addition(column: "writer_messages", amount: 1),
        ])
    }

    /// An appended message; a clinic's first reply also counts the thread as answered, in
    /// the month of the answer, by whole days since the thread began, and whether within
    /// the clinic's promise as the clinic counts days (calendar or working days).
    static func appended(_ message: NewMessage, to context: AppendContext, promise: AnswerPromise?) -> [StatisticsCount] {
        let month = message.today.month
        func count(_ additions: [Addition]) -> StatisticsCount {
            StatisticsCount(clinic: context.clinic, month: month, channel: context.channel, additions: additions)
        }
        guard message.author == .clinic else { return [count([Addition(column: "writer_messages", amount: 1)])] }
        var counts = [count([Addition(column: "clinic_messages", amount: 1)])]
        if context.isFirstAnswer(message) {
            counts.append(firstAnswer(clinic: context.clinic, channel: context.channel, created: context.created, answered: message.today, promise: promise))
        }
        return counts
    }

    /// A thread's first answer, in the month of the answer.
    static func firstAnswer(clinic: String, channel: Channel, created: Day, answered: Day, promise: AnswerPromise?) -> StatisticsCount {
        let days = max(0, answered.number - created.number)
        var additions = [Addition(column: "answered", amount: 1), Addition(column: "answer_\(StatisticsReport.bucket(days: days))", amount: 1)]
        if let promise, !promise.isOverdue(since: created, today: answered) { additions.append(Addition(column: "within_promise", amount: 1)) }
        return StatisticsCount(clinic: clinic, month: answered.month, channel: channel, additions: additions)
    }

    /// A thread deleted by its writer, by staff, or by the sweep, in `today`'s month.
    static func deleted(clinic: String, channel: Channel, cause: DeletionCause, today: Day) -> StatisticsCount {
        let column =
            switch cause {
            case .writer: "deleted_writer"
            case .staff: "deleted_staff"
            case .expiry: "expired"
            }
        return StatisticsCount(clinic: clinic, month: today.month, channel: channel, additions: [Addition(column: column, amount: 1)])
    }

    /// Adds to the row of the clinic, month and channel, creating it if needed.
    var upsert: SQLText {
        let columns = additions.map(\.column)
        var sql: SQLText = "INSERT INTO statistics (clinic, month, channel, \(raw: columns.joined(separator: ", "))) VALUES (\(clinic), \(month), \(channel.rawValue)"
        for addition in additions { sql += ", \(addition.amount)" }
        let sums = columns.map { "\($0) = statistics.\($0) + excluded.\($0)" }.joined(separator: ", ")
        return sql + ") ON CONFLICT (clinic, month, channel) DO UPDATE SET \(raw: sums)"
    }

    /// The clinic's stored profile, for its answer promise.
    static func profile(clinic: String) -> SQLText { "SELECT profile_document FROM clinic WHERE slug = \(clinic)" }

    /// The promise of a stored profile document (verified when it was uploaded).
    static func promise(document: [UInt8]) -> AnswerPromise? {
        (try? JSONDecoder().decode(ClinicProfile.self, from: Data(document))).flatMap { AnswerPromise($0) }
    }
}

/// Reading the counters back: rows of months `from` to `to`, ordered by clinic so that a
/// clinic's rows come together (StatisticsGrouping).
enum StatisticsStatements {
    static func rows(clinic: String?, from: String, to: String) -> SQLText {
        var sql: SQLText = "SELECT * FROM statistics WHERE month >= \(from) AND month <= \(to)"
        if let clinic { sql += " AND clinic = \(clinic)" }
        return sql + " ORDER BY clinic, month, channel"
    }

    static let since: SQLText = "SELECT min(month) AS month FROM statistics_since"

    /// Whether the clinic has written in the thread: junk deletion leaves such a thread.
    static func answered(thread: Int64) -> SQLText { "SELECT 1 FROM message WHERE thread = \(thread) AND author = 'clinic' LIMIT 1" }

    static func grouped(_ rows: [some SQLRow]) throws -> [ClinicStatistics] {
        var result: [ClinicStatistics] = []
        for row in rows {
            let line = StatisticsRow(
                month: try row.text("month"), channel: Channel(rawValue: try row.text("channel")) ?? .self,
                newConversations: try row.int("new_threads"), writerMessages: try row.int("writer_messages"),
                clinicReplies: try row.int("clinic_messages"), answered: try row.int("answered"),
                answerDays: try (0..<9).map { try row.int("answer_\($0)") }, answeredWithinPromise: try row.int("within_promise"),
                deletedByWriter: try row.int("deleted_writer"), deletedByStaff: try row.int("deleted_staff"), expired: try row.int("expired"))
            result.append(line, clinic: try row.text("clinic"))
        }
        return result
    }
}
