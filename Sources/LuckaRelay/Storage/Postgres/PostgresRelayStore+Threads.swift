import Foundation
import LuckaCore
import PostgresNIO

extension PostgresRelayStore {
    public func createThread(_ thread: NewThread) async throws {
        try await write { db in
            let id = try await Self.freeID(in: "thread", db)
            let today = thread.today.description
            try await db.run("""
                INSERT INTO thread (id, lookup_hash, handle, clinic, channel, status, writer_key, created, last_activity, expires,
                    message_count, unread, count_day, writer_today, clinic_today, waiting_since)
                VALUES (\(id), \(Data(thread.lookupHash)), \(thread.handle), \(thread.clinic), \(thread.channel.rawValue), 'new',
                    \(Data(thread.writerKey)), \(today), \(today), \(thread.expires.description), 1, 1, \(today), 1, 0, \(today))
                """)
            let messageID = try await Self.freeID(in: "message", db)
            try await db.run("""
                INSERT INTO message (id, thread, seq, author, epoch, ciphertext, date)
                VALUES (\(messageID), \(id), 1, 'writer', \(Int64(thread.epoch)), \(Data(thread.ciphertext)), \(today))
                """)
            try await Self.countNewThread(thread, db)
        }
    }

    public func thread(lookupHash: [UInt8]) async throws -> ThreadRow? {
        try await read { db in try await db.row("SELECT * FROM thread WHERE lookup_hash = \(Data(lookupHash))").map(Self.thread) }
    }

    public func thread(handle: String, clinic: String) async throws -> ThreadRow? {
        try await read { db in try await db.row("SELECT * FROM thread WHERE handle = \(handle) AND clinic = \(clinic)").map(Self.thread) }
    }

    public func messages(thread: Int64) async throws -> [MessageRecord] {
        try await read { db in try await db.rows("SELECT * FROM message WHERE thread = \(thread) ORDER BY seq").map(Self.message) }
    }

    public func threadWithMessages(lookupHash: [UInt8]) async throws -> (ThreadRow, [MessageRecord])? {
        let found = try await read { db -> ThreadWithMessages? in
            guard let row = try await db.row("SELECT * FROM thread WHERE lookup_hash = \(Data(lookupHash))") else { return nil }
            let thread = try Self.thread(row)
            let messages = try await db.rows("SELECT * FROM message WHERE thread = \(thread.id) ORDER BY seq").map(Self.message)
            return ThreadWithMessages(thread: thread, messages: messages)
        }
        return found.map { ($0.thread, $0.messages) }
    }

    public func append(_ message: NewMessage, dailyLimit: Int) async throws -> AppendOutcome {
        try await write { db in
            guard let clinic = try await db.value("SELECT clinic FROM thread WHERE id = \(message.thread)", as: String.self) else {
                throw StoreError(.notFound, "the thread is gone")
            }
            // Held until commit: no new epoch can begin between this check and the insert.
            try await Self.lockClinic(db, clinic, exclusive: false)
            guard try await Self.currentEpoch(db, clinic: clinic) == Int64(message.epoch) else { return .staleEpoch }
            // The thread's row lock (taken by the UPDATE) orders concurrent posts to one thread;
            // its WHERE is evaluated again on the latest row, so the daily limit holds.
            guard let context = try await Self.appendContext(thread: message.thread, db) else { throw StoreError(.notFound, "the thread is gone") }
            let writer = message.author == .writer
            let today = message.today.description
            let unanswered = (message.expiresIfUnanswered ?? message.expires).description
            let updated: PostgresQuery =
                writer
                ? """
                    UPDATE thread SET message_count = message_count + 1, unread = unread + 1, status = 'new',
                        writer_today = CASE WHEN count_day = \(today) THEN writer_today + 1 ELSE 1 END,
                        clinic_today = CASE WHEN count_day = \(today) THEN clinic_today ELSE 0 END,
                        count_day = \(today), last_activity = \(today),
                        waiting_since = coalesce(waiting_since, \(today)),
                        expires = CASE WHEN clinic_replied THEN \(message.expires.description) ELSE \(unanswered) END
                    WHERE id = \(message.thread) AND (count_day != \(today) OR writer_today < \(dailyLimit))
                    RETURNING message_count
                    """
                : """
                    UPDATE thread SET message_count = message_count + 1, unread = 0, status = 'answered',
                        clinic_today = CASE WHEN count_day = \(today) THEN clinic_today + 1 ELSE 1 END,
                        writer_today = CASE WHEN count_day = \(today) THEN writer_today ELSE 0 END,
                        count_day = \(today), last_activity = \(today), clinic_replied = true, waiting_since = NULL,
                        expires = \(message.expires.description)
                    WHERE id = \(message.thread) AND (count_day != \(today) OR clinic_today < \(dailyLimit))
                    RETURNING message_count
                    """
            guard let seq = try await db.value(updated, as: Int.self) else { return .dailyLimit }
            let id = try await Self.freeID(in: "message", db)
            try await db.run("""
                INSERT INTO message (id, thread, seq, author, epoch, ciphertext, date)
                VALUES (\(id), \(message.thread), \(seq), \(message.author.name), \(Int64(message.epoch)), \(Data(message.ciphertext)), \(today))
                """)
            try await Self.countAppended(message, context, db)
            return .stored(MessageRecord(seq: seq, author: message.author, epoch: message.epoch, date: today, ciphertext: message.ciphertext))
        }
    }

