import Foundation
import LuckaCore
import PostgresNIO

/// Notice settings and the "writers have written" flag (issue 14; NoticeStatements).
extension PostgresRelayStore {
    public func noticeSettings(clinic: String) async throws -> NoticeSettings? {
        try await read { db in try await db.selectOne(NoticeStatements.settings(clinic: clinic)).map(NoticeSettings.init) }
    }

    public func setNoticeSettings(clinic: String, _ settings: NoticeSettings, audit: AuditRecord?) async throws {
        let put = try NoticeStatements.put(clinic: clinic, settings)
        try await write { db in
            guard try await db.selectOne(ClinicStatements.exists(slug: clinic)) != nil else { throw StoreError(.notFound, "no such clinic") }
            try await db.execute(settings.targets.isEmpty ? NoticeStatements.delete(clinic: clinic) : put)
            try await Self.record(audit, db)
        }
    }

    public func noticeClinics() async throws -> [NoticeClinic] {
        try await read { db in try await db.select(NoticeStatements.all).map(NoticeClinic.init) }
    }

    public func takeNoticeFlag(clinic: String) async throws -> Bool {
        try await write { db in try await db.execute(NoticeStatements.takeFlag(clinic: clinic)) == 1 }
    }

    static func raiseNoticeFlag(clinic: String, _ db: PostgresConnection) async throws {
        try await db.execute(NoticeStatements.raiseFlag(clinic: clinic))
    }
}
