import Foundation
import GRDB
import LuckaCore

extension SQLiteRelayStore {
    public func createThread(_ thread: NewThread) async throws {
        try await write { db in
            let id = try Self.freeID(in: "thread", db)
            try db.execute(
                sql: """
                    INSERT INTO thread (id, lookup_hash, handle, clinic, channel, status, writer_key, created, last_activity, expires,
                        message_count, unread, count_day, writer_today, clinic_today, waiting_since)
                    VALUES (?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, 1, 1, ?, 1, 0, ?)
                    """,
                arguments: [
                    id, Data(thread.lookupHash), thread.handle, thread.clinic, thread.channel.rawValue, Data(thread.writerKey),
                    thread.today.description, thread.today.description, thread.expires.description, thread.today.description,
                    thread.today.description,
                ])
            try db.execute(
                sql: "INSERT INTO message (id, thread, seq, author, epoch, ciphertext, date) VALUES (?, ?, 1, 'writer', ?, ?, ?)",
                arguments: [try Self.freeID(in: "message", db), id, Int64(thread.epoch), Data(thread.ciphertext), thread.today.description])
            try Self.countNewThread(thread, db)
        }
    }

    /// A random row id not yet used in `table` (a clash is a one-in-10^12 event at a
    /// million rows; the check costs one index lookup).
    static func freeID(in table: String, _ db: Database) throws -> Int64 {
        while true {
            let id = Identifier.rowID()
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM \(table) WHERE id = ?"), arguments: [id]) == nil { return id }
        }
    }

    public func thread(lookupHash: [UInt8]) async throws -> ThreadRow? {
        try await read { db in
            // Hot paths use cached (prepared once per connection) statements.
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM thread WHERE lookup_hash = ?"), arguments: [Data(lookupHash)]).map(Self.thread)
        }
    }

