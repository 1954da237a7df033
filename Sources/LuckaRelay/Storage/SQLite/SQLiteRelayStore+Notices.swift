import Foundation
import GRDB
import LuckaCore

/// Notice settings and the "writers have written" flag (issue 14).
extension SQLiteRelayStore {
    public func noticeSettings(clinic: String) async throws -> NoticeSettings? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM notice WHERE clinic = ?", arguments: [clinic]).map {
                Self.noticeSettings($0)
            }
        }
    }

    public func setNoticeSettings(clinic: String, _ settings: NoticeSettings) async throws {
        let targets = String(decoding: try JSONEncoder().encode(settings.targets), as: UTF8.self)
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM clinic WHERE slug = ?", arguments: [clinic]) != nil else {
                throw StoreError(.notFound, "no such clinic")
            }
            if settings.targets.isEmpty {
                try db.execute(sql: "DELETE FROM notice WHERE clinic = ?", arguments: [clinic])
                return
            }
            try db.execute(
                sql: """
                    INSERT INTO notice (clinic, targets, interval_minutes, daily_hour) VALUES (?, ?, ?, ?)
                    ON CONFLICT (clinic) DO UPDATE SET targets = excluded.targets, interval_minutes = excluded.interval_minutes,
                        daily_hour = excluded.daily_hour
                    """,
                arguments: [clinic, targets, settings.intervalMinutes, settings.dailyHour])
        }
    }

    public func noticeClinics() async throws -> [NoticeClinic] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM notice ORDER BY clinic").map {
                NoticeClinic(clinic: $0["clinic"], settings: Self.noticeSettings($0), pending: $0["pending"])
            }
        }
    }

    public func takeNoticeFlag(clinic: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE notice SET pending = 0 WHERE clinic = ? AND pending = 1", arguments: [clinic])
            return db.changesCount == 1
        }
    }

    /// Raises the clinic's flag, if it has notice targets (one cached statement; a no-op otherwise).
    static func raiseNoticeFlag(clinic: String, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE notice SET pending = 1 WHERE clinic = ? AND pending = 0").execute(arguments: [clinic])
    }

    static func noticeSettings(_ row: Row) -> NoticeSettings {
        let targets = (try? JSONDecoder().decode([String].self, from: Data((row["targets"] as String).utf8))) ?? []
        return NoticeSettings(targets: targets, intervalMinutes: row["interval_minutes"], dailyHour: row["daily_hour"])
    }
}
