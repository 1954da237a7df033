import Foundation
import LuckaClient
import LuckaCore
import Testing

/// A writer's text reaches a counsellor's terminal: it must be shown, never obeyed.
@Suite("Terminal injection end to end", .serialized)
struct TerminalInjectionTests {
    static let fakeHeader = "── #2 CLINIC (Anna) · 2026-01-01 00:00"

    /// Title change, clipboard write (OSC 52), hidden text, a C1 CSI, a right-to-left
    /// override and a line that imitates the tool's own message header.
    static let hostile = [
        "Hej, jag behöver hjälp.",
        "\u{1B}]0;pwned title\u{07}title",
        "\u{1B}]52;c;cm0gLXJmIH4=\u{07}clipboard",
        "\u{1B}[8mhidden text\u{1B}[0m",
        "\u{9B}31mred",
        "fil\u{202E}gpj.exe",
        fakeHeader,
        "Ja, du kan ringa oss.",
    ].joined(separator: "\n")

    static let forbidden: [(String, [UInt8])] = [
        ("ESC", [0x1B]), ("BEL", [0x07]), ("U+009B", Array("\u{9B}".utf8)), ("U+202E", Array("\u{202E}".utf8)),
    ]

    static func forbiddenBytes(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        return forbidden.filter { bytes.firstRange(of: $0.1) != nil }.map(\.0)
    }

    @Test func escapeSequencesFromAWriterAreShownNotObeyed() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        defer { relay.stop() }
        let (anna, fingerprint) = try StaffToolTests.foundClinic(relay, workspace)
        let lucka = WriterToolTests.WriterCLI(relay: relay.url, workspace: workspace)
        let code = try WriterToolTests.write(lucka, Self.hostile, pin: fingerprint)

        let inbox = try anna.ok(["inbox"])
        #expect(Self.forbiddenBytes(in: inbox).isEmpty, "inbox: \(Self.forbiddenBytes(in: inbox))")
        #expect(inbox.contains("\\u{1B}]0;pwned title\\u{7}"))

        let handle = try #require(try anna.json([InboxRow].self, ["inbox"]).first?.handle)
        let read = try anna.ok(["read", handle])
        #expect(Self.forbiddenBytes(in: read).isEmpty, "read: \(Self.forbiddenBytes(in: read))")
        #expect(read.contains("\\u{1B}[8mhidden text") && read.contains("\\u{9B}31mred") && read.contains("fil\\u{202E}gpj.exe"))
        // The imitated header only ever appears behind the body's margin.
        let lines = read.split(separator: "\n", omittingEmptySubsequences: false)
        let imitations = lines.filter { $0.contains(Self.fakeHeader) }
        #expect(imitations.count == 1)
        #expect(imitations.allSatisfy { $0.hasPrefix("  │ ") })
        #expect(lines.filter { $0.hasPrefix("── #") }.count == 1)
        // The JSON output is the exact text (as JSON escapes), safe on a terminal too.
        let json = try anna.run(["read", handle, "--json"])
        #expect(Self.forbiddenBytes(in: json.output).isEmpty)
        let view = try JSONDecoder().decode(ThreadView.self, from: Data(json.output.utf8))
        #expect(view.messages.first?.text == Self.hostile)

