import Foundation
import LuckaCore
import PostgresNIO

extension PostgresRelayStore {
    public func createThread(_ thread: NewThread) async throws {
        try await write { db in
            let id = try await Self.freeID(in: .thread, db)
            try await db.execute(ThreadStatements.insert(thread, id: id))
            try await db.execute(ThreadStatements.insertMessage(
                id: try await Self.freeID(in: .message, db), thread: id, seq: 1, author: .writer, epoch: thread.epoch,
                ciphertext: thread.ciphertext, date: thread.today))
            try await Self.count([StatisticsCount.newThread(thread)], db)
            try await Self.raiseNoticeFlag(clinic: thread.clinic, db)
        }
    }

    public func thread(lookupHash: [UInt8]) async throws -> ThreadRow? {
        try await read { db in try await db.selectOne(ThreadStatements.byLookupHash(lookupHash)).map(ThreadRow.init) }
    }

    public func thread(handle: String, clinic: String) async throws -> ThreadRow? {
        try await read { db in try await db.selectOne(ThreadStatements.byHandle(handle, clinic: clinic)).map(ThreadRow.init) }
    }

    public func messages(thread: Int64) async throws -> [MessageRecord] {
        try await read { db in try await db.select(ThreadStatements.messages(thread: thread)).map(MessageRecord.init) }
    }

    public func threadWithMessages(lookupHash: [UInt8]) async throws -> (ThreadRow, [MessageRecord])? {
        let found = try await read { db -> ThreadWithMessages? in
            guard let row = try await db.selectOne(ThreadStatements.byLookupHash(lookupHash)) else { return nil }
            let thread = try ThreadRow(row)
            return ThreadWithMessages(thread: thread, messages: try await db.select(ThreadStatements.messages(thread: thread.id)).map(MessageRecord.init))
        }
        return found.map { ($0.thread, $0.messages) }
    }

    public func append(_ message: NewMessage, dailyLimit: Int, audit: AuditRecord?) async throws -> AppendOutcome {
        try await write { db in
            guard let clinic = try await db.selectOne("SELECT clinic FROM thread WHERE id = \(message.thread)").map({ try $0.text("clinic") }) else {
                throw StoreError(.notFound, "the thread is gone")
            }
            // Held until commit: no new epoch can begin between this check and the insert.
            try await Self.lockClinic(db, clinic, exclusive: false)
            guard try await Self.currentEpoch(db, clinic: clinic) == Int64(message.epoch) else { return .staleEpoch }
            // The thread's row lock from here on orders concurrent posts to one thread: the
            // context is the latest, and the UPDATE's WHERE keeps the daily limit.
            guard let context = try await db.selectOne(ThreadStatements.appendContext(thread: message.thread)).map(AppendContext.init)
            else { throw StoreError(.notFound, "the thread is gone") }
            guard let row = try await db.selectOne(ThreadTransition(message: message, dailyLimit: dailyLimit).update) else { return .dailyLimit }
            let seq = try row.int("message_count")
            try await db.execute(ThreadStatements.insertMessage(
                id: try await Self.freeID(in: .message, db), thread: message.thread, seq: seq, author: message.author, epoch: message.epoch,
                ciphertext: message.ciphertext, date: message.today))
            let promise = context.isFirstAnswer(message) ? try await Self.promise(clinic: context.clinic, db) : nil
            try await Self.count(StatisticsCount.appended(message, to: context, promise: promise), db)
            if message.author == .writer { try await Self.raiseNoticeFlag(clinic: context.clinic, db) }
            try await Self.record(audit, db)
            return .stored(MessageRecord(seq: seq, author: message.author, epoch: message.epoch, date: message.today.description, ciphertext: message.ciphertext))
        }
    }

    public func setStatus(thread: Int64, status: ThreadStatus, audit: AuditRecord?) async throws {
        try await write { db in
            guard try await db.execute(ThreadStatements.setStatus(thread: thread, status)) == 1 else {
                throw StoreError(.notFound, "the thread is gone")
            }
            try await Self.record(audit, db)
        }
    }

    public func deleteThread(_ thread: Int64) async throws {
        try await deleteThread(thread, cause: .staff, today: Day.today())
    }

    public func deleteThread(_ thread: Int64, cause: DeletionCause, today: Day, audit: AuditRecord?) async throws {
        try await write { db in
            guard try await Self.delete(thread: thread, counting: cause, today: today, db) else {
                throw StoreError(.notFound, "the thread is gone")
            }
            try await Self.record(audit, db)
        }
        vacuum.request()
    }

    public func deleteUnanswered(_ thread: Int64, today: Day) async throws -> JunkDeletion {
        let outcome = try await write { db -> JunkDeletion in
            // The thread's row lock first: a reply, which locks it too, waits or is seen.
            guard try await db.selectOne("SELECT id FROM thread WHERE id = \(thread) FOR UPDATE") != nil else { return .gone }
            if try await db.selectOne(StatisticsStatements.answered(thread: thread)) != nil { return .answered }
            return try await Self.delete(thread: thread, counting: .staff, today: today, db) ? .deleted : .gone
        }
        if outcome == .deleted { vacuum.request() }
        return outcome
    }

    /// Deletes a thread with its messages, desk rows and audit rows, counting the deletion
    /// once: the row lock makes a second, concurrent deletion find nothing.
    static func delete(thread: Int64, counting cause: DeletionCause, today: Day, _ db: PostgresConnection) async throws -> Bool {
        guard let row = try await db.selectOne("SELECT clinic, channel, handle FROM thread WHERE id = \(thread) FOR UPDATE") else { return false }
        let channel = LuckaCore.Channel(rawValue: try row.text("channel")) ?? .self
        try await count([StatisticsCount.deleted(clinic: try row.text("clinic"), channel: channel, cause: cause, today: today)], db)
        for statement in DeletionCascade.statements(thread: thread, handle: try row.text("handle")) { try await db.execute(statement) }
        return true
    }

    public func sweep(today: Day, auditBefore: Day) async throws -> Int {
        var total = 0
        // Short transactions of at most 200 threads, so posts keep flowing beside a large sweep.
        while true {
            let (deleted, more) = try await write { db -> (Int, Bool) in
                let ids = try await db.select("SELECT id FROM thread WHERE expires < \(today) LIMIT 200 FOR UPDATE SKIP LOCKED")
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
            try await db.execute(ThreadStatements.oldAudit(before: auditBefore) + " RETURNING 1")
        }
        try await purgeLedger(today: today)
        if total > 0 || audits > 0 { vacuum.request() }
        return total
    }

    public func threadCounts() async throws -> [ThreadCount] {
        try await read { db in
            try await db.select(ThreadStatements.counts).map { row in
                ThreadCount(clinic: try row.text("clinic"), status: ThreadStatus(rawValue: try row.text("status")) ?? .new, count: try row.int("n"))
            }
        }
    }
}

/// A thread and its messages, as one Sendable value out of a read.
struct ThreadWithMessages: Sendable {
    var thread: ThreadRow
    var messages: [MessageRecord]
}