    public func thread(handle: String, clinic: String) async throws -> ThreadRow? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM thread WHERE handle = ? AND clinic = ?", arguments: [handle, clinic]).map(Self.thread)
        }
    }

    public func messages(thread: Int64) async throws -> [MessageRecord] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM message WHERE thread = ? ORDER BY seq"), arguments: [thread]).map(Self.message)
        }
    }

    public func threadWithMessages(lookupHash: [UInt8]) async throws -> (ThreadRow, [MessageRecord])? {
        try await read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM thread WHERE lookup_hash = ?"), arguments: [Data(lookupHash)]) else {
                return nil
            }
            let thread = Self.thread(row)
            let messages = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM message WHERE thread = ? ORDER BY seq"), arguments: [thread.id])
            return (thread, messages.map(Self.message))
        }
    }

    public func append(_ message: NewMessage, dailyLimit: Int) async throws -> AppendOutcome {
        try await write { db in
            // Both checks run inside the write, so concurrent posts cannot pass them together.
            let current = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT max(epoch) FROM inbox_key WHERE clinic = (SELECT clinic FROM thread WHERE id = ?)"),
                arguments: [message.thread])
            guard current == Int64(message.epoch) else {
                if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM thread WHERE id = ?"), arguments: [message.thread]) == nil {
                    throw StoreError(.notFound, "the thread is gone")
                }
                return .staleEpoch
            }
            guard let context = try Self.appendContext(thread: message.thread, db) else { throw StoreError(.notFound, "the thread is gone") }
            // A writer message reopens the thread; a clinic reply marks it answered. The
            // per-day counts restart on a new day. A thread the clinic has never answered
            // keeps the short expiry. The writer's waiting begins with the first message after
            // the clinic's last one and ends with the clinic's reply.
            let writer = message.author == .writer
            let status = writer ? "new" : "answered"
            let unread = writer ? "unread + 1" : "0"
            let (mine, theirs) = writer ? ("writer_today", "clinic_today") : ("clinic_today", "writer_today")
            let today = message.today.description
            try db.cachedStatement(
                sql: """
                    UPDATE thread SET message_count = message_count + 1, unread = \(unread), status = ?,
                        \(mine) = CASE WHEN count_day = ? THEN \(mine) + 1 ELSE 1 END,
                        \(theirs) = CASE WHEN count_day = ? THEN \(theirs) ELSE 0 END,
                        count_day = ?, last_activity = ?, clinic_replied = \(writer ? "clinic_replied" : "1"),
                        waiting_since = CASE WHEN ? THEN coalesce(waiting_since, ?) ELSE NULL END,
                        expires = CASE WHEN clinic_replied = 1 OR ? THEN ? ELSE ? END
                    WHERE id = ? AND (count_day != ? OR \(mine) < ?)
                    """
            ).execute(arguments: [
                status, today, today, today, today, writer, today, !writer, message.expires.description,
                (message.expiresIfUnanswered ?? message.expires).description, message.thread, today, dailyLimit,
            ])
            guard db.changesCount == 1 else { return .dailyLimit }
            let seq = try Int.fetchOne(db.cachedStatement(sql: "SELECT message_count FROM thread WHERE id = ?"), arguments: [message.thread]) ?? 0
            try db.cachedStatement(sql: "INSERT INTO message (id, thread, seq, author, epoch, ciphertext, date) VALUES (?, ?, ?, ?, ?, ?, ?)").execute(
                arguments: [try Self.freeID(in: "message", db), message.thread, seq, message.author.name, Int64(message.epoch), Data(message.ciphertext), today])
            try Self.countAppended(message, context, db)
            return .stored(MessageRecord(seq: seq, author: message.author, epoch: message.epoch, date: today, ciphertext: message.ciphertext))
        }
    }

    public func setStatus(thread: Int64, status: ThreadStatus) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE thread SET status = ? WHERE id = ?", arguments: [status.rawValue, thread])
            guard db.changesCount == 1 else { throw StoreError(.notFound, "the thread is gone") }
        }
    }

    public func deleteThread(_ thread: Int64) async throws {
        try await deleteThread(thread, cause: .staff, today: Day.today())
    }

    /// Deletes a thread, its messages and its audit rows; false if it was not there.
    static func delete(thread: Int64, _ db: Database) throws -> Bool {
        guard let handle = try String.fetchOne(db.cachedStatement(sql: "SELECT handle FROM thread WHERE id = ?"), arguments: [thread]) else {
            return false
        }
        try db.cachedStatement(sql: "DELETE FROM message WHERE thread = ?").execute(arguments: [thread])
        try deleteDesk(thread: thread, db)
        try db.cachedStatement(sql: "DELETE FROM audit WHERE thread = ?").execute(arguments: [handle])
        try db.cachedStatement(sql: "DELETE FROM thread WHERE id = ?").execute(arguments: [thread])
        return true
    }

    public func sweep(today: Day, auditBefore: Day) async throws -> Int {
        var total = 0
        // In short transactions with pauses between them, so that posts keep flowing
        // while a large sweep runs, in this process (through the group commit) and in a
        // relay beside an operator's `lucka-relay sweep` (through SQLite's busy wait).
        // With `secure_delete` a thread costs about half a millisecond to delete.
        while true {
            let started = ContinuousClock.now
            let (deleted, more) = try await write { db -> (Int, Bool) in
                let ids = try Int64.fetchAll(
                    db.cachedStatement(sql: "SELECT id FROM thread WHERE expires < ? LIMIT 200"), arguments: [today.description])
                var deleted = 0
                for id in ids {
                    if try Self.delete(thread: id, counting: .expiry, today: today, db) { deleted += 1 }
                    if ContinuousClock.now - started > Self.sweepSlice { return (deleted, true) }
                }
                return (deleted, ids.count == 200)
            }
            total += deleted
            if !more { break }
            try await Task.sleep(for: max(ContinuousClock.now - started, .milliseconds(1)))
        }
        // Audit rows of living threads and of staff actions age out with the retention.
        let audits = try await write { db in
            try db.execute(sql: "DELETE FROM audit WHERE date < ?", arguments: [auditBefore.description])
            return db.changesCount
        }
        if total > 0 || audits > 0 { try await checkpoint() }
        return total
    }

    /// The longest a sweep holds the write lock at a time.
    static let sweepSlice = Duration.milliseconds(10)

    public func threadCounts() async throws -> [ThreadCount] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT clinic, status, count(*) AS n FROM thread GROUP BY clinic, status ORDER BY clinic, status").map { row in
                ThreadCount(clinic: row["clinic"], status: ThreadStatus(rawValue: row["status"]) ?? .new, count: row["n"])
            }
        }
    }

    static func thread(_ row: Row) -> ThreadRow {
        ThreadRow(
            id: row["id"], handle: row["handle"], clinic: row["clinic"],
            channel: Channel(rawValue: row["channel"]) ?? .self, status: ThreadStatus(rawValue: row["status"]) ?? .new,
            writerKey: bytes(row["writer_key"]), created: day(row["created"]), lastActivity: day(row["last_activity"]),
            expires: day(row["expires"]), messageCount: row["message_count"], unread: row["unread"],
            waitingSince: (row["waiting_since"] as String?).flatMap(Day.init), handler: row["handler"])
    }

    static func message(_ row: Row) -> MessageRecord {
        MessageRecord(
            seq: row["seq"], author: (row["author"] as String) == "clinic" ? .clinic : .writer,
            epoch: UInt32(row["epoch"] as Int64), date: row["date"], ciphertext: bytes(row["ciphertext"]))
    }
}
