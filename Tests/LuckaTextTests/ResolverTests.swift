import LuckaText
import Testing

/// One resolver for lucka, lucka-staff and the reports (UserLanguageTests in
/// LuckaClientTests keeps the older cases).
@Suite("Choosing the language")
struct ResolverTests {
    @Test func theLastFlagWinsAsInParsing() {
        #expect(Language.flag(in: ["--lang", "sv", "inbox", "--lang=en"]) == "en")
        #expect(Language.flag(in: ["--lang=en", "--lang", "sv-x-easy"]) == "sv-x-easy")
        #expect(Language.flag(in: ["inbox", "--", "--lang", "en"]) == nil)
        #expect(Language.flag(in: ["--lang"]) == nil)
    }

    @Test func unknownNamesFallThroughToTheNextSource() {
        #expect(Language.resolve(flag: "english", environment: ["LUCKA_LANG": "en"]) == .en)
        #expect(Language.resolve(flag: nil, environment: ["LUCKA_LANG": "english", "LANG": "en_GB.UTF-8"]) == .en)
        #expect(Language.resolve(flag: "de", environment: [:]) == .sv)
    }

    @Test func easySwedishIsReachable() {
        #expect(Language.resolve(flag: "sv-x-easy", environment: ["LANG": "en_GB.UTF-8"]) == .easySwedish)
        #expect(Language.resolve(flag: nil, environment: ["LUCKA_LANG": "sv-x-easy"]) == .easySwedish)
    }

    @Test func theTestLanguageIsHiddenUntilEnabled() {
        // Other suites may have enabled it already; once enabled it stays.
        if !Language.available.contains(.pseudoRTL) {
            #expect(Language(named: "ar-XB") == nil)
        }
        Language.enablePseudoLanguage()
        #expect(Language(named: "ar-xb") == .pseudoRTL)
        #expect(!Language.shipped.contains(.pseudoRTL))
    }
}
