import Foundation
import LuckaClient
import LuckaCore
import Testing

/// `lucka-staff shell` on a pseudo-terminal (Tests/terminal/shell_pty.py): a wrong
/// passphrase then the right one, the short help, a typo's suggestion, the idle lock.
@Suite("The staff shell on a terminal", .serialized)
struct ShellTerminalTests {
    @Test func aCounsellorAtTheShell() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let (anna, fingerprint) = try StaffToolTests.foundClinic(relay, workspace)
        _ = try await WriterConversation.start(
            relay: relay.client, clinic: "kast-e2e", channel: .self, text: "Hej.", pin: fingerprint)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("terminal/shell_pty.py").path
        let shell = try Background(
            "/usr/bin/python3", [script, RelayProcess.executable("lucka-staff"), anna.home, "en lång och hemlig lösenfras"],
            environment: [:])
        let result = try await shell.finish(seconds: 180)
        #expect(result.status == 0 && result.output.contains("OK"), "\(result.output)\(result.error)")
        relay.stop()
    }
}

extension ShellTerminalTests {
    @Test func aMistypedCommandIsNamedWhateverCameFirst() throws {
        let swedish = try run("lucka-staff", ["--demo", "inbx"], environment: ["LUCKA_LANG": "sv"])
        #expect(swedish.status == 64 && swedish.error.contains("Okänt kommando 'inbx' – menade du 'inbox'?"), "\(swedish.error)")
        let english = try run("lucka-staff", ["--home", "/nowhere", "raed", "1"], environment: ["LUCKA_LANG": "en"])
        #expect(
            english.status == 64 && english.error.contains("Unknown command 'raed' – did you mean 'read'?"), "\(english.error)")
        let locale = try run("lucka-staff", ["zzzzzz"], environment: ["LUCKA_LANG": "", "LC_ALL": "en_GB.UTF-8"])
        #expect(locale.status == 64 && locale.error.contains("unknown command 'zzzzzz'"), "\(locale.error)")
    }

    /// A group's word alone (`lucka-staff --demo staff`) names the words it takes, not the
    /// option ArgumentParser would blame; with one of them, or --help, it runs as before.
    @Test func aGroupWithoutItsCommandWordNamesTheWords() throws {
        let swedish = try run("lucka-staff", ["--demo", "staff"], environment: ["LUCKA_LANG": "sv"])
        #expect(
            swedish.status == 64 && swedish.error.contains("staff behöver ett kommando till: invite, list, approve, remove")
                && !swedish.error.contains("Unknown option"), "\(swedish.error)")
        let english = try run("lucka-staff", ["notices", "--home", "/nowhere"], environment: ["LUCKA_LANG": "en"])
        #expect(english.status == 64 && english.error.contains("notices needs one more command word: show, set, test"), "\(english.error)")
        let help = try run("lucka-staff", ["--demo", "staff", "--help"], environment: ["LUCKA_LANG": "sv"])
        #expect(help.status == 0 && help.output.contains("USAGE: lucka-staff staff <subcommand>"), "\(help.output)\(help.error)")
    }
}
