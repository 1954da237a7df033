import Foundation
import LuckaCore

/// The statements on threads and messages both engines run, and the rules they carry.
enum ThreadStatements {
    /// A row of `table` with this id, if there is one.
    static func row(id: Int64, in table: StoredTable) -> SQLText {
        "SELECT 1 FROM \(raw: table.rawValue) WHERE id = \(id)"
    }

    static func insert(_ thread: NewThread, id: Int64) -> SQLText {
        let today = thread.today
        return """
            INSERT INTO thread (id, lookup_hash, handle, clinic, channel, status, writer_key, created, last_activity, expires,
                message_count, unread, count_day, writer_today, clinic_today, waiting_since)
            VALUES (\(id), \(thread.lookupHash), \(thread.handle), \(thread.clinic), \(thread.channel.rawValue), 'new',
                \(thread.writerKey), \(today), \(today), \(thread.expires), 1, 1, \(today), 1, 0, \(today))
            """
    }

    static func insertMessage(id: Int64, thread: Int64, seq: Int, author: Author, epoch: UInt32, ciphertext: [UInt8], date: Day) -> SQLText {
        """
        INSERT INTO message (id, thread, seq, author, epoch, ciphertext, date)
        VALUES (\(id), \(thread), \(seq), \(author.name), \(epoch), \(ciphertext), \(date))
        """
    }

    static func byLookupHash(_ hash: [UInt8]) -> SQLText { "SELECT * FROM thread WHERE lookup_hash = \(hash)" }

    static func byHandle(_ handle: String, clinic: String) -> SQLText {
        "SELECT * FROM thread WHERE handle = \(handle) AND clinic = \(clinic)"
    }

    static func messages(thread: Int64) -> SQLText { "SELECT * FROM message WHERE thread = \(thread) ORDER BY seq" }

    static func setStatus(thread: Int64, _ status: ThreadStatus) -> SQLText {
        "UPDATE thread SET status = \(status.rawValue) WHERE id = \(thread) RETURNING id"
    }

    /// What counting an appended message needs to know of the thread before it. PostgreSQL
    /// takes the thread's row lock with it, so two replies at once cannot both count as the
    /// first answer; SQLite has one writer at a time.
    static func appendContext(thread: Int64) -> SQLText {
        "SELECT clinic, channel, created, clinic_replied FROM thread WHERE id = \(thread)\(sqlite: "", postgres: " FOR UPDATE")"
    }

    static let counts: SQLText = "SELECT clinic, status, count(*) AS n FROM thread GROUP BY clinic, status ORDER BY clinic, status"

    static func oldAudit(before day: Day) -> SQLText { "DELETE FROM audit WHERE date < \(day)" }
}

/// The tables whose rows get random ids.
enum StoredTable: String, Sendable {
    case thread, message, audit, note
}

/// A message appended to a thread changes it in one UPDATE, the same on both engines: a
/// writer's message makes it `new` (waiting, from the first such message after the clinic's
/// last), a reply `answered` (not waiting, the full expiry from now on). Each author's
/// count of the day starts again on a new day; past `dailyLimit` nothing changes and no
/// row comes back. The row that comes back carries the new message's number.
struct ThreadTransition {
    let message: NewMessage
    let dailyLimit: Int

    var update: SQLText {
        let today = message.today
        let unanswered = message.expiresIfUnanswered ?? message.expires
        guard message.author == .writer else {
            return """
                UPDATE thread SET message_count = message_count + 1, unread = 0, status = 'answered',
                    clinic_today = CASE WHEN count_day = \(today) THEN clinic_today + 1 ELSE 1 END,
                    writer_today = CASE WHEN count_day = \(today) THEN writer_today ELSE 0 END,
                    count_day = \(today), last_activity = \(today), clinic_replied = \(true), waiting_since = NULL,
                    expires = \(message.expires)
                WHERE id = \(message.thread) AND (count_day != \(today) OR clinic_today < \(dailyLimit))
                RETURNING message_count
                """
        }
        return """
            UPDATE thread SET message_count = message_count + 1, unread = unread + 1, status = 'new',
                writer_today = CASE WHEN count_day = \(today) THEN writer_today + 1 ELSE 1 END,
                clinic_today = CASE WHEN count_day = \(today) THEN clinic_today ELSE 0 END,
                count_day = \(today), last_activity = \(today),
                waiting_since = coalesce(waiting_since, \(today)),
                expires = CASE WHEN clinic_replied THEN \(message.expires) ELSE \(unanswered) END
            WHERE id = \(message.thread) AND (count_day != \(today) OR writer_today < \(dailyLimit))
            RETURNING message_count
            """
    }
}

/// Everything that goes with a thread, deleted before the thread itself.
enum DeletionCascade {
    static func statements(thread: Int64, handle: String) -> [SQLText] {
        [
            "DELETE FROM message WHERE thread = \(thread)",
            "DELETE FROM seen WHERE thread = \(thread)",
            "DELETE FROM note WHERE thread = \(thread)",
            "DELETE FROM audit WHERE thread = \(handle)",
            "DELETE FROM thread WHERE id = \(thread)",
        ]
    }
}

/// A thread as it was before a message was appended, for counting the message.
struct AppendContext {
    var clinic: String
    var channel: Channel
    var created: Day
    var clinicReplied: Bool

    init(_ row: some SQLRow) throws {
        clinic = try row.text("clinic")
        channel = Channel(rawValue: try row.text("channel")) ?? .self
        created = try row.day("created")
        clinicReplied = try row.boolean("clinic_replied")
    }

    /// Whether `message` is the clinic's first answer: only then is its promise read.
    func isFirstAnswer(_ message: NewMessage) -> Bool { message.author == .clinic && !clinicReplied }
}