    public func setStatus(thread: Int64, status: ThreadStatus) async throws {
        try await write { db in
            guard try await db.run("UPDATE thread SET status = \(status.rawValue) WHERE id = \(thread) RETURNING 1") == 1 else {
                throw StoreError(.notFound, "the thread is gone")
            }
        }
    }

    public func deleteThread(_ thread: Int64) async throws {
        try await deleteThread(thread, cause: .staff, today: Day.today())
    }

    public func deleteThread(_ thread: Int64, cause: DeletionCause, today: Day) async throws {
        try await write { db in
            guard try await Self.delete(thread: thread, counting: cause, today: today, db) else {
                throw StoreError(.notFound, "the thread is gone")
            }
        }
        vacuum.request()
    }

    public func deleteUnanswered(_ thread: Int64, today: Day) async throws -> JunkDeletion {
        let outcome = try await write { db -> JunkDeletion in
            // The thread's row lock first: a reply, which locks it too, waits or is seen.
            guard try await db.row("SELECT id FROM thread WHERE id = \(thread) FOR UPDATE") != nil else { return .gone }
            if try await db.row("SELECT 1 FROM message WHERE thread = \(thread) AND author = 'clinic' LIMIT 1") != nil { return .answered }
            return try await Self.delete(thread: thread, counting: .staff, today: today, db) ? .deleted : .gone
        }
        if outcome == .deleted { vacuum.request() }
        return outcome
    }

    /// Deletes a thread with its messages, desk rows and audit rows, counting the deletion
    /// once: the row lock makes a second, concurrent deletion find nothing.
    static func delete(thread: Int64, counting cause: DeletionCause, today: Day, _ db: PostgresConnection) async throws -> Bool {
        guard let row = try await db.row("SELECT clinic, channel, handle FROM thread WHERE id = \(thread) FOR UPDATE") else { return false }
        let column =
            switch cause {
            case .writer: "deleted_writer"
            case .staff: "deleted_staff"
            case .expiry: "expired"
            }
        let channel = LuckaCore.Channel(rawValue: try row.get("channel")) ?? .self
        try await count(clinic: try row.get("clinic"), month: today.month, channel: channel, [(column, 1)], db)
        let handle: String = try row.get("handle")
        try await db.run("DELETE FROM message WHERE thread = \(thread)")
        try await db.run("DELETE FROM seen WHERE thread = \(thread)")
        try await db.run("DELETE FROM note WHERE thread = \(thread)")
        try await db.run("DELETE FROM audit WHERE thread = \(handle)")
        try await db.run("DELETE FROM thread WHERE id = \(thread)")
        return true
    }

    public func sweep(today: Day, auditBefore: Day) async throws -> Int {
        var total = 0
        // Short transactions of at most 200 threads, so posts keep flowing beside a large sweep.
        while true {
            let (deleted, more) = try await write { db -> (Int, Bool) in
                let ids = try await db.rows("SELECT id FROM thread WHERE expires < \(today.description) LIMIT 200 FOR UPDATE SKIP LOCKED")
                    .map { try $0.get("id", as: Int64.self) }
                var deleted = 0
                for id in ids where try await Self.delete(thread: id, counting: .expiry, today: today, db) { deleted += 1 }
                return (deleted, ids.count == 200)
            }
            total += deleted
            if !more { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        let audits = try await write { db in
            try await db.run("DELETE FROM audit WHERE date < \(auditBefore.description) RETURNING 1")
        }
        try await purgeLedger(today: today)
        if total > 0 || audits > 0 { vacuum.request() }
        return total
    }

    public func threadCounts() async throws -> [ThreadCount] {
        try await read { db in
            try await db.rows("SELECT clinic, status, count(*) AS n FROM thread GROUP BY clinic, status ORDER BY clinic, status").map { row in
                ThreadCount(clinic: try row.get("clinic"), status: ThreadStatus(rawValue: try row.get("status")) ?? .new, count: try row.get("n"))
            }
        }
    }

    static func thread(_ row: PostgresRandomAccessRow) throws -> ThreadRow {
        ThreadRow(
            id: try row.get("id"), handle: try row.get("handle"), clinic: try row.get("clinic"),
            channel: LuckaCore.Channel(rawValue: try row.get("channel")) ?? .self, status: ThreadStatus(rawValue: try row.get("status")) ?? .new,
            writerKey: try row.bytes("writer_key"), created: try row.day("created"), lastActivity: try row.day("last_activity"),
            expires: try row.day("expires"), messageCount: try row.get("message_count"), unread: try row.get("unread"),
            waitingSince: try row["waiting_since"].decode(String?.self).flatMap(Day.init), handler: try row["handler"].decode(String?.self))
    }

    static func message(_ row: PostgresRandomAccessRow) throws -> MessageRecord {
        MessageRecord(
            seq: try row.get("seq"), author: try row.get("author", as: String.self) == "clinic" ? .clinic : .writer,
            epoch: UInt32(try row.get("epoch", as: Int64.self)), date: try row.get("date"), ciphertext: try row.bytes("ciphertext"))
    }
}

/// A thread and its messages, as one Sendable value out of a read.
struct ThreadWithMessages: Sendable {
    var thread: ThreadRow
    var messages: [MessageRecord]
}
