import Foundation
import LuckaCore
import PostgresNIO

/// The counsellors' desk, as SQLiteRelayStore+Desk: the queue's order, handlers, unread per
/// staff member, sealed notes and templates.
extension PostgresRelayStore {
    public func inbox(_ query: InboxQuery) async throws -> [InboxRow] {
        try await read { db in
            let threads = try await db.select(DeskStatements.queue(query)).map(ThreadRow.init)
            let ids = threads.map(\.id)
            var latest: [Int64: MessageRecord] = [:]
            for row in try await db.select(DeskStatements.latestMessages(of: ids)) { latest[try row.integer("thread")] = try MessageRecord(row) }
            var unread: [Int64: Int] = [:]
            if let staffID = query.staffID {
                for row in try await db.select(DeskStatements.unread(in: ids, staffID: staffID)) {
                    unread[try row.integer("thread")] = try row.int("unread")
                }
            }
            return threads.map { InboxRow(thread: $0, latest: latest[$0.id], unreadForCaller: unread[$0.id] ?? 0) }
        }
    }

    public func setHandler(thread: Int64, staffID: String?, audit: AuditRecord?) async throws {
        try await write { db in
            guard try await db.execute(DeskStatements.setHandler(thread: thread, staffID: staffID)) == 1 else {
                throw StoreError(.notFound, "the thread is gone")
            }
            try await Self.record(audit, db)
        }
    }

    public func markSeen(thread: Int64, staffID: String, messageCount: Int, audit: AuditRecord?) async throws {
        try await write { db in
            try await db.execute(DeskStatements.markSeen(thread: thread, staffID: staffID, messageCount: messageCount))
            try await Self.record(audit, db)
        }
    }

    public func inboxCount(clinic: String, staffID: String) async throws -> InboxCount {
        try await read { db in
            InboxCount(
                waiting: try await db.selectOne(DeskStatements.waiting(clinic: clinic))?.int("n") ?? 0,
                unreadForMe: try await db.selectOne(DeskStatements.unread(clinic: clinic, staffID: staffID))?.int("n") ?? 0)
        }
    }

    public func audit(staffID: String, action: String, threadHandle: String?, today: Day) async throws {
        try await write { db in try await Self.record(AuditRecord(staffID: staffID, action: action, threadHandle: threadHandle, today: today), db) }
    }

    /// Writes a staff action's audit row, inside the action's own transaction.
    static func record(_ audit: AuditRecord?, _ db: PostgresConnection) async throws {
        guard let audit else { return }
        try await db.execute(DeskStatements.insertAudit(
            id: try await freeID(in: .audit, db), staffID: audit.staffID, action: audit.action, threadHandle: audit.threadHandle, today: audit.today))
    }

    public func auditLog(clinic: String, from: Day?, to: Day?, limit: Int) async throws -> [AuditEntry] {
        try await read { db in try await db.select(DeskStatements.auditLog(clinic: clinic, from: from, to: to, limit: limit)).map(AuditEntry.init) }
    }

    // MARK: Notes and templates (sealed; SealedNote)

    public func addNote(thread: Int64, epoch: UInt32, sealed: [UInt8], expected: (seq: Int, afterSeq: Int)?, today: Day, limit: Int, audit: AuditRecord?)
        async throws -> SealedOutcome
    {
        try await write { db in
            // The thread's row lock orders notes of one thread (and their count).
            guard let row = try await db.selectOne(DeskStatements.noteThread(thread)) else { return .notFound }
            let clinic = try row.text("clinic")
            try await Self.lockClinic(db, clinic, exclusive: false)
            guard try await Self.currentEpoch(db, clinic: clinic) == Int64(epoch) else { return .staleEpoch }
            let messageCount = try row.int("message_count")
            guard let counts = try await db.selectOne(DeskStatements.noteCount(thread: thread)) else { return .notFound }
            switch try NotePlacement(counts: counts, messageCount: messageCount).seq(expected: expected, limit: limit) {
            case .failure(let refused):
                return refused.outcome
            case .success(let seq):
                try await db.execute(DeskStatements.insertNote(
                    id: try await Self.freeID(in: .note, db), thread: thread, seq: seq, afterSeq: messageCount, epoch: epoch, sealed: sealed,
                    today: today))
                try await Self.record(audit, db)
                return .stored(String(seq))
            }
        }
    }

    public func notes(thread: Int64) async throws -> [NoteRecord] {
        try await read { db in try await db.select(DeskStatements.notes(thread: thread)).map(NoteRecord.init) }
    }

    public func templates(clinic: String) async throws -> [TemplateRecord] {
        try await read { db in try await db.select(DeskStatements.templates(clinic: clinic)).map(TemplateRecord.init) }
    }

    public func putTemplate(clinic: String, id: String, replacing: Bool, epoch: UInt32, sealed: [UInt8], today: Day, limit: Int, audit: AuditRecord?)
        async throws -> SealedOutcome
    {
        try await write { db in
            try await Self.lockClinic(db, clinic, exclusive: false)
            // One template change per clinic at a time, so the count below holds.
            try await db.execute("SELECT pg_advisory_xact_lock(2, hashtext(\(clinic)))")
            guard try await Self.currentEpoch(db, clinic: clinic) == Int64(epoch) else { return .staleEpoch }
            if replacing {
                guard try await db.execute(DeskStatements.replaceTemplate(clinic: clinic, id: id, epoch: epoch, sealed: sealed, today: today)) == 1 else {
                    return .notFound
                }
                try await Self.record(audit, db)
                return .stored(id)
            }
            guard try await db.selectOne(DeskStatements.templateCount(clinic: clinic))?.int("n") ?? 0 < limit else { return .full }
            guard try await db.selectOne(DeskStatements.templateExists(id: id)) == nil else { return .moved }
            try await db.execute(DeskStatements.insertTemplate(clinic: clinic, id: id, epoch: epoch, sealed: sealed, today: today))
            try await Self.record(audit, db)
            return .stored(id)
        }
    }

    public func deleteTemplate(clinic: String, id: String, audit: AuditRecord?) async throws -> Bool {
        let deleted = try await write { db in
            guard try await db.execute(DeskStatements.deleteTemplate(clinic: clinic, id: id)) == 1 else { return false }
            try await Self.record(audit, db)
            return true
        }
        if deleted { vacuum.request() }
        return deleted
    }
}
