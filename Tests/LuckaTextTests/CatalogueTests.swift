import LuckaText
import Testing

@Suite("Catalogue lookups")
struct CatalogueTests {
    static let catalogue = Catalogue(
        domain: "test",
        tables: [
            "sv": .init(
                plural: .oneOther,
                messages: ["hello": ["Hej {name}"], "only": ["Bara svenska"], "files": ["{count} fil", "{count} filer"]]),
            "en": .init(plural: .oneOther, messages: ["hello": ["Hello {name}"], "files": ["{count} file", "{count} files"]]),
            "sv-x-easy": .init(plural: .oneOther, messages: ["hello": ["Hej, {name}!"]]),
        ])

    @Test func namedPlaceholdersFillInOnePass() {
        #expect(Self.catalogue.text("hello", .en, ["name": "{name}"]) == "Hello {name}")
        #expect(Self.catalogue.text("hello", .sv, ["other": "x"]) == "Hej {name}")
    }

    @Test func aMissingSentenceComesFromTheChain() {
        #expect(Self.catalogue.text("only", .en) == "Bara svenska")
        #expect(Self.catalogue.text("files", .easySwedish, count: 2, ["count": "2"]) == "2 filer")
        #expect(Self.catalogue.text("hello", .easySwedish, ["name": "Ada"]) == "Hej, Ada!")
        #expect(Self.catalogue.text("nowhere", .en) == "nowhere")
    }

    @Test(arguments: [(0, "0 files"), (1, "1 file"), (2, "2 files"), (21, "21 files")])
    func pluralForms(count: Int, expected: String) {
        #expect(Self.catalogue.text("files", .en, count: count, ["count": String(count)]) == expected)
    }

    @Test func pluralRulesFromHeaders() {
        #expect(PluralRule(header: "nplurals=2; plural=(n != 1);") == .oneOther)
        #expect(PluralRule(header: "nplurals=2; plural=n>1;") == .zeroOneOther)
        #expect(PluralRule(header: "nplurals=1; plural=0;") == .single)
        #expect(PluralRule(header: "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);") == nil)
        #expect(PluralRule.zeroOneOther.form(for: 0) == 0 && PluralRule.zeroOneOther.form(for: 2) == 1)
    }

    @Test func theTestLanguageIsEnglishRightToLeftWithPlaceholdersKept() {
        Language.enablePseudoLanguage()
        let text = Self.catalogue.text("hello", .pseudoRTL, ["name": "Ada"])
        #expect(text.hasSuffix(" Ada"))
        #expect(!text.contains("Hello"))
        #expect(text.unicodeScalars.first.map { (0x0600...0x06FF).contains($0.value) } == true)
    }
}
