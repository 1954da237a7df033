import Foundation
import LuckaCore
import PostgresNIO

/// Notice settings and the "writers have written" flag. Taking the flag is one UPDATE, so
/// of several relays waking for the same slot exactly one finds it raised and sends.
extension PostgresRelayStore {
    public func noticeSettings(clinic: String) async throws -> NoticeSettings? {
        try await read { db in try await db.row("SELECT * FROM notice WHERE clinic = \(clinic)").map(Self.noticeSettings) }
    }

    public func setNoticeSettings(clinic: String, _ settings: NoticeSettings) async throws {
        let targets = String(decoding: try JSONEncoder().encode(settings.targets), as: UTF8.self)
        try await write { db in
            guard try await db.run("SELECT 1 FROM clinic WHERE slug = \(clinic)") == 1 else { throw StoreError(.notFound, "no such clinic") }
            if settings.targets.isEmpty {
                try await db.run("DELETE FROM notice WHERE clinic = \(clinic)")
                return
            }
            try await db.run("""
                INSERT INTO notice (clinic, targets, interval_minutes, daily_hour)
                VALUES (\(clinic), \(targets), \(settings.intervalMinutes), \(settings.dailyHour))
                ON CONFLICT (clinic) DO UPDATE SET targets = excluded.targets, interval_minutes = excluded.interval_minutes,
                    daily_hour = excluded.daily_hour
                """)
        }
    }

    public func noticeClinics() async throws -> [NoticeClinic] {
        try await read { db in
            try await db.rows("SELECT * FROM notice ORDER BY clinic").map {
                NoticeClinic(clinic: try $0.get("clinic"), settings: try Self.noticeSettings($0), pending: try $0.get("pending"))
            }
        }
    }

    public func takeNoticeFlag(clinic: String) async throws -> Bool {
        try await write { db in
            try await db.run("UPDATE notice SET pending = false WHERE clinic = \(clinic) AND pending RETURNING 1") == 1
        }
    }

    static func raiseNoticeFlag(clinic: String, _ db: PostgresConnection) async throws {
        try await db.run("UPDATE notice SET pending = true WHERE clinic = \(clinic) AND NOT pending")
    }

    static func noticeSettings(_ row: PostgresRandomAccessRow) throws -> NoticeSettings {
        let targets = (try? JSONDecoder().decode([String].self, from: Data(try row.get("targets", as: String.self).utf8))) ?? []
        return NoticeSettings(
            targets: targets, intervalMinutes: try row.get("interval_minutes"), dailyHour: try row["daily_hour"].decode(Int?.self))
    }
}
