import Foundation
import LuckaClient
import LuckaCore
import Testing

/// `lucka` in Swedish and English: chosen by --lang, LUCKA_LANG or the locale, Swedish
/// when nothing says otherwise; the words change, JSON and exit codes do not.
@Suite("lucka in Swedish and English", .serialized)
struct WriterLanguageTests {
    /// An environment in which nothing chooses a language, plus `choice`.
    static func environment(_ choice: [String: String] = [:]) -> [String: String] {
        ["LUCKA_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""].merging(choice) { $1 }
    }

    typealias WriterCLI = WriterToolTests.WriterCLI

    @Test func theSameCommandInEachLanguage() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        defer { relay.stop() }
        let (_, fingerprint) = try StaffToolTests.foundClinic(relay, workspace)

        let swedish: [(String, [String: String], [String])] = [
            ("nothing chosen", Self.environment(), []),
            ("LUCKA_LANG=sv", Self.environment(["LUCKA_LANG": "sv", "LANG": "en_GB.UTF-8"]), []),
            ("Swedish locale", Self.environment(["LANG": "sv_SE.UTF-8"]), []),
            ("--lang sv", Self.environment(["LUCKA_LANG": "en"]), ["--lang", "sv"]),
        ]
        let english: [(String, [String: String], [String])] = [
            ("--lang en", Self.environment(["LUCKA_LANG": "sv", "LANG": "sv_SE.UTF-8"]), ["--lang", "en"]),
            ("LANG=en_GB.UTF-8", Self.environment(["LANG": "en_GB.UTF-8"]), []),
            ("LC_ALL over LANG", Self.environment(["LC_ALL": "en_US.UTF-8", "LANG": "sv_SE.UTF-8"]), []),
            ("LUCKA_LANG=en", Self.environment(["LUCKA_LANG": "en", "LANG": "sv_SE.UTF-8"]), []),
        ]
        var outputs: [String: String] = [:]
        for (label, environment, flag) in swedish + english {
            let lucka = WriterCLI(relay: relay.url, workspace: workspace, language: environment)
            let clinics = try lucka.command("clinics", flag)
            #expect(clinics.status == 0, "\(label): \(clinics.error)")
            #expect(clinics.output.contains("KAST Testköping") && clinics.output.contains(fingerprint.description), "\(label)")
            outputs[label] = clinics.output
            let json = try lucka.command("clinics", flag + ["--json"])
            outputs[label + " json"] = json.output
            // A mistyped code: caught before anything is sent, in the person's language.
            let typo = try lucka.command("read", flag + ["--code-stdin"], stdin: "0000-0000-0000-0000-0001\n")
            #expect(typo.status == 1 && typo.error.split(separator: "\n").count == 1, "\(label): \(typo.error)")
            outputs[label + " typo"] = typo.error
            let help = try lucka.run(["write", "--help"] + flag)
            #expect(help.status == 0, "\(label)")
            outputs[label + " help"] = help.output
        }
        for (label, _, _) in swedish {
            let clinics = try #require(outputs[label])
            #expect(clinics.contains("Fingeravtryck:") && clinics.contains("Län:") && clinics.contains("om dig själv (self)"), "\(label): \(clinics)")
            #expect(clinics.contains("Jämför varje fingeravtryck"), "\(label)")
            #expect(!clinics.contains("Fingerprint:") && !clinics.contains("Compare"), "\(label)")
            #expect(outputs[label + " typo"]?.hasPrefix("lucka: koden verkar vara felskriven") == true, "\(label): \(outputs[label + " typo"] ?? "")")
            let help = try #require(outputs[label + " help"])
            let flat = help.replacingOccurrences(of: "\n", with: " ")
            #expect(flat.contains("Börja ett samtal med en mottagning") && flat.contains("inte ens mottagningen"), "\(label): \(help)")
        }
        for (label, _, _) in english {
            let clinics = try #require(outputs[label])
            #expect(clinics.contains("Fingerprint:") && clinics.contains("Region:") && clinics.contains("about yourself (self)"), "\(label): \(clinics)")
            #expect(clinics.contains("Compare each fingerprint"), "\(label)")
            #expect(!clinics.contains("Fingeravtryck") && !clinics.contains("Jämför"), "\(label)")
            #expect(outputs[label + " typo"]?.hasPrefix("lucka: this code has a typo") == true, "\(label): \(outputs[label + " typo"] ?? "")")
            let help = try #require(outputs[label + " help"])
            let flat = help.replacingOccurrences(of: "\n", with: " ")
            #expect(flat.contains("Start a conversation with a clinic") && flat.contains("not even the clinic"), "\(label): \(help)")
        }
        // JSON is for scripts: the same bytes in every language.
        let json = Set((swedish + english).map { outputs[$0.0 + " json"] ?? "" })
        #expect(json.count == 1 && json.first?.contains("\"kast-e2e\"") == true)
    }

    @Test func aWholeConversationInSwedish() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        defer { relay.stop() }
        let (anna, fingerprint) = try StaffToolTests.foundClinic(relay, workspace)
        let lucka = WriterCLI(relay: relay.url, workspace: workspace, language: Self.environment())

