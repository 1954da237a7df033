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
        _ = try await WriterConversation.start(relay: relay.client, clinic: "kast-e2e", channel: .self, text: "Hej.", pin: fingerprint)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("terminal/shell_pty.py").path
        let shell = try Background("/usr/bin/python3", [script, RelayProcess.executable("lucka-staff"), anna.home, "en lång och hemlig lösenfras"], environment: [:])
        let result = try await shell.finish(seconds: 180)
        #expect(result.status == 0 && result.output.contains("OK"), "\(result.output)\(result.error)")
        relay.stop()
    }
}
