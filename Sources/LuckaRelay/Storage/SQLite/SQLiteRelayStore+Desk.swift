import Foundation
import GRDB
import LuckaCore

/// The counsellors' desk: the queue's order, who handles a thread, unread per staff member,
/// sealed notes and templates.
extension SQLiteRelayStore {
    public func inbox(_ query: InboxQuery) async throws -> [InboxRow] {
        try await read { db in
            let threads = try db.select(DeskStatements.queue(query)).map(ThreadRow.init)
            let ids = threads.map(\.id)
            var latest: [Int64: MessageRecord] = [:]
            for row in try db.select(DeskStatements.latestMessages(of: ids)) { latest[try row.integer("thread")] = try MessageRecord(row) }
            var unread: [Int64: Int] = [:]
            if let staffID = query.staffID {
                for row in try db.select(DeskStatements.unread(in: ids, staffID: staffID)) { unread[try row.integer("thread")] = try row.int("unread") }
            }
            return threads.map { InboxRow(thread: $0, latest: latest[$0.id], unreadForCaller: unread[$0.id] ?? 0) }
        }
    }

    public func setHandler(thread: Int64, staffID: String?, audit: AuditRecord?) async throws {
        try await write { db in
            guard try db.selectOne(DeskStatements.setHandler(thread: thread, staffID: staffID)) != nil else {
                throw StoreError(.notFound, "the thread is gone")
            }
            try Self.record(audit, db)
        }
    }

    public func markSeen(thread: Int64, staffID: String, messageCount: Int, audit: AuditRecord?) async throws {
        try await write { db in
            try db.execute(DeskStatements.markSeen(thread: thread, staffID: staffID, messageCount: messageCount))
            try Self.record(audit, db)
        }
    }

    public func inboxCount(clinic: String, staffID: String) async throws -> InboxCount {
        try await read { db in
            InboxCount(
                waiting: try db.selectOne(DeskStatements.waiting(clinic: clinic))?.int("n") ?? 0,
                unreadForMe: try db.selectOne(DeskStatements.unread(clinic: clinic, staffID: staffID))?.int("n") ?? 0)
        }
    }

    public func audit(staffID: String, action: String, threadHandle: String?, today: Day) async throws {
        try await write { db in try Self.record(AuditRecord(staffID: staffID, action: action, threadHandle: threadHandle, today: today), db) }
    }

    /// Writes a staff action's audit row, inside the action's own transaction.
    static func record(_ audit: AuditRecord?, _ db: Database) throws {
        guard let audit else { return }
        try db.execute(DeskStatements.insertAudit(
            id: try freeID(in: .audit, db), staffID: audit.staffID, action: audit.action, threadHandle: audit.threadHandle, today: audit.today))
    }

    public func auditLog(clinic: String, from: Day?, to: Day?, limit: Int) async throws -> [AuditEntry] {
        try await read { db in try db.select(DeskStatements.auditLog(clinic: clinic, from: from, to: to, limit: limit)).map(AuditEntry.init) }
    }

    // MARK: Notes and templates (sealed; SealedNote)

    public func addNote(thread: Int64, epoch: UInt32, sealed: [UInt8], expected: (seq: Int, afterSeq: Int)?, today: Day, limit: Int, audit: AuditRecord?)
        async throws -> SealedOutcome
    {
        try await write { db in
            guard let row = try db.selectOne(DeskStatements.noteThread(thread)) else { return .notFound }
            guard try db.selectOne(DeskStatements.currentEpoch(clinic: try row.text("clinic")))?.optionalInteger("epoch") == Int64(epoch) else {
                return .staleEpoch
            }
            let messageCount = try row.int("message_count")
            guard let counts = try db.selectOne(DeskStatements.noteCount(thread: thread)) else { return .notFound }
            let placement = try NotePlacement(counts: counts, messageCount: messageCount)
            switch placement.seq(expected: expected, limit: limit) {
            case .failure(let refused):
                return refused.outcome
            case .success(let seq):
                try db.execute(DeskStatements.insertNote(
                    id: try Self.freeID(in: .note, db), thread: thread, seq: seq, afterSeq: messageCount, epoch: epoch, sealed: sealed, today: today))
                try Self.record(audit, db)
                return .stored(String(seq))
            }
        }
    }

    public func notes(thread: Int64) async throws -> [NoteRecord] {
        try await read { db in try db.select(DeskStatements.notes(thread: thread)).map(NoteRecord.init) }
    }

    public func templates(clinic: String) async throws -> [TemplateRecord] {
        try await read { db in try db.select(DeskStatements.templates(clinic: clinic)).map(TemplateRecord.init) }
    }

    /// Adds (`id` new) or replaces (`replacing`) a clinic's sealed template.
    public func putTemplate(clinic: String, id: String, replacing: Bool, epoch: UInt32, sealed: [UInt8], today: Day, limit: Int, audit: AuditRecord?)
        async throws -> SealedOutcome
    {
        try await write { db in
            guard try db.selectOne(DeskStatements.currentEpoch(clinic: clinic))?.optionalInteger("epoch") == Int64(epoch) else { return .staleEpoch }
            if replacing {
                guard try db.selectOne(DeskStatements.replaceTemplate(clinic: clinic, id: id, epoch: epoch, sealed: sealed, today: today)) != nil else {
                    return .notFound
                }
                try Self.record(audit, db)
                return .stored(id)
            }
            guard try db.selectOne(DeskStatements.templateCount(clinic: clinic))?.int("n") ?? 0 < limit else { return .full }
            guard try db.selectOne(DeskStatements.templateExists(id: id)) == nil else { return .moved }
            try db.execute(DeskStatements.insertTemplate(clinic: clinic, id: id, epoch: epoch, sealed: sealed, today: today))
            try Self.record(audit, db)
            return .stored(id)
        }
    }

    public func deleteTemplate(clinic: String, id: String, audit: AuditRecord?) async throws -> Bool {
        let deleted = try await write { db in
            guard try db.selectOne(DeskStatements.deleteTemplate(clinic: clinic, id: id)) != nil else { return false }
            try Self.record(audit, db)
            return true
        }
        if deleted { try await checkpoint() }
        return deleted
    }
}
