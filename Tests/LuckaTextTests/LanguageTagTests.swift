import LuckaText
import Testing

@Suite("BCP-47 tags and POSIX locale values")
struct LanguageTagTests {
    @Test(arguments: [
        ("sv", "sv"), ("SV", "sv"), ("en-gb", "en-GB"), ("en_GB.UTF-8", "en-GB"), ("sv_SE.UTF-8@euro", "sv-SE"),
        ("sv-x-easy", "sv-x-easy"), ("SV-X-EASY", "sv-x-easy"), ("sr-latn-rs", "sr-Latn-RS"), ("es-419", "es-419"),
        ("ar-XB", "ar-XB"),
    ])
    func parsesAndSpellsCanonically(input: String, canonical: String) throws {
        #expect(try #require(LanguageTag(input)).description == canonical)
    }

    @Test(arguments: ["", "C", "POSIX", "C.UTF-8", "english", "svenska", "s", "en-", "en-x", "en--GB", "1a"])
    func refusesWhatIsNoLanguage(input: String) {
        #expect(LanguageTag(input) == nil)
    }

    @Test func namesOnlyLanguagesLuckaSpeaks() {
        #expect(Language(named: "sv_FI.UTF-8") == .sv)
        #expect(Language(named: "en-US") == .en)
        #expect(Language(named: "sv-SE-x-easy") == .easySwedish)
        #expect(Language(named: "de") == nil)
        #expect(Language(named: "ar") == nil)
    }

    @Test func everyChainEndsInSwedish() {
        #expect(Language.sv.chain == [.sv])
        #expect(Language.en.chain == [.en, .sv])
        #expect(Language.easySwedish.chain == [.easySwedish, .sv])
        #expect(Language.pseudoRTL.chain == [.pseudoRTL, .en, .sv])
        #expect(Language.pseudoRTL.direction == .rtl && Language.easySwedish.direction == .ltr)
    }
}
