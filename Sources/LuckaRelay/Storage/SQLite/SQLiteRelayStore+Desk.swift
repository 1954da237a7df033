import Foundation
import GRDB
import LuckaCore

/// The counsellors' desk: the queue's order, who handles a thread, unread per staff member,
/// sealed notes and templates.
extension SQLiteRelayStore {
    /// The queue (InboxCursor says the order): waiting threads first, longest waiting
    /// first, then the rest by last activity, newest first; within a day by handle.
    public func inbox(_ query: InboxQuery) async throws -> [InboxRow] {
        try await read { db in
            var inner = """
                SELECT thread.*, (status = 'new' AND waiting_since IS NOT NULL) AS waiting,
                    CASE WHEN status = 'new' AND waiting_since IS NOT NULL THEN waiting_since ELSE last_activity END AS queue_day
                FROM thread WHERE clinic = ?
                """
            var arguments: StatementArguments = [query.clinic]
            if let channel = query.channel {
                inner += " AND channel = ?"
                arguments += [channel.rawValue]
            }
            if let status = query.status {
                inner += " AND status = ?"
                arguments += [status.rawValue]
            }
            switch query.handler {
            case .staff(let id):
                inner += " AND handler = ?"
                arguments += [id]
            case .nobody: inner += " AND handler IS NULL"
            case nil: break
            }
            if let day = query.waitingOnOrBefore {
                inner += " AND status = 'new' AND waiting_since <= ?"
                arguments += [day.description]
            }
            var sql = "SELECT * FROM (\(inner))"
            if let after = query.after {
                // The cursor carries its own sort key; nothing is looked up by it, so another
                // clinic's handle is as unknown as none.
                let day = after.day.description
                if after.waiting {
                    sql += " WHERE (waiting = 1 AND (queue_day > ? OR (queue_day = ? AND handle > ?))) OR waiting = 0"
                } else {
                    sql += " WHERE waiting = 0 AND (queue_day < ? OR (queue_day = ? AND handle < ?))"
                }
                arguments += [day, day, after.handle]
            }
            sql += """
                 ORDER BY waiting DESC, CASE WHEN waiting = 1 THEN queue_day END ASC, CASE WHEN waiting = 1 THEN handle END ASC,
                    queue_day DESC, handle DESC LIMIT ?
                """
            arguments += [query.limit]
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
                let thread = Self.thread(row)
                let latest = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM message WHERE thread = ? ORDER BY seq DESC LIMIT 1"),
                    arguments: [thread.id]
                ).map(Self.message)
                var unread = 0
                if let staff = query.staffID {
                    unread = try Self.unreadWriterMessages(thread: thread.id, staffID: staff, db)
                }
                return InboxRow(thread: thread, latest: latest, unreadForCaller: unread)
            }
        }
    }

    static func unreadWriterMessages(thread: Int64, staffID: String, _ db: Database) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT count(*) FROM message WHERE thread = ? AND author = 'writer'
                        AND seq > coalesce((SELECT seen_count FROM seen WHERE thread = ? AND staff = ?), 0)
                    """), arguments: [thread, thread, staffID]) ?? 0
    }

    public func setHandler(thread: Int64, staffID: String?) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE thread SET handler = ? WHERE id = ?", arguments: [staffID, thread])
            guard db.changesCount == 1 else { throw StoreError(.notFound, "the thread is gone") }
        }
    }

    public func markSeen(thread: Int64, staffID: String, messageCount: Int) async throws {
        try await write { db in
            // Never backwards: a slow read that fetched fewer messages does not undo a later one.
            try db.execute(
                sql: """
                    INSERT INTO seen (thread, staff, seen_count) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM thread WHERE id = ?)
                    ON CONFLICT (thread, staff) DO UPDATE SET seen_count = max(seen_count, excluded.seen_count)
                    """, arguments: [thread, staffID, messageCount, thread])
        }
    }

    public func inboxCount(clinic: String, staffID: String) async throws -> InboxCount {
        try await read { db in
            let waiting =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM thread WHERE clinic = ? AND status = 'new' AND waiting_since IS NOT NULL",
                    arguments: [clinic]) ?? 0
            let unread =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM message JOIN thread ON thread.id = message.thread
                        LEFT JOIN seen ON seen.thread = thread.id AND seen.staff = ?
                        WHERE thread.clinic = ? AND message.author = 'writer' AND message.seq > coalesce(seen.seen_count, 0)
                        """, arguments: [staffID, clinic]) ?? 0
            return InboxCount(waiting: waiting, unreadForMe: unread)
        }
    }

    public func auditLog(clinic: String, from: Day?, to: Day?, limit: Int) async throws -> [AuditEntry] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT audit.* FROM audit JOIN staff ON staff.id = audit.staff
                    WHERE staff.clinic = ? AND audit.date >= ? AND audit.date <= ?
                    ORDER BY audit.date DESC, audit.id LIMIT ?
                    """,
                arguments: [clinic, from?.description ?? "0000-00-00", to?.description ?? "9999-99-99", limit]
            ).map { AuditEntry(staffID: $0["staff"], action: $0["action"], thread: $0["thread"], date: $0["date"]) }
        }
    }

    // MARK: Notes and templates (sealed; SealedNote)

    /// Appends a sealed note if `epoch` is the clinic's current one and the thread has
    /// fewer than `limit` notes; placed after the thread's current last message.
    public func addNote(thread: Int64, epoch: UInt32, sealed: [UInt8], expected: (seq: Int, afterSeq: Int)?, today: Day, limit: Int)
        async throws -> SealedOutcome
    {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT message_count, (SELECT max(epoch) FROM inbox_key WHERE clinic = thread.clinic) AS current FROM thread WHERE id = ?",
                    arguments: [thread])
            else { return .notFound }
            guard (row["current"] as Int64?) == Int64(epoch) else { return .staleEpoch }
            let (count, last) =
                try Row.fetchOne(
                    db, sql: "SELECT count(*) AS n, coalesce(max(seq), 0) AS last FROM note WHERE thread = ?", arguments: [thread]
                )
                .map { ($0["n"] as Int, $0["last"] as Int) } ?? (0, 0)
            guard count < limit else { return .full }
            if let expected, expected != (last + 1, row["message_count"] as Int) { return .moved }
            try db.execute(
                sql: "INSERT INTO note (id, thread, seq, after_seq, epoch, sealed, date) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    try Self.freeID(in: "note", db), thread, last + 1, row["message_count"] as Int, Int64(epoch), Data(sealed),
                    today.description,
                ])
            return .stored(String(last + 1))
        }
    }

    public func notes(thread: Int64) async throws -> [NoteRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM note WHERE thread = ? ORDER BY seq", arguments: [thread]).map { row in
                NoteRecord(
                    seq: row["seq"], afterSeq: row["after_seq"], epoch: UInt32(row["epoch"] as Int64),
                    sealed: Self.bytes(row["sealed"]), date: row["date"])
            }
        }
    }

    public func templates(clinic: String) async throws -> [TemplateRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM template WHERE clinic = ? ORDER BY id", arguments: [clinic]).map { row in
                TemplateRecord(
                    id: row["id"], epoch: UInt32(row["epoch"] as Int64), sealed: Self.bytes(row["sealed"]), date: row["date"])
            }
        }
    }

    /// Adds (`id` new) or replaces (`replacing`) a clinic's sealed template.
    public func putTemplate(clinic: String, id: String, replacing: Bool, epoch: UInt32, sealed: [UInt8], today: Day, limit: Int)
        async throws -> SealedOutcome
    {
        try await write { db in
            let current = try Int64.fetchOne(db, sql: "SELECT max(epoch) FROM inbox_key WHERE clinic = ?", arguments: [clinic])
            guard current == Int64(epoch) else { return .staleEpoch }
            if replacing {
                try db.execute(
                    sql: "UPDATE template SET epoch = ?, sealed = ?, date = ? WHERE id = ? AND clinic = ?",
                    arguments: [Int64(epoch), Data(sealed), today.description, id, clinic])
                return db.changesCount == 1 ? .stored(id) : .notFound
            }
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM template WHERE clinic = ?", arguments: [clinic]) ?? 0
            guard count < limit else { return .full }
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM template WHERE id = ?", arguments: [id]) == nil else { return .moved }
            try db.execute(
                sql: "INSERT INTO template (id, clinic, epoch, sealed, date) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, clinic, Int64(epoch), Data(sealed), today.description])
            return .stored(id)
        }
    }

    public func deleteTemplate(clinic: String, id: String) async throws -> Bool {
        let deleted = try await write { db in
            try db.execute(sql: "DELETE FROM template WHERE id = ? AND clinic = ?", arguments: [id, clinic])
            return db.changesCount == 1
        }
        if deleted { try await checkpoint() }
        return deleted
    }

    /// The desk's rows of a thread, inside its deletion.
    static func deleteDesk(thread: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM seen WHERE thread = ?").execute(arguments: [thread])
        try db.cachedStatement(sql: "DELETE FROM note WHERE thread = ?").execute(arguments: [thread])
    }
}
