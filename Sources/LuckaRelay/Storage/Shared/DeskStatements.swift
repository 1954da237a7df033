import Foundation
import LuckaCore

/// The counsellors' desk, the same on both engines: the queue, handlers, unread counts,
/// the audit log, sealed notes and templates.
enum DeskStatements {
    /// The queue (issue 13): threads waiting for an answer first, the oldest waiting day
    /// first, ties by handle; then the others, the latest activity first. The cursor
    /// carries its own sort key: nothing is looked up by it, so another clinic's handle is
    /// as unknown as none.
    static func queue(_ query: InboxQuery) -> SQLText {
        var inner: SQLText = """
            SELECT thread.*, (status = 'new' AND waiting_since IS NOT NULL) AS waiting,
                CASE WHEN status = 'new' AND waiting_since IS NOT NULL THEN waiting_since ELSE last_activity END AS queue_day
            FROM thread WHERE clinic = \(query.clinic)
            """
        if let channel = query.channel { inner += " AND channel = \(channel.rawValue)" }
        if let status = query.status { inner += " AND status = \(status.rawValue)" }
        switch query.handler {
        case .staff(let id): inner += " AND handler = \(id)"
        case .nobody: inner += " AND handler IS NULL"
        case nil: break
        }
        if let day = query.waitingOnOrBefore { inner += " AND status = 'new' AND waiting_since <= \(day)" }
        var sql: SQLText = "SELECT * FROM (\(inner)) AS queue"
        if let after = query.after {
            sql +=
                after.waiting
                ? " WHERE (waiting AND (queue_day > \(after.day) OR (queue_day = \(after.day) AND handle > \(after.handle)))) OR NOT waiting"
                : " WHERE NOT waiting AND (queue_day < \(after.day) OR (queue_day = \(after.day) AND handle < \(after.handle)))"
        }
        return sql + """
             ORDER BY waiting DESC, CASE WHEN waiting THEN queue_day END ASC, CASE WHEN waiting THEN handle END ASC,
                queue_day DESC, handle DESC LIMIT \(query.limit)
            """
    }

    /// The latest message of each of `threads`: a page costs three queries, not two per row.
    static func latestMessages(of threads: [Int64]) -> SQLText {
        """
        SELECT message.* FROM message JOIN (SELECT thread, max(seq) AS last FROM message WHERE thread IN (\(list: threads)) GROUP BY thread) latest
            ON latest.thread = message.thread AND latest.last = message.seq
        """
    }

    /// Writer messages in each of `threads` that `staffID` has not opened.
    static func unread(in threads: [Int64], staffID: String) -> SQLText {
        """
        SELECT message.thread, count(*) AS unread FROM message
        LEFT JOIN seen ON seen.thread = message.thread AND seen.staff = \(staffID)
        WHERE message.thread IN (\(list: threads)) AND message.author = 'writer' AND message.seq > coalesce(seen.seen_count, 0)
        GROUP BY message.thread
        """
    }

    static func setHandler(thread: Int64, staffID: String?) -> SQLText {
        "UPDATE thread SET handler = \(staffID) WHERE id = \(thread) RETURNING id"
    }

    /// Never backwards: a slow read that fetched fewer messages does not undo a later one.
    static func markSeen(thread: Int64, staffID: String, messageCount: Int) -> SQLText {
        """
        INSERT INTO seen (thread, staff, seen_count) SELECT \(thread), \(staffID), \(messageCount)
            WHERE EXISTS (SELECT 1 FROM thread WHERE id = \(thread))
        ON CONFLICT (thread, staff) DO UPDATE SET seen_count = \(sqlite: "max", postgres: "greatest")(seen.seen_count, excluded.seen_count)
        """
    }

    static func waiting(clinic: String) -> SQLText {
        "SELECT count(*) AS n FROM thread WHERE clinic = \(clinic) AND status = 'new' AND waiting_since IS NOT NULL"
    }

    static func unread(clinic: String, staffID: String) -> SQLText {
        """
        SELECT count(*) AS n FROM message JOIN thread ON thread.id = message.thread
        LEFT JOIN seen ON seen.thread = thread.id AND seen.staff = \(staffID)
        WHERE thread.clinic = \(clinic) AND message.author = 'writer' AND message.seq > coalesce(seen.seen_count, 0)
        """
    }

    static func insertAudit(id: Int64, staffID: String, action: String, threadHandle: String?, today: Day) -> SQLText {
        "INSERT INTO audit (id, staff, action, thread, date) VALUES (\(id), \(staffID), \(action), \(threadHandle), \(today))"
    }

