import Foundation
import GRDB
import LuckaCore

extension SQLiteRelayStore {
    public func createThread(_ thread: NewThread) async throws {
        try await write { db in
            let id = try Self.freeID(in: .thread, db)
            try db.execute(ThreadStatements.insert(thread, id: id))
            try db.execute(ThreadStatements.insertMessage(
                id: try Self.freeID(in: .message, db), thread: id, seq: 1, author: .writer, epoch: thread.epoch, ciphertext: thread.ciphertext,
                date: thread.today))
            try Self.count([StatisticsCount.newThread(thread)], db)
            try Self.raiseNoticeFlag(clinic: thread.clinic, db)
        }
    }

    /// A random row id not yet used in `table` (a clash is a one-in-10^12 event at a
    /// million rows; the check costs one index lookup).
    static func freeID(in table: StoredTable, _ db: Database) throws -> Int64 {
        while true {
            let id = Identifier.rowID()
            if try db.selectOne(ThreadStatements.row(id: id, in: table)) == nil { return id }
        }
    }

    public func thread(lookupHash: [UInt8]) async throws -> ThreadRow? {
        try await read { db in try db.selectOne(ThreadStatements.byLookupHash(lookupHash)).map(ThreadRow.init) }
    }

    public func thread(handle: String, clinic: String) async throws -> ThreadRow? {
        try await read { db in try db.selectOne(ThreadStatements.byHandle(handle, clinic: clinic)).map(ThreadRow.init) }
    }

    public func messages(thread: Int64) async throws -> [MessageRecord] {
        try await read { db in try db.select(ThreadStatements.messages(thread: thread)).map(MessageRecord.init) }
    }

    public func threadWithMessages(lookupHash: [UInt8]) async throws -> (ThreadRow, [MessageRecord])? {
        try await read { db in
            guard let row = try db.selectOne(ThreadStatements.byLookupHash(lookupHash)) else { return nil }
            let thread = try ThreadRow(row)
            return (thread, try db.select(ThreadStatements.messages(thread: thread.id)).map(MessageRecord.init))
        }
    }

    public func append(_ message: NewMessage, dailyLimit: Int, audit: AuditRecord?) async throws -> AppendOutcome {
        try await write { db in
            // Both checks run inside the write, so concurrent posts cannot pass them together.
            let current = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT max(epoch) FROM inbox_key WHERE clinic = (SELECT clinic FROM thread WHERE id = ?)"),
                arguments: [message.thread])
            guard current == Int64(message.epoch) else {
                if try db.selectOne(ThreadStatements.row(id: message.thread, in: .thread)) == nil {
                    throw StoreError(.notFound, "the thread is gone")
                }
                return .staleEpoch
            }
            guard let context = try db.selectOne(ThreadStatements.appendContext(thread: message.thread)).map(AppendContext.init) else {
                throw StoreError(.notFound, "the thread is gone")
            }
            guard let row = try db.selectOne(ThreadTransition(message: message, dailyLimit: dailyLimit).update) else { return .dailyLimit }
            let seq = try row.int("message_count")
            try db.execute(ThreadStatements.insertMessage(
                id: try Self.freeID(in: .message, db), thread: message.thread, seq: seq, author: message.author, epoch: message.epoch,
                ciphertext: message.ciphertext, date: message.today))
            let promise = context.isFirstAnswer(message) ? try Self.promise(clinic: context.clinic, db) : nil
            try Self.count(StatisticsCount.appended(message, to: context, promise: promise), db)
            if message.author == .writer { try Self.raiseNoticeFlag(clinic: context.clinic, db) }
            try Self.record(audit, db)
            return .stored(MessageRecord(seq: seq, author: message.author, epoch: message.epoch, date: message.today.description, ciphertext: message.ciphertext))
        }
    }

    public func setStatus(thread: Int64, status: ThreadStatus, audit: AuditRecord?) async throws {
        try await write { db in
            guard try db.selectOne(ThreadStatements.setStatus(thread: thread, status)) != nil else { throw StoreError(.notFound, "the thread is gone") }
            try Self.record(audit, db)
        }
    }

    public func deleteThread(_ thread: Int64) async throws {
        try await deleteThread(thread, cause: .staff, today: Day.today())
    }

    /// Deletes a thread with everything that goes with it (DeletionCascade); false if it was not there.
    static func delete(thread: Int64, _ db: Database) throws -> Bool {
        guard let handle = try db.selectOne("SELECT handle FROM thread WHERE id = \(thread)").map({ try $0.text("handle") }) else { return false }
        for statement in DeletionCascade.statements(thread: thread, handle: handle) { try db.execute(statement) }
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
        let audits = try await write { db in try db.execute(ThreadStatements.oldAudit(before: auditBefore)) }
        if total > 0 || audits > 0 { try await checkpoint() }
        return total
    }

    /// The longest a sweep holds the write lock at a time.
    static let sweepSlice = Duration.milliseconds(10)

    public func threadCounts() async throws -> [ThreadCount] {
        try await read { db in
            try db.select(ThreadStatements.counts).map { row in
                ThreadCount(clinic: try row.text("clinic"), status: ThreadStatus(rawValue: try row.text("status")) ?? .new, count: try row.int("n"))
            }
        }
    }
}
