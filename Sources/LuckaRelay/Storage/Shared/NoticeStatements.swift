import Foundation
import LuckaCore

/// Notice settings and the "writers have written" flag (issue 14), the same on both engines.
/// Taking the flag is one UPDATE, so of several relays waking for the same slot exactly one
/// finds it raised and sends.
enum NoticeStatements {
    static func settings(clinic: String) -> SQLText { "SELECT * FROM notice WHERE clinic = \(clinic)" }

    static let all: SQLText = "SELECT * FROM notice ORDER BY clinic"

    static func delete(clinic: String) -> SQLText { "DELETE FROM notice WHERE clinic = \(clinic)" }

    static func put(clinic: String, _ settings: NoticeSettings) throws -> SQLText {
        let targets = String(decoding: try JSONEncoder().encode(settings.targets), as: UTF8.self)
        return """
            INSERT INTO notice (clinic, targets, interval_minutes, daily_hour) VALUES (\(clinic), \(targets), \(settings.intervalMinutes), \(settings.dailyHour))
            ON CONFLICT (clinic) DO UPDATE SET targets = excluded.targets, interval_minutes = excluded.interval_minutes, daily_hour = excluded.daily_hour
            """
    }

    static func takeFlag(clinic: String) -> SQLText {
        "UPDATE notice SET pending = \(false) WHERE clinic = \(clinic) AND pending RETURNING clinic"
    }

    /// Raised by a new thread and a writer's message, in their own transaction; a no-op for a
    /// clinic without notice targets.
    static func raiseFlag(clinic: String) -> SQLText { "UPDATE notice SET pending = \(true) WHERE clinic = \(clinic) AND NOT pending" }
}

extension NoticeSettings {
    init(_ row: some SQLRow) throws {
        let targets = (try? JSONDecoder().decode([String].self, from: Data(try row.text("targets").utf8))) ?? []
        self.init(targets: targets, intervalMinutes: try row.int("interval_minutes"), dailyHour: try row.optionalInteger("daily_hour").map(Int.init))
    }
}

extension NoticeClinic {
    init(_ row: some SQLRow) throws {
        self.init(clinic: try row.text("clinic"), settings: try NoticeSettings(row), pending: try row.boolean("pending"))
    }
}
