import Foundation
import LuckaCore
import PostgresNIO

/// The counsellors' desk, as SQLiteRelayStore+Desk: the queue's order, handlers, unread per
/// staff member, sealed notes and templates.
extension PostgresRelayStore {
    public func inbox(_ query: InboxQuery) async throws -> [InboxRow] {
        var bindings = PostgresBindings()
        func bind(_ value: String) -> String {
            bindings.append(value)
            return "$\(bindings.count)"
        }
        var inner = """
            SELECT thread.*, (status = 'new' AND waiting_since IS NOT NULL) AS waiting,
                CASE WHEN status = 'new' AND waiting_since IS NOT NULL THEN waiting_since ELSE last_activity END AS queue_day
            FROM thread WHERE clinic = \(bind(query.clinic))
            """
        if let channel = query.channel { inner += " AND channel = \(bind(channel.rawValue))" }
        if let status = query.status { inner += " AND status = \(bind(status.rawValue))" }
        switch query.handler {
        case .staff(let id): inner += " AND handler = \(bind(id))"
        case .nobody: inner += " AND handler IS NULL"
        case nil: break
        }
        if let day = query.waitingOnOrBefore { inner += " AND status = 'new' AND waiting_since <= \(bind(day.description))" }
        var sql = "SELECT * FROM (\(inner)) AS queue"
        if let after = query.after {
            // The cursor carries its own sort key; nothing is looked up by it.
            let day = bind(after.day.description)
            let handle = bind(after.handle)
            sql +=
                after.waiting
                ? " WHERE (waiting AND (queue_day > \(day) OR (queue_day = \(day) AND handle > \(handle)))) OR NOT waiting"
                : " WHERE NOT waiting AND (queue_day < \(day) OR (queue_day = \(day) AND handle < \(handle)))"
        }
        bindings.append(query.limit)
        sql += """
             ORDER BY waiting DESC, CASE WHEN waiting THEN queue_day END ASC, CASE WHEN waiting THEN handle END ASC,
                queue_day DESC, handle DESC LIMIT $\(bindings.count)
            """
        let statement = PostgresQuery(unsafeSQL: sql, binds: bindings)
        let staffID = query.staffID
        return try await read { db in
            let threads = try await db.rows(statement).map(Self.thread)
            let ids = threads.map(\.id)
            // Three round trips for a page, not two per row: the page, the latest message
            // of each of its threads, and the caller's unread counts.
            var latest: [Int64: MessageRecord] = [:]
            for row in try await db.rows("""
                SELECT DISTINCT ON (thread) * FROM message WHERE thread = ANY(\(ids)) ORDER BY thread, seq DESC
                """) {
                latest[try row.get("thread")] = try Self.message(row)
            }
            var unread: [Int64: Int] = [:]
            if let staffID {
                for row in try await db.rows("""
                    SELECT message.thread, count(*) AS unread FROM message
                    LEFT JOIN seen ON seen.thread = message.thread AND seen.staff = \(staffID)
                    WHERE message.thread = ANY(\(ids)) AND message.author = 'writer' AND message.seq > coalesce(seen.seen_count, 0)
                    GROUP BY message.thread
                    """) {
                    unread[try row.get("thread")] = try row.get("unread", as: Int.self)
                }
            }
            return threads.map { InboxRow(thread: $0, latest: latest[$0.id], unreadForCaller: unread[$0.id] ?? 0) }
        }
    }

    public func setHandler(thread: Int64, staffID: String?) async throws {
        try await write { db in
            guard try await db.run("UPDATE thread SET handler = \(staffID) WHERE id = \(thread) RETURNING 1") == 1 else {
                throw StoreError(.notFound, "the thread is gone")
            }
        }
    }

    public func markSeen(thread: Int64, staffID: String, messageCount: Int) async throws {
        try await write { db in
            // Never backwards: a slow read that fetched fewer messages does not undo a later one.
            try await db.run("""
                INSERT INTO seen (thread, staff, seen_count) SELECT \(thread), \(staffID), \(messageCount)
                    WHERE EXISTS (SELECT 1 FROM thread WHERE id = \(thread))
                ON CONFLICT (thread, staff) DO UPDATE SET seen_count = greatest(seen.seen_count, excluded.seen_count)
                """)
        }
    }

    public func inboxCount(clinic: String, staffID: String) async throws -> InboxCount {
        try await read { db in
            let waiting = try await db.value(
                "SELECT count(*) FROM thread WHERE clinic = \(clinic) AND status = 'new' AND waiting_since IS NOT NULL", as: Int.self) ?? 0
            let unread = try await db.value("""
                SELECT count(*) FROM message JOIN thread ON thread.id = message.thread
                LEFT JOIN seen ON seen.thread = thread.id AND seen.staff = \(staffID)
                WHERE thread.clinic = \(clinic) AND message.author = 'writer' AND message.seq > coalesce(seen.seen_count, 0)
                """, as: Int.self) ?? 0
            return InboxCount(waiting: waiting, unreadForMe: unread)
        }
    }

    public func audit(staffID: String, action: String, threadHandle: String?, today: Day) async throws {
        try await write { db in
            let id = try await Self.freeID(in: "audit", db)
            try await db.run("""
                INSERT INTO audit (id, staff, action, thread, date) VALUES (\(id), \(staffID), \(action), \(threadHandle), \(today.description))
                """)
        }
    }

