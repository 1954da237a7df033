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
