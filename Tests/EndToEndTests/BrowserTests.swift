import Foundation
import Spawn
import LuckaCore
import Testing

/// A writer's whole walk through the web pages in a real browser: headless Chromium
/// (Debian's chromium and chromium-driver) driven by Selenium with JavaScript turned off,
/// against a real `lucka-relay serve`, while a counsellor answers with the real
/// `lucka-staff`. Tests/browser/walkthrough.py does the browsing and checks every response
/// the browser saw; this test starts the relay, founds the clinic, replies when the script
/// says the message has been read, and collects the report.
///
/// Screenshots: test-artifacts/screenshots/<size>/NN-name.png (ignored by git).
@Suite("Web pages in a real browser", .serialized)
struct BrowserTests {
    struct Size: Sendable, CustomStringConvertible {
        let name: String
        let width: Int
        let height: Int
        let mobile: Bool
        var description: String { "\(name) \(width)×\(height)" }
    }

    static let sizes = [
        Size(name: "narrow", width: 320, height: 640, mobile: true),
        Size(name: "phone", width: 360, height: 740, mobile: true),
        Size(name: "desktop", width: 1280, height: 900, mobile: false),
    ]

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("Tests/browser/walkthrough.py").path
    static let screenshots = packageRoot.appendingPathComponent("test-artifacts/screenshots").path

    struct Report: Decodable {
        struct Page: Decodable {
            var step: Int
            var name: String
            var method: String
            var path: String
            var status: Int?
            var bytes: Int?
        }
        var pages: [Page]
        var failures: [String]
        var axeRuns: Int?
        var visitTokens: [String]?
    }

    /// The operator's facts, as a municipality fills them in (deploy/OPERATING.md).
    static let facts = [
        "LUCKA_PRIVACY_CONTROLLER": "Socialnämnden i Testköpings kommun",
        "LUCKA_PRIVACY_CONTACT": "Testköpings kommun, 551 89 Testköping, 036-10 50 00, kommunen@testkoping.example",
        "LUCKA_PRIVACY_DPO": "dataskyddsombud@testkoping.example",
        "LUCKA_ACCESSIBILITY_STATUS": "full",
        "LUCKA_ACCESSIBILITY_CONTACT": "tillganglighet@testkoping.example",
        "LUCKA_ACCESSIBILITY_REVIEWED": "2026-11-29",
    ]