        // The counsellor answers with the same kind of text; the writer's screen is safe too.
        _ = try anna.ok(["reply", handle], stdin: "Svar\n\u{1B}]0;x\u{07}\n" + Self.fakeHeader + "\n")
        let writerRead = try lucka.command("read", ["--code-stdin", "--pin", fingerprint.description], stdin: code + "\n")
        #expect(writerRead.status == 0, "\(writerRead.error)")
        #expect(Self.forbiddenBytes(in: writerRead.output).isEmpty)
        let writerLines = writerRead.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(writerLines.filter { $0.contains(Self.fakeHeader) }.allSatisfy { $0.hasPrefix("  │ ") })
        #expect(writerLines.filter { $0.contains(Self.fakeHeader) }.count == 2)
    }

    /// Every kind of sequence a terminal obeys: CSI (ESC [ and C1), OSC (title, clipboard,
    /// hyperlink; BEL- and ST-terminated, and C1), DCS, APC, PM, SOS, single ESC commands,
    /// C1 controls, and bidirectional overrides and isolates.
    static let everything = [
        "Början.",
        "\u{1B}[2J\u{1B}[H\u{1B}[31;1mcsi\u{1B}[0m", "\u{9B}2J c1 csi", "\u{1B}]0;title\u{07}", "\u{1B}]2;title\u{1B}\\",
        "\u{1B}]52;c;cm0gLXJmIH4=\u{07}", "\u{1B}]8;;https://example.org\u{1B}\\link\u{1B}]8;;\u{1B}\\", "\u{9D}0;c1 osc\u{9C}",
        "\u{1B}Pq#0;2;0;0;0\u{1B}\\dcs", "\u{90}c1 dcs\u{9C}", "\u{1B}_apc\u{1B}\\", "\u{1B}^pm\u{1B}\\", "\u{1B}Xsos\u{1B}\\",
        "\u{1B}c reset", "\u{1B}7\u{1B}8 cursor", "\u{1B}(0 charset", "\u{85}nel \u{84}ind \u{8D}ri \u{8E}ss2",
        "\u{202E}rlo\u{202C} \u{202D}lro \u{2066}lri\u{2069} \u{2067}rli\u{2069} \u{2068}fsi\u{2069} \u{200F}rlm \u{061C}alm",
        "\u{08}\u{08}backspace \r carriage return \u{7F}del",
        "Slut.",
    ].joined(separator: "\n")

    /// `lucka-staff read` of a message full of terminal sequences, on a real pseudo-terminal
    /// (Tests/terminal/capture_pty.py, TERM=xterm-256color) and into a pipe: not one ESC
    /// byte, C1 control or bidi control reaches either. The tool writes no colour of its
    /// own, so any ESC would be the writer's.
    @Test func readOnAPseudoTerminalAndInAPipeCarriesNoEscapes() async throws {
        let (workspace, relay, anna, handle) = try await StaffToolTests.oneConversation(Self.everything)
        defer { relay.stop() }

        let piped = try anna.ok(["read", handle])
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("terminal/capture_pty.py").path
        let captured = workspace + "/pty.bytes"
        let terminal = try Background(
            "/usr/bin/python3",
            [script, captured, RelayProcess.executable("lucka-staff"), "read", handle, "--home", anna.home, "--passphrase-file", anna.passphraseFile],
            environment: StaffCLI.english)
        let run = try await terminal.finish(seconds: 120)
        #expect(run.status == 0, "\(run.output)\(run.error)")
        let screen = try #require(FileManager.default.contents(atPath: captured))
        for (name, bytes) in [("pty", Array(screen)), ("pipe", Array(piped.utf8))] {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains("Början.") && text.contains("Slut."), "\(name): \(text)")
            #expect(!bytes.contains(0x1B), "\(name): an ESC byte reached the terminal")
            #expect(!bytes.contains(0x07) && !bytes.contains(0x08) && !bytes.contains(0x7F), "\(name): BEL, BS or DEL")
            let c1 = text.unicodeScalars.filter { (0x80...0x9F).contains($0.value) }
            let bidi = text.unicodeScalars.filter { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) || [0x200E, 0x200F, 0x061C].contains($0.value) }
            #expect(c1.isEmpty && bidi.isEmpty, "\(name): \(c1.map(\.value)) \(bidi.map(\.value))")
            // Shown, escaped, not dropped.
            #expect(text.contains("\\u{1B}]52;c;cm0gLXJmIH4=") && text.contains("\\u{9B}2J c1 csi") && text.contains("\\u{202E}rlo"), "\(name): \(text)")
        }
    }

    /// The same under tmux, where many counsellors work: what the tool writes into the pane
    /// (tmux's `pipe-pane`) has no ESC byte, and the screen tmux keeps (`capture-pane -e`,
    /// which writes attributes as SGR sequences) has no colour or attribute from the writer.
    @Test func readUnderTmuxCarriesNoEscapes() async throws {
        let (workspace, relay, anna, handle) = try await StaffToolTests.oneConversation(Self.everything)
        defer { relay.stop() }

        let tmux = ["/usr/bin/tmux", "-L", "lucka-" + UUID().uuidString, "-f", "/dev/null"]
        defer { _ = try? runTool(tmux[0], Array(tmux.dropFirst()) + ["kill-server"]) }
        let staff = [RelayProcess.executable("lucka-staff"), "read", handle, "--home", anna.home, "--passphrase-file", anna.passphraseFile]
        // The command waits for Enter, so that pipe-pane is in place before it writes.
        let command = "read go; " + staff.map { "'\($0)'" }.joined(separator: " ") + "; echo lucka-done; sleep 60"
        let piped = workspace + "/tmux.bytes"
        for step in [
            ["new-session", "-d", "-s", "read", "-x", "200", "-y", "200", "-e", "LUCKA_LANG=en", "-e", "TERM=tmux-256color", "sh", "-c", command],
            ["pipe-pane", "-O", "-t", "read", "cat > '\(piped)'"],
            ["send-keys", "-t", "read", "Enter"],
        ] {
            let result = try runTool(tmux[0], Array(tmux.dropFirst()) + step)
            #expect(result.status == 0, "tmux \(step[0]): \(result.error)")
        }
        let deadline = Date().addingTimeInterval(120)
        var bytes: [UInt8] = []
        while Date() < deadline {
            bytes = Array(FileManager.default.contents(atPath: piped) ?? Data())
            if String(decoding: bytes, as: UTF8.self).contains("lucka-done") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Början.") && text.contains("Slut.") && text.contains("lucka-done"), "\(text)")
        #expect(!bytes.contains(0x1B), "an ESC byte reached the pane")
        #expect(text.contains("\\u{1B}]52;c;cm0gLXJmIH4="), "\(text)")

        let screen = try runTool(tmux[0], Array(tmux.dropFirst()) + ["capture-pane", "-p", "-e", "-J", "-S", "-", "-t", "read"])
        #expect(screen.output.contains("Slut."), "\(screen.output)")
        #expect(!screen.output.contains("\u{1B}"), "tmux shows attributes the writer set: \(screen.output.debugDescription)")
    }

    @Test func aKeystoreOthersCanReadIsRefused() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        defer { relay.stop() }
        let (anna, _) = try StaffToolTests.foundClinic(relay, workspace)
        let path = anna.home + "/keystore"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let refused = try anna.run(["inbox"])
        #expect(refused.status == 1)
        #expect(refused.error.contains("chmod 600 \(path)"), "\(refused.error)")
        #expect(refused.error.split(separator: "\n").count == 1)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try anna.run(["inbox"]).status == 0)
    }
}
