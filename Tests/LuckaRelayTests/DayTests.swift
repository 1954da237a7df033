import Testing

@testable import LuckaRelay

@Suite struct DayTests {
    @Test func daysPrintAndParseAsYYYYMMDD() {
        for (number, text) in [(0, "1970-01-01"), (20_414, "2025-11-22"), (-1, "1969-12-31"), (19_782, "2024-02-29"), (2_932_896, "9999-12-31")] {
            #expect(Day(number: number).description == text)
            #expect(Day(text) == Day(number: number))
        }
    }

    @Test func anythingElseIsNotADay() {
        for text in ["", "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-01-00", "2026-04-31", "26-01-01", "2026-1-01",
                     "2026-01-1", "2026-01-01-", "-2026-01-01", "+026-01-01", "2026-01-0a", "2026/01/01", "2026-01-01 ", "２０２６-01-01"] {
            #expect(Day(text) == nil, "\(text.debugDescription)")
        }
    }
}
