import LuckaText
import Testing

@Suite("Choosing the language a tool speaks")
struct UserLanguageTests {
    @Test func swedishWhenNothingIsSaid() {
        #expect(Language.resolve(flag: nil, environment: [:]) == .sv)
    }

    @Test func theFlagWinsOverEverything() {
        let english = ["LUCKA_LANG": "en", "LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "en_US", "LANG": "en_GB.UTF-8"]
        let swedish = ["LUCKA_LANG": "sv", "LC_ALL": "sv_SE.UTF-8", "LANG": "sv_SE.UTF-8"]
        #expect(Language.resolve(flag: "sv", environment: english) == .sv)
        #expect(Language.resolve(flag: "en", environment: swedish) == .en)
    }

    @Test func theEnvironmentVariableWinsOverTheLocale() {
        #expect(Language.resolve(flag: nil, environment: ["LUCKA_LANG": "sv", "LANG": "en_GB.UTF-8"]) == .sv)
        #expect(Language.resolve(flag: nil, environment: ["LUCKA_LANG": "en", "LC_ALL": "sv_SE.UTF-8"]) == .en)
        #expect(Language.resolve(flag: nil, environment: ["LUCKA_LANG": "EN"]) == .en)
    }

    @Test func aValueThatIsNeitherLanguageIsPassedOver() {
        #expect(Language.resolve(flag: "de", environment: ["LANG": "en_GB.UTF-8"]) == .en)
        #expect(Language.resolve(flag: nil, environment: ["LUCKA_LANG": "fr", "LANG": "en_GB.UTF-8"]) == .en)
        #expect(Language.resolve(flag: nil, environment: ["LUCKA_LANG": "", "LANG": "en_GB.UTF-8"]) == .en)
    }

    @Test(arguments: [
        (["LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "sv_SE.UTF-8", "LANG": "sv_SE.UTF-8"], Language.en),
        (["LC_MESSAGES": "en_US.UTF-8", "LANG": "sv_SE.UTF-8"], .en),
        (["LC_MESSAGES": "sv_SE.UTF-8", "LANG": "en_GB.UTF-8"], .sv),
        (["LANG": "en_GB.UTF-8"], .en),
        (["LANG": "en"], .en),
        (["LANG": "sv_FI.UTF-8"], .sv),
        (["LC_ALL": "", "LANG": "en_GB.UTF-8"], .en),
        (["LANG": "C.UTF-8"], .sv),
        (["LC_ALL": "C", "LANG": "en_GB.UTF-8"], .sv),
        (["LANG": "de_DE.UTF-8"], .sv),
    ])
    func theLocaleInPOSIXOrder(environment: [String: String], expected: Language) {
        #expect(Language.resolve(flag: nil, environment: environment) == expected)
    }
}