    @Test("start → write → code → return → read the reply → reply → delete, JavaScript off", arguments: sizes)
    func walkthrough(size: Size) async throws {
        let probe = try runTool("/usr/bin/env", ["python3", "-c", "import selenium"])
        try #require(probe.status == 0, "Selenium is not installed for python3: run scripts/bootstrap (\(probe.error))")
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: run scripts/bootstrap")
        }

        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace, environment: Self.facts)
        defer { relay.stop() }
        let (anna, _) = try StaffToolTests.foundClinic(relay, workspace)

        let shots = Self.screenshots + "/" + size.name
        try? FileManager.default.removeItem(atPath: shots)
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        let handshake = workspace + "/handshake"
        try FileManager.default.createDirectory(atPath: handshake, withIntermediateDirectories: true)
        let report = workspace + "/report-\(size.name).json"
        let output = workspace + "/walkthrough-\(size.name).log"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: output))

        let browser = ChildProcess()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = [
            "python3", Self.script, "--url", relay.url, "--clinic", "kast-e2e", "--size", size.name,
            "--width", String(size.width), "--height", String(size.height), "--shots", shots, "--handshake", handshake, "--report", report,
            "--relay-files", workspace,
        ] + (size.mobile ? ["--mobile"] : [])
        browser.standardOutput = log
        browser.standardError = log
        browser.standardInput = FileHandle.nullDevice
        try browser.run()

        // When the writer has read their first message, a counsellor answers it.
        let deadline = Date().addingTimeInterval(180)
        while !FileManager.default.fileExists(atPath: handshake + "/written"), browser.isRunning, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        if FileManager.default.fileExists(atPath: handshake + "/written") {
            let inbox = try anna.json([InboxRow].self, ["inbox"])
            #expect(inbox.count == 1 && inbox.first?.channel == "self")
            #expect(inbox.first?.preview.hasPrefix("Hej. Jag har köpt sex") == true)
            let handle = try #require(inbox.first?.handle)
            _ = try anna.ok(["reply", handle], stdin: "Välkommen hit. Du är inte ensam; ring oss gärna på tisdag.\n")
            _ = FileManager.default.createFile(atPath: handshake + "/replied", contents: nil)
        }
        while browser.isRunning, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        if browser.isRunning { browser.terminate() }
        browser.waitUntilExit()
        try log.close()

        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        print(printed)
        #expect(browser.terminationStatus == 0, "walkthrough failed:\n\(printed)")
        let result = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
        #expect(result.failures.isEmpty, "\(result.failures.joined(separator: "\n"))")
        #expect(result.pages.count >= 14)
        // axe-core ran on every page the browser showed (the stylesheet is no page).
        print("browser axe-core runs [\(size.name)]: \(result.axeRuns ?? 0) pages, \(result.failures.count) failures")
        #expect((result.axeRuns ?? 0) >= result.pages.filter { $0.name != "stylesheet" }.count)
        for page in result.pages where page.name != "stylesheet" {
            #expect(page.bytes != nil, "\(page.name): no size")
            print("browser page size [\(size.name)] \(page.method) \(page.path.isEmpty ? "/" : page.path) (\(page.name)): \(page.bytes ?? -1) bytes, status \(page.status ?? -1)")
        }
        let screenshots = (try? FileManager.default.contentsOfDirectory(atPath: shots)) ?? []
        #expect(screenshots.filter { $0.hasSuffix(".png") }.count >= 14, "screenshots in \(shots): \(screenshots.sorted())")

        // The relay wrote nothing of it anywhere: not the text, not the counsellor's reply.
        let files = filesUnder(relay.dataDirectory) + [(relay.logPath, Array(relay.log().utf8))]
        for (path, bytes) in files {
            let found = findings(in: bytes, needles: [
                ("message", Array("Jag har köpt sex".utf8)), ("reply", Array("Du är inte ensam".utf8)), ("second message", Array("Jag ringer på tisdag".utf8)),
            ])
            #expect(found.isEmpty, "\(path) holds \(found)")
        }
    }

    @Test("Every page in the right-to-left test language, and lätt svenska: dir=rtl, axe finds nothing", arguments: [sizes[0], sizes[2]])
    func languages(size: Size) async throws {
        let workspace = RelayProcess.workspace()
        var environment = Self.facts
        environment["LUCKA_PSEUDO_LANGUAGE"] = "1"
        let relay = try RelayProcess(workspace: workspace, environment: environment)
        defer { relay.stop() }
        _ = try StaffToolTests.foundClinic(relay, workspace)
        let report = workspace + "/report-languages-\(size.name).json"
        let output = workspace + "/languages-\(size.name).log"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        let browser = ChildProcess()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = [
            "python3", Self.packageRoot.appendingPathComponent("Tests/browser/languages.py").path, "--url", relay.url, "--clinic", "kast-e2e",
            "--size", size.name, "--width", String(size.width), "--height", String(size.height),
            "--shots", Self.screenshots + "/languages-" + size.name, "--report", report,
        ] + (size.mobile ? ["--mobile"] : [])
        browser.standardOutput = log
        browser.standardError = log
        browser.standardInput = FileHandle.nullDevice
        try browser.run()
        let deadline = Date().addingTimeInterval(240)
        while browser.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        if browser.isRunning { browser.terminate() }
        browser.waitUntilExit()
        try log.close()
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        print(printed)
        #expect(browser.terminationStatus == 0, "languages.py failed:\n\(printed)")
        let result = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
        #expect(result.failures.isEmpty, "\(result.failures.joined(separator: "\n"))")
        print("browser axe-core runs, languages [\(size.name)]: \(result.axeRuns ?? 0) pages, \(result.failures.count) failures")
        #expect(result.pages.filter { $0.name.hasPrefix("rtl-") }.count >= 18)
        #expect((result.axeRuns ?? 0) >= result.pages.count)
    }

    @Test("A visit ends after its idle time and when the relay restarts; its token is in no URL, cookie, log or file")
    func visitEnds() async throws {
        let workspace = RelayProcess.workspace()
        var environment = Self.facts
        environment["LUCKA_VISIT_IDLE_SECONDS"] = "2"
        let relay = try RelayProcess(workspace: workspace, environment: environment)
        defer { relay.stop() }
        _ = try StaffToolTests.foundClinic(relay, workspace)
        let handshake = workspace + "/handshake"
        try FileManager.default.createDirectory(atPath: handshake, withIntermediateDirectories: true)
        let report = workspace + "/report-visit.json"
        let output = workspace + "/visit.log"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        let browser = ChildProcess()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = [
            "python3", Self.packageRoot.appendingPathComponent("Tests/browser/visit.py").path, "--url", relay.url, "--clinic", "kast-e2e",
            "--idle", "2", "--handshake", handshake, "--shots", Self.screenshots + "/visit", "--report", report,
        ]
        browser.standardOutput = log
        browser.standardError = log
        browser.standardInput = FileHandle.nullDevice
        try browser.run()
        let deadline = Date().addingTimeInterval(180)
        while !FileManager.default.fileExists(atPath: handshake + "/restart"), browser.isRunning, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        if FileManager.default.fileExists(atPath: handshake + "/restart") {
            relay.stop()
            try relay.restartOnSamePort(environment: environment)
            _ = FileManager.default.createFile(atPath: handshake + "/restarted", contents: nil)
        }
        while browser.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        if browser.isRunning { browser.terminate() }
        browser.waitUntilExit()
        try log.close()
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        print(printed)
        #expect(browser.terminationStatus == 0, "visit.py failed:\n\(printed)")
        let result = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
        #expect(result.failures.isEmpty, "\(result.failures.joined(separator: "\n"))")
        #expect(result.pages.count >= 5 && (result.axeRuns ?? 0) >= result.pages.count)
        // The visit tokens the browser saw are nowhere the relay writes.
        let tokens = result.visitTokens ?? []
        #expect(tokens.count >= 2)
        for (path, bytes) in filesUnder(relay.dataDirectory) + [(relay.logPath, Array(relay.log().utf8))] {
            let found = findings(in: bytes, needles: tokens.map { ("visit token", Array($0.utf8)) })
            #expect(found.isEmpty, "\(path) holds \(found)")
        }
    }
}
