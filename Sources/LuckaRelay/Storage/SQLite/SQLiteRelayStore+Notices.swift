import Foundation
import GRDB
import LuckaCore

/// Notice settings and the "writers have written" flag (issue 14; NoticeStatements).
extension SQLiteRelayStore {
    public func noticeSettings(clinic: String) async throws -> NoticeSettings? {
        try await read { db in try db.selectOne(NoticeStatements.settings(clinic: clinic)).map(NoticeSettings.init) }
    }

    public func setNoticeSettings(clinic: String, _ settings: NoticeSettings, audit: AuditRecord?) async throws {
        let put = try NoticeStatements.put(clinic: clinic, settings)
        try await write { db in
            guard try db.selectOne(ClinicStatements.exists(slug: clinic)) != nil else { throw StoreError(.notFound, "no such clinic") }
            try db.execute(settings.targets.isEmpty ? NoticeStatements.delete(clinic: clinic) : put)
            try Self.record(audit, db)
        }
    }

    public func noticeClinics() async throws -> [NoticeClinic] {
        try await read { db in try db.select(NoticeStatements.all).map(NoticeClinic.init) }
    }

    public func takeNoticeFlag(clinic: String) async throws -> Bool {
        try await write { db in try db.selectOne(NoticeStatements.takeFlag(clinic: clinic)) != nil }
    }

    static func raiseNoticeFlag(clinic: String, _ db: Database) throws {
        try db.execute(NoticeStatements.raiseFlag(clinic: clinic))
    }
}