        let written = try lucka.command("write", ["--clinic", "kast-e2e", "--channel", "self"], stdin: "Jag vill sluta.\u{1B}]0;titel\u{07}\n")
        #expect(written.status == 0, "\(written.error)")
        let code = try #require(WriterToolTests.codes(in: written.output).first)
        for needle in ["Mottagningens fingeravtryck på den här servern är:", "Jämför det med det som KAST Testköping publicerar",
                       "Ditt meddelande är skickat", "DIN KOD (visas bara den här gången):", "inte ens mottagningen",
                       "KAST Testköping svarar: inom tre arbetsdagar.", "Samtalet raderas automatiskt efter"] {
            // Prose is wrapped at 78 columns: look for it across line ends.
            #expect(written.output.replacingOccurrences(of: "\n", with: " ").contains(needle), "write should say \(needle): \(written.output)")
        }

        let handle = try #require(try anna.json([InboxRow].self, ["inbox"]).first?.handle)
        _ = try anna.ok(["reply", handle], stdin: "Hej! Bra att du skriver.\n")
        let read = try lucka.command("read", ["--code-stdin", "--pin", fingerprint.description], stdin: code + "\n")
        #expect(read.status == 0, "\(read.error)")
        for needle in ["Ditt samtal med KAST Testköping", "Skrivet om dig själv (self) · mottagningen har svarat",
                       "Mottagningens nycklar stämmer med fingeravtrycket du angav.", "── Du · ", "── Anna, KAST Testköping · ",
                       "Svara:            lucka reply --relay", "Radera allt:      lucka delete --relay"] {
            #expect(read.output.contains(needle), "read should say \(needle): \(read.output)")
        }
        // The writer's own control characters are still shown, not obeyed.
        #expect(TerminalInjectionTests.forbiddenBytes(in: read.output).isEmpty)
        #expect(read.output.contains("\\u{1B}]0;titel\\u{7}"))

        let replied = try lucka.command("reply", ["--code-stdin"], stdin: code + "\nTack.\n")
        #expect(replied.status == 0 && replied.output.contains("Ditt meddelande är skickat (meddelande 3)"), "\(replied.output) \(replied.error)")

        let kept = try lucka.command("delete", ["--code-stdin"], stdin: code + "\nnej\n")
        #expect(kept.status == 0 && kept.output.contains("Ingenting har raderats."), "\(kept.output)")
        #expect(kept.error.contains("Vill du radera ditt samtal med KAST Testköping (3 meddelanden) för gott?") && kept.error.contains("[j/N]"), "\(kept.error)")
        let deleted = try lucka.command("delete", ["--code-stdin"], stdin: code + "\nja\n")
        #expect(deleted.status == 0 && deleted.output.contains("Samtalet är raderat."), "\(deleted.output) \(deleted.error)")
        let gone = try lucka.command("read", ["--code-stdin"], stdin: code + "\n")
        #expect(gone.status == 1 && gone.error.hasPrefix("lucka: det finns inget samtal med den här koden"), "\(gone.error)")
        #expect(gone.error.split(separator: "\n").count == 1)
        #expect(filesUnder(lucka.home).isEmpty)
    }

    @Test func errorsAndUsageInSwedishKeepTheirExitCodes() throws {
        let environment = Self.environment()
        let unreachable = try run("lucka", ["read", "--relay", "http://127.0.0.1:9", "--code-stdin"], stdin: ConversationCode.generate().grouped() + "\n", environment: environment)
        #expect(unreachable.status == 1 && unreachable.error.hasPrefix("lucka: kan inte nå servern på http://127.0.0.1:9."), "\(unreachable.error)")
        #expect(unreachable.error.split(separator: "\n").count == 1)
        let badRelay = try run("lucka", ["clinics", "--relay", "lucka.example.se"], environment: environment)
        #expect(badRelay.status == 64 && badRelay.error.contains("--relay måste börja med http:// eller https://"), "\(badRelay.error)")
        let badPin = try run("lucka", ["read", "--relay", "http://127.0.0.1:9", "--pin", "12345"], environment: environment)
        #expect(badPin.status == 64 && badPin.error.contains("40 siffror"), "\(badPin.error)")
        let englishPin = try run("lucka", ["read", "--relay", "http://127.0.0.1:9", "--pin", "12345", "--lang", "en"], environment: environment)
        #expect(englishPin.status == 64 && englishPin.error.contains("40 digits"), "\(englishPin.error)")
        // Only sv and en are languages.
        #expect(try run("lucka", ["clinics", "--relay", "http://127.0.0.1:9", "--lang", "de"], environment: environment).status == 64)
        // The tool's own help, in Swedish by default and in English when asked.
        let root = try run("lucka", ["--help"], environment: environment)
        #expect(root.status == 0 && root.output.replacingOccurrences(of: "\n", with: " ").contains("Du behöver inget konto: du får en kod i stället."), "\(root.output)")
        let english = try run("lucka", ["--help"], environment: Self.environment(["LANG": "en_GB.UTF-8"]))
        #expect(english.status == 0 && english.output.replacingOccurrences(of: "\n", with: " ").contains("There is no account: you get a code instead."), "\(english.output)")
    }
}
