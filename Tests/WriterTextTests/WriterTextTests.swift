import Foundation
import LuckaClient
import LuckaText
import Testing

@testable import lucka

/// Every sentence of `lucka` in both languages, and no sentence outside the table.
@Suite("The writer's words")
struct WriterTextTests {
    /// The sources of the `lucka` executable, next to this package's tests.
    static let sources: [(name: String, text: String)] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Sources/lucka")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".swift") }.sorted().compactMap { name in
            (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)).map { (name, $0) }
        }
    }()

    /// The keys the code asks for: `t("key"`, `self("key"` (in `Words`) and `Words.startup("key"`.
    static let usedKeys: Set<String> = {
        let pattern = try! NSRegularExpression(pattern: #"(?:\bt|\bself|Words\.startup)\(\s*"([A-Za-z0-9.]+)""#)
        var keys: Set<String> = []
        for (_, text) in sources {
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                keys.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        return keys
    }()

    /// Every key with its Swedish and English (the singular form; plural forms are checked
    /// in LuckaTextTests).
    static let entries: [(key: String, sv: String, en: String)] = Catalogue.writer.keys.map {
        ($0, Catalogue.writer.lookup($0, .sv)?.0 ?? "", Catalogue.writer.lookup($0, .en)?.0 ?? "")
    }

    @Test func easySwedishHasItsOwnWordsAndSwedishForTheRest() {
        let easy = Words(language: .easySwedish)
        #expect(easy("delete.nothing") == "Inget har tagits bort.")
        #expect(easy("delete.confirm", count: 2, ["clinic": "KAST"]).contains("Det har 2 meddelanden."))
        // No easy words for the help yet: it comes from Swedish.
        #expect(easy("help.lang") == Words(language: .sv)("help.lang"))
    }

    @Test func aCountChoosesThePluralForm() {
        #expect(Words(language: .en)("error.clinicsBroken", count: 1) == "1 clinic on this relay did not check out (see above)")
        #expect(Words(language: .sv)("error.clinicsBroken", count: 2) == "2 mottagningar på den här servern stämde inte (se ovan)")
    }

    @Test func everySentenceInBothLanguages() {
        for entry in Self.entries {
            #expect(!entry.sv.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(entry.key) has no Swedish")
            #expect(!entry.en.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(entry.key) has no English")
        }
    }

    @Test func thePlaceholdersMatch() {
        for entry in Self.entries {
            #expect(Catalogue.placeholders(entry.sv) == Catalogue.placeholders(entry.en), "\(entry.key): \(entry.sv) / \(entry.en)")
        }
    }

    @Test func swedishIsNotEnglish() {
        // Identical text is allowed only where there is nothing to translate.
        let same = Self.entries.filter { $0.sv == $0.en }.map(\.key)
        #expect(same == ["conversation.signed"], "untranslated: \(same)")
    }

    @Test func everyKeyTheToolUsesIsInTheTable() throws {
        try #require(Self.sources.count >= 5, "the sources of lucka were not found")
        try #require(Self.usedKeys.count > 50, "the search for keys found too few: \(Self.usedKeys.count)")
        let table = Set(Self.entries.map(\.key))
        #expect(Self.usedKeys.subtracting(table).isEmpty, "missing from the table: \(Self.usedKeys.subtracting(table).sorted())")
        #expect(table.subtracting(Self.usedKeys).isEmpty, "in the table but never used: \(table.subtracting(Self.usedKeys).sorted())")
    }

    @Test func valuesAreInsertedOnceAndNeverInterpreted() {
        let words = Words(language: .sv)
        #expect(words("conversation.title", ["clinic": "KAST {clinic} Jönköping"]) == "Ditt samtal med KAST {clinic} Jönköping")
        #expect(Words(language: .en)("reply.sent", ["seq": "3", "clinic": "KAST"]) == "Sent (message 3). It was encrypted on this computer; only KAST can read it.")
        #expect(words("clinics.none") == "Den här servern har inga mottagningar ännu.")
    }

    @Test func theRelaysRefusalsInTheWritersWords() {
        let swedish = Words(language: .sv)
        #expect(swedish.relayAnswer("daily_limit")?.contains("i morgon") == true)
        #expect(swedish.relayAnswer("clinic_full")?.hasPrefix("mottagningen har fått många meddelanden") == true)
        #expect(swedish.relayAnswer("rate_limited") == swedish.relayAnswer("source_busy"))
        #expect(Words(language: .en).relayAnswer("overloaded")?.hasPrefix("the relay cannot take anything right now") == true)
        #expect(swedish.relayAnswer("not_found") == nil && swedish.relayAnswer("bad_request") == nil)
    }

    @Test(arguments: [
        (["write", "--lang", "en", "--help"], "en"),
        (["write", "--lang=sv"], "sv"),
        (["--lang", "sv", "read", "--lang", "en"], "en"),
        (["read", "--", "--lang", "en"], nil),
        (["read", "--help"], nil),
    ] as [([String], String?)])
    func theLanguageArgumentIsFoundBeforeParsing(arguments: [String], expected: String?) {
        #expect(Language.flag(in: arguments) == expected)
    }
}
