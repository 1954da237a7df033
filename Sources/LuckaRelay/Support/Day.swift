import Foundation

/// A calendar day in UTC, `YYYY-MM-DD`: the finest time the relay ever stores.
public struct Day: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let number: Int

    public init(number: Int) { self.number = number }

    public init(_ date: Date) {
        number = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    public static func today() -> Day { Day(Date()) }

    /// Parses `YYYY-MM-DD`; nil for anything else, a day past its month's end included.
    /// Byte by byte: every stored row holds three days, and the inbox parses 150 a page.
    public init?(_ text: String) {
        var fields = [0, 0, 0]
        var field = 0
        var digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") {
                guard digits == (field == 0 ? 4 : 2), field < 2 else { return nil }
                field += 1
                digits = 0
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                fields[field] = fields[field] * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            }
        }
        guard field == 2, digits == 2, (1...12).contains(fields[1]), (1...31).contains(fields[2]) else { return nil }
        number = Self.daysFromCivil(year: fields[0], month: fields[1], day: fields[2])
        // A day past the month's end (2026-02-30) lands in the next month.
        let (y, m, d) = Self.civilFromDays(number)
        guard (y, m, d) == (fields[0], fields[1], fields[2]) else { return nil }
    }

    public func adding(days: Int) -> Day { Day(number: number + days) }

    /// Seconds until the next UTC midnight, when per-day limits reset (a 429's Retry-After).
    public static func secondsUntilTomorrow(now: Date = Date()) -> Int {
        86_400 - Int(now.timeIntervalSince1970) % 86_400
    }

    /// The calendar month, `YYYY-MM`: what the statistics count by.
    public var month: String { String(description.prefix(7)) }

    public var description: String {
        let (y, m, d) = Self.civilFromDays(number)
        // Not String(format:): this runs several times per request, and Foundation's
        // formatting was a visible share of a post in the profile.
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(y, 4) + "-" + padded(m, 2) + "-" + padded(d, 2)
    }

    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }

    // Howard Hinnant's algorithms for the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