    public func auditLog(clinic: String, limit: Int) async throws -> [AuditEntry] {
        try await auditLog(clinic: clinic, from: nil, to: nil, limit: limit)
    }

    public func auditLog(clinic: String, from: Day?, to: Day?, limit: Int) async throws -> [AuditEntry] {
        let first = from?.description ?? "0000-00-00"
        let last = to?.description ?? "9999-99-99"
        return try await read { db in
            try await db.rows("""
                SELECT audit.* FROM audit JOIN staff ON staff.id = audit.staff
                WHERE staff.clinic = \(clinic) AND audit.date >= \(first) AND audit.date <= \(last)
                ORDER BY audit.date DESC, audit.id LIMIT \(limit)
                """
            ).map {
                AuditEntry(
                    staffID: try $0.get("staff"), action: try $0.get("action"), thread: try $0["thread"].decode(String?.self),
                    date: try $0.get("date"))
            }
        }
    }

    // MARK: Notes and templates (sealed; SealedNote)

    public func addNote(thread: Int64, epoch: UInt32, sealed: [UInt8], expected: (seq: Int, afterSeq: Int)?, today: Day, limit: Int)
        async throws -> SealedOutcome
    {
        try await write { db in
            // The thread's row lock orders notes of one thread (and their count).
            guard let row = try await db.row("SELECT clinic, message_count FROM thread WHERE id = \(thread) FOR UPDATE") else {
                return .notFound
            }
            let clinic: String = try row.get("clinic")
            try await Self.lockClinic(db, clinic, exclusive: false)
            guard try await Self.currentEpoch(db, clinic: clinic) == Int64(epoch) else { return .staleEpoch }
            let counts = try await db.row("SELECT count(*) AS n, coalesce(max(seq), 0) AS last FROM note WHERE thread = \(thread)")
            let count = try counts?.get("n", as: Int.self) ?? 0
            let last = try counts?.get("last", as: Int.self) ?? 0
            guard count < limit else { return .full }
            if let expected, expected != (last + 1, try row.get("message_count", as: Int.self)) { return .moved }
            let id = try await Self.freeID(in: "note", db)
            try await db.run("""
                INSERT INTO note (id, thread, seq, after_seq, epoch, sealed, date)
                VALUES (\(id), \(thread), \(last + 1), \(try row.get("message_count", as: Int.self)), \(Int64(epoch)), \(Data(sealed)),
                    \(today.description))
                """)
            return .stored(String(last + 1))
        }
    }

    public func notes(thread: Int64) async throws -> [NoteRecord] {
        try await read { db in
            try await db.rows("SELECT * FROM note WHERE thread = \(thread) ORDER BY seq").map { row in
                NoteRecord(
                    seq: try row.get("seq"), afterSeq: try row.get("after_seq"), epoch: UInt32(try row.get("epoch", as: Int64.self)),
                    sealed: try row.bytes("sealed"), date: try row.get("date"))
            }
        }
    }

    public func templates(clinic: String) async throws -> [TemplateRecord] {
        try await read { db in
            try await db.rows("SELECT * FROM template WHERE clinic = \(clinic) ORDER BY id").map { row in
                TemplateRecord(
                    id: try row.get("id"), epoch: UInt32(try row.get("epoch", as: Int64.self)), sealed: try row.bytes("sealed"),
                    date: try row.get("date"))
            }
        }
    }

    public func putTemplate(clinic: String, id: String, replacing: Bool, epoch: UInt32, sealed: [UInt8], today: Day, limit: Int)
        async throws -> SealedOutcome
    {
        try await write { db in
            try await Self.lockClinic(db, clinic, exclusive: false)
            // One template change per clinic at a time, so the count below holds.
            try await db.run("SELECT pg_advisory_xact_lock(2, hashtext(\(clinic)))")
            guard try await Self.currentEpoch(db, clinic: clinic) == Int64(epoch) else { return .staleEpoch }
            if replacing {
                let changed = try await db.run("""
                    UPDATE template SET epoch = \(Int64(epoch)), sealed = \(Data(sealed)), date = \(today.description)
                    WHERE id = \(id) AND clinic = \(clinic) RETURNING 1
                    """)
                return changed == 1 ? .stored(id) : .notFound
            }
            let count = try await db.value("SELECT count(*) FROM template WHERE clinic = \(clinic)", as: Int.self) ?? 0
            guard count < limit else { return .full }
            guard try await db.row("SELECT 1 FROM template WHERE id = \(id)") == nil else { return .moved }
            try await db.run("""
                INSERT INTO template (id, clinic, epoch, sealed, date)
                VALUES (\(id), \(clinic), \(Int64(epoch)), \(Data(sealed)), \(today.description))
                """)
            return .stored(id)
        }
    }

    public func deleteTemplate(clinic: String, id: String) async throws -> Bool {
        let deleted = try await write { db in
            try await db.run("DELETE FROM template WHERE id = \(id) AND clinic = \(clinic) RETURNING 1") == 1
        }
        if deleted { vacuum.request() }
        return deleted
    }
}
