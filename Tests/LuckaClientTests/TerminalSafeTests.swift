import Foundation
import LuckaClient
import LuckaCore
import Testing

@Suite("Untrusted text on a terminal")
struct TerminalSafeTests {
    @Test(arguments: Array(0x00...0x1F).filter { $0 != 0x0A && $0 != 0x09 } + [0x7F])
    func everyC0ControlAndDELIsShownEscaped(value: Int) throws {
        let scalar = try #require(Unicode.Scalar(value))
        let text = "a" + String(scalar) + "b"
        let safe = TerminalSafe.text(text)
        #expect(!safe.unicodeScalars.contains(scalar))
        #expect(safe == "a\\u{\(String(value, radix: 16, uppercase: true))}b")
    }

    @Test(arguments: Array(0x80...0x9F))
    func everyC1ControlIsShownEscaped(value: Int) throws {
        let scalar = try #require(Unicode.Scalar(value))
        let safe = TerminalSafe.line("x" + String(scalar))
        #expect(!safe.unicodeScalars.contains(scalar))
        #expect(safe == "x\\u{\(String(value, radix: 16, uppercase: true))}")
    }

    @Test(arguments: [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069])
    func bidiControlsAreShownEscaped(value: Int) throws {
        let scalar = try #require(Unicode.Scalar(value))
        let safe = TerminalSafe.text("abc" + String(scalar) + "def")
        #expect(!safe.unicodeScalars.contains(scalar))
        #expect(safe.contains("\\u{\(String(value, radix: 16, uppercase: true))}"))
    }

    @Test func realAttacksComeOutInert() {
        let attacks = [
            "\u{1B}]0;owned\u{07}", "\u{1B}]52;c;ZWNobyBoaQ==\u{07}", "\u{1B}[8mhidden\u{1B}[0m", "\u{9B}31m", "\u{202E}txt.exe",
        ]
        for attack in attacks {
            let safe = TerminalSafe.text(attack)
            #expect(!safe.unicodeScalars.contains { TerminalSafe.isUnsafe($0) && $0 != "\n" }, "\(safe)")
        }
        #expect(TerminalSafe.text("\u{1B}]0;owned\u{07}") == "\\u{1B}]0;owned\\u{7}")
    }

    @Test func lineBreaksAndTabs() {
        #expect(TerminalSafe.text("one\ntwo\r\nthree") == "one\ntwo\nthree")
        #expect(TerminalSafe.text("bare\rreturn") == "bare\\u{D}return")
        #expect(TerminalSafe.line("one\ntwo") == "one\\u{A}two")
        #expect(TerminalSafe.line("a\tb") == "a    b")
        #expect(TerminalSafe.text("a\tb") == "a    b")
    }

    @Test func everythingElseIsLeftExactlyAsItIs() {
        let texts = [
            "Hej! Jag köper sex och vill sluta. Åäö ÅÄÖ é ß",
            "日本語のテキスト", "مرحبا بالعالم", "עברית", "emoji 👍🏽 👩‍👩‍👧 🇸🇪", "tecken: \\u{1B} är bara text",
            "«quotes» — dashes – … · ─ │", "zero width joiner \u{200D} and nbsp \u{00A0} and soft hyphen \u{00AD}",
        ]
        for text in texts {
            #expect(TerminalSafe.text(text) == text)
            #expect(TerminalSafe.line(text) == text)
        }
        // Multi-byte characters around an escape are untouched.
        #expect(TerminalSafe.line("å\u{1B}👍🏽") == "å\\u{1B}👍🏽")
        #expect(TerminalSafe.text("") == "")
    }

    @Test func bodiesSitBehindAMarginSoTheyCannotImitateAHeader() {
        let body = TerminalSafe.body("Hej\n── #2 CLINIC (Anna) · 2026-01-01 00:00\n\nslut")
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.hasPrefix("  │ ") })
        #expect(lines[1] == "  │ ── #2 CLINIC (Anna) · 2026-01-01 00:00")
        #expect(TerminalSafe.body("a\u{1B}[2Jb") == "  │ a\\u{1B}[2Jb")
    }

    @Test func jsonStaysTheSameValueButSafe() throws {
        struct Box: Codable, Equatable { var text: String }
        let value = Box(text: "a\u{1B}]0;x\u{07}b\u{9B}c\u{202E}d\u{7F}e åäö 👍")
        let encoded = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        let safe = TerminalSafe.json(encoded)
        #expect(!safe.unicodeScalars.contains { TerminalSafe.isUnsafe($0) })
        #expect(safe.contains("\\u009B") && safe.contains("\\u202E") && safe.contains("\\u007F"))
        #expect(try JSONDecoder().decode(Box.self, from: Data(safe.utf8)) == value)
        #expect(TerminalSafe.json(#"{"a": "plain åäö"}"#) == #"{"a": "plain åäö"}"#)
    }

    @Test func clinicProfilesAreShownSafely() {
        let profile = ClinicProfile(
            slug: "kast-a", name: "KAST\u{1B}]0;x\u{07}", region: "Län\u{202E}", municipalities: ["A\u{9B}"], phone: "036\u{08}",
            phoneHours: "tis\nons", answerTime: "snart\u{1B}[8m", channels: [.self], languages: ["sv\u{200F}"], about: "rad 1\nrad 2\u{1B}c")
        let safe = profile.terminalSafe
        for field in [safe.name, safe.region, safe.phone, safe.phoneHours, safe.answerTime, safe.about] + safe.municipalities + safe.languages {
            #expect(!field.unicodeScalars.contains { TerminalSafe.isUnsafe($0) && $0 != "\n" }, "\(field)")
        }
        #expect(safe.phoneHours == "tis\\u{A}ons")
        #expect(safe.about == "rad 1\nrad 2\\u{1B}c")
    }
}
