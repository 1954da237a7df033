import Foundation
import GRDB
import LuckaCore

/// The statistics counters (issue 14): per clinic, month and channel, added to inside the
/// transactions that create threads, append messages and delete threads, so that they
/// survive deletion and expiry. Nothing per thread, nothing finer than the month.
extension SQLiteRelayStore {
    public func deleteThread(_ thread: Int64, cause: DeletionCause, today: Day, audit: AuditRecord?) async throws {
        try await write { db in
            guard try Self.delete(thread: thread, counting: cause, today: today, db) else {
                throw StoreError(.notFound, "the thread is gone")
            }
            try Self.record(audit, db)
        }
        try await checkpoint()
    }

    public func deleteUnanswered(_ thread: Int64, today: Day) async throws -> JunkDeletion {
        let outcome = try await write { db -> JunkDeletion in
            if try db.selectOne(StatisticsStatements.answered(thread: thread)) != nil { return .answered }
            return try Self.delete(thread: thread, counting: .staff, today: today, db) ? .deleted : .gone
        }
        if outcome == .deleted { try await checkpoint() }
        return outcome
    }

    public func statistics(clinic: String?, from: String, to: String) async throws -> [ClinicStatistics] {
        try await read { db in try StatisticsStatements.grouped(try db.select(StatisticsStatements.rows(clinic: clinic, from: from, to: to))) }
    }

    public func statisticsSince() async throws -> String? {
        try await read { db in try db.selectOne(StatisticsStatements.since)?.optionalText("month") }
    }

    /// Adds each count to its row (StatisticsCount), inside the caller's transaction.
    static func count(_ counts: [StatisticsCount], _ db: Database) throws {
        for count in counts { try db.execute(count.upsert) }
    }

    /// The clinic's answer promise, from its stored profile.
    static func promise(clinic: String, _ db: Database) throws -> AnswerPromise? {
        try db.selectOne(StatisticsCount.profile(clinic: clinic)).flatMap { StatisticsCount.promise(document: try $0.bytes("profile_document")) }
    }

    /// Deletes a thread like `delete(thread:)`, counting the deletion first.
    static func delete(thread: Int64, counting cause: DeletionCause, today: Day, _ db: Database) throws -> Bool {
        guard let row = try db.selectOne("SELECT clinic, channel FROM thread WHERE id = \(thread)") else { return false }
        let channel = Channel(rawValue: try row.text("channel")) ?? .self
        try count([StatisticsCount.deleted(clinic: try row.text("clinic"), channel: channel, cause: cause, today: today)], db)
        return try delete(thread: thread, db)
    }
}