    /// Newest day first, between `from` and `to` (both included, either open).
    static func auditLog(clinic: String, from: Day?, to: Day?, limit: Int) -> SQLText {
        """
        SELECT audit.* FROM audit JOIN staff ON staff.id = audit.staff
        WHERE staff.clinic = \(clinic) AND audit.date >= \(from?.description ?? "0000-00-00") AND audit.date <= \(to?.description ?? "9999-99-99")
        ORDER BY audit.date DESC, audit.id LIMIT \(limit)
        """
    }

    // MARK: Notes and templates (sealed; SealedNote)

    static func currentEpoch(clinic: String) -> SQLText { "SELECT max(epoch) AS epoch FROM inbox_key WHERE clinic = \(clinic)" }

    /// The thread a note goes into; PostgreSQL locks its row, which orders a thread's notes.
    static func noteThread(_ thread: Int64) -> SQLText {
        "SELECT clinic, message_count FROM thread WHERE id = \(thread)\(sqlite: "", postgres: " FOR UPDATE")"
    }

    static func noteCount(thread: Int64) -> SQLText {
        "SELECT count(*) AS n, coalesce(max(seq), 0) AS last FROM note WHERE thread = \(thread)"
    }

    static func insertNote(id: Int64, thread: Int64, seq: Int, afterSeq: Int, epoch: UInt32, sealed: [UInt8], today: Day) -> SQLText {
        "INSERT INTO note (id, thread, seq, after_seq, epoch, sealed, date) VALUES (\(id), \(thread), \(seq), \(afterSeq), \(epoch), \(sealed), \(today))"
    }

    static func notes(thread: Int64) -> SQLText { "SELECT * FROM note WHERE thread = \(thread) ORDER BY seq" }

    static func templates(clinic: String) -> SQLText { "SELECT * FROM template WHERE clinic = \(clinic) ORDER BY id" }

    static func replaceTemplate(clinic: String, id: String, epoch: UInt32, sealed: [UInt8], today: Day) -> SQLText {
        "UPDATE template SET epoch = \(epoch), sealed = \(sealed), date = \(today) WHERE id = \(id) AND clinic = \(clinic) RETURNING id"
    }

    static func templateCount(clinic: String) -> SQLText { "SELECT count(*) AS n FROM template WHERE clinic = \(clinic)" }

    /// Template ids are unique across clinics.
    static func templateExists(id: String) -> SQLText { "SELECT 1 FROM template WHERE id = \(id)" }

    static func insertTemplate(clinic: String, id: String, epoch: UInt32, sealed: [UInt8], today: Day) -> SQLText {
        "INSERT INTO template (id, clinic, epoch, sealed, date) VALUES (\(id), \(clinic), \(epoch), \(sealed), \(today))"
    }

    static func deleteTemplate(clinic: String, id: String) -> SQLText {
        "DELETE FROM template WHERE id = \(id) AND clinic = \(clinic) RETURNING id"
    }
}

/// Where a new note goes, decided the same way on both engines: after the thread's last
/// note and its current last message, if the thread has room; a v2 note signed for another
/// place (`expected`) is refused as `moved`.
struct NotePlacement {
    var count: Int
    var lastSeq: Int
    var messageCount: Int

    init(counts row: some SQLRow, messageCount: Int) throws {
        count = try row.int("n")
        lastSeq = try row.int("last")
        self.messageCount = messageCount
    }

    /// The note's number, or why it cannot be stored.
    func seq(expected: (seq: Int, afterSeq: Int)?, limit: Int) -> Result<Int, Refused> {
        guard count < limit else { return .failure(Refused(outcome: .full)) }
        if let expected, expected != (lastSeq + 1, messageCount) { return .failure(Refused(outcome: .moved)) }
        return .success(lastSeq + 1)
    }

    struct Refused: Error {
        var outcome: SealedOutcome
    }
}

extension NoteRecord {
    init(_ row: some SQLRow) throws {
        self.init(
            seq: try row.int("seq"), afterSeq: try row.int("after_seq"), epoch: UInt32(try row.integer("epoch")), sealed: try row.bytes("sealed"),
            date: try row.text("date"))
    }
}

extension TemplateRecord {
    init(_ row: some SQLRow) throws {
        self.init(id: try row.text("id"), epoch: UInt32(try row.integer("epoch")), sealed: try row.bytes("sealed"), date: try row.text("date"))
    }
}

extension AuditEntry {
    init(_ row: some SQLRow) throws {
        self.init(staffID: try row.text("staff"), action: try row.text("action"), thread: try row.optionalText("thread"), date: try row.text("date"))
    }
}
