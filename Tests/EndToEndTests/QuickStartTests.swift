import Foundation
import LuckaClient
import LuckaCore
import Testing

/// The README's quick start, followed as a newcomer would: the demo relay, a message
/// written through the web form, an answer from the demo counsellor with the commands the
/// relay prints, and the answer read back with the code.
@Suite("README quick start", .serialized)
struct QuickStartTests {
    @Test func fromAFreshFolderToAFirstAnsweredMessage() async throws {
        let readme = try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
        #expect(readme.contains("scripts/bootstrap && swift run lucka-relay serve --demo"), "the README's first command starts the demo")
        #expect(readme.contains("lucka-staff --demo inbox") && readme.contains("lucka-staff --demo reply"))

        // `lucka-relay serve --demo`, on a free port and a fresh data folder.
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace, extraArguments: ["--demo"])
        let printed = relay.log()
        let page = try #require(capture(#"(http://localhost:\d+/c/demo)\s"#, in: printed), "the relay prints the page to open: \(printed)")
        let site = String(page.dropLast("/c/demo".count))
        let staffCommand = "lucka-staff --demo --data-dir \(relay.dataDirectory)"
        for step in ["inbox", "read HANDLE", "reply HANDLE"] {
            #expect(printed.contains("\(staffCommand) \(step)"), "the relay prints `\(staffCommand) \(step)`")
        }
        #expect(printed.contains("\(site)/return") && printed.contains("DEMO ONLY"))

        // The demo counsellor's keystore and passphrase: private, and labelled demo-only.
        let staffHome = relay.dataDirectory + "/demo/staff"
        for (path, mode) in [(staffHome, 0o700), (staffHome + "/keystore", 0o600), (staffHome + "/passphrase", 0o600)] {
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == mode, "\(path)")
        }
        #expect(try String(contentsOfFile: staffHome + "/passphrase", encoding: .utf8).contains("DEMO ONLY"))

        // 1. Write through the web form, as a browser does.
        let browser = Browser()
        let form = try await browser.get(page)
        #expect(form.status == 200 && form.body.contains("action=\"/c/demo/write\"") && form.body.contains("name=\"channel\""))
        let question = "Hej. Jag har köpt sex några gånger och vill sluta. Kan ni hjälpa mig?"
        let written = try await browser.post(site + "/c/demo/write", form: [("channel", "self"), ("text", question)])
        #expect(written.status == 200)
        let code = try #require(capture(#"<p class="code">([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})</p>"#, in: written.body), "the page shows the code: \(written.body)")

        // 2. Answer as the demo counsellor, with the commands the relay printed.
        func staff(_ words: String, stdin: String? = nil) throws -> String {
            let arguments = ["--demo", "--data-dir", relay.dataDirectory] + words.split(separator: " ").map(String.init)
            let result = try run("lucka-staff", arguments, stdin: stdin, environment: StaffCLI.english)
            guard result.status == 0 else { throw RelayProcessError(message: "lucka-staff \(words) failed: \(result.error)") }
            return result.output
        }
        let rows = try JSONDecoder().decode([InboxRow].self, from: Data(try staff("inbox --json").utf8))
        let handle = try #require(rows.first?.handle)
        #expect(rows.count == 1 && rows[0].channel == "self" && rows[0].status == "new")
        #expect(try staff("inbox").contains(handle))
        #expect(try staff("read \(handle)").contains(question))
        let answer = "Tack för att du skriver. Ring oss gärna på tisdag, eller skriv här igen."
        // Typed at a terminal the answer ends with a line holding a dot; piped, it ends with the input.
        let sent = try staff("reply \(handle)", stdin: answer + "\n")
        #expect(sent.contains("Demo-behandlaren"))

        // 3. Read the answer as the writer: the return form with the code...
        let returned = try await browser.post(site + "/return", form: [("code", code)])
        #expect(returned.status == 200)
        #expect(returned.body.contains(question) && returned.body.contains(answer) && returned.body.contains("Demo-behandlaren"))
        // ... and with the writer's client, pinned to the fingerprint the demo clinic has.
        let fingerprintLine = try #require(try staff("fingerprint").split(separator: "\n").first { $0.hasPrefix("Clinic:") })
        let fingerprint = try Fingerprint(parsing: String(fingerprintLine.dropFirst("Clinic:".count).split(separator: "(")[0]))
        let (_, thread) = try await WriterConversation.resume(relay: relay.client, code: try ConversationCode(parsing: code), pin: fingerprint)
        #expect(thread.isIntact && thread.messages.map(\.author) == [.writer, .clinic])
        #expect(thread.messages.last?.envelope?.text == answer)

        // Nothing the writer typed reached the relay's output.
        let log = relay.log()
        #expect(!log.contains(question) && !log.contains(code) && !log.contains(code.replacingOccurrences(of: "-", with: "")))

        // Starting again (on another port) keeps the demo, and the counsellor follows.
        relay.stop()
        try relay.start(extraArguments: ["--demo"])
        #expect(try staff("inbox").contains(handle))
        relay.stop()
    }

    @Test func theDemoRefusesToMixWithRealClinicsOrListenBeyondLoopback() throws {
        let workspace = RelayProcess.workspace()
        let data = workspace + "/data"
        let created = try run("lucka-relay", ["clinic", "create", "kast-riktig", "--data-dir", data])
        #expect(created.status == 0)
        let mixed = try run("lucka-relay", ["serve", "--demo", "--data-dir", data, "--port", "0"])
        #expect(mixed.status == 1)
        #expect(mixed.error.contains("already hosts kast-riktig") && mixed.error.contains("--data-dir"), "\(mixed.error)")

        let exposed = try run("lucka-relay", ["serve", "--demo", "--data-dir", workspace + "/demo", "--host", "0.0.0.0", "--allow-public", "--port", "0"])
        #expect(exposed.status == 1 && exposed.error.contains("loopback"), "\(exposed.error)")

        let noDemo = try run("lucka-staff", ["--demo", "--data-dir", workspace + "/nothing-here", "inbox"])
        #expect(noDemo.status == 1 && noDemo.error.contains("lucka-relay serve --demo"), "\(noDemo.error)")
    }
}
