import Foundation
@testable import LuckaClient
import LuckaCore
import Testing

/// `lucka-relay` as an operator meets it: refusals of unsafe settings, the metrics port.
@Suite("lucka-relay operator settings", .serialized)
struct OperatorTests {
    @Test func aDataFolderOthersCanOpenIsRefusedWithTheFix() throws {
        let workspace = RelayProcess.workspace()
        let data = workspace + "/shared-data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        for command in [["serve", "--port", "0"], ["check"], ["backup", workspace + "/copy.sqlite"]] {
            let result = try run("lucka-relay", command + ["--data-dir", data])
            #expect(result.status == 1, "\(command[0]) should refuse")
            #expect(result.error.contains("other users can open the data folder \(data) (mode 755)"), "\(result.error)")
            #expect(result.error.contains("chmod 700 \(data)"))
            #expect(result.error.split(separator: "\n").count == 1)
            #expect(result.output.isEmpty)
        }
        // Nothing was created in it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: data).isEmpty)
        // After the fix, it starts.
        chmod(data, 0o700)
        #expect(try run("lucka-relay", ["check", "--data-dir", data]).status == 0)
    }

    @Test func aPublicAddressNeedsAllowPublic() throws {
        let workspace = RelayProcess.workspace()
        for (arguments, environment) in [(["--host", "0.0.0.0"], [:]), ([], ["LUCKA_HOST": "192.0.2.10"]), (["--host", "::"], [:])] {
            let result = try run("lucka-relay", ["serve", "--data-dir", workspace + "/data", "--port", "0"] + arguments, environment: environment)
            #expect(result.status == 1, "\(arguments) \(environment)")
            #expect(result.error.contains("refusing to listen on") && result.error.contains("--allow-public") && result.error.contains("127.0.0.1"), "\(result.error)")
            #expect(result.error.split(separator: "\n").count == 1)
        }
        // Loopback in any spelling is fine, and --allow-public opens the rest.
        for host in ["127.0.0.1", "localhost", "::1"] {
            let relay = try RelayProcess(workspace: workspace, extraArguments: ["--host", host])
            relay.stop()
        }
        let relay = try RelayProcess(workspace: workspace, extraArguments: ["--host", "0.0.0.0", "--allow-public"])
        #expect(relay.url.hasPrefix("http://0.0.0.0:"))
        relay.stop()
    }

    @Test func aTakenPortIsReportedInOneLine() throws {
        let workspace = RelayProcess.workspace()
        let first = try RelayProcess(workspace: workspace)
        let port = try #require(capture(#":(\d+)$"#, in: first.url))
        let second = try run("lucka-relay", ["serve", "--data-dir", workspace + "/other", "--port", port])
        #expect(second.status == 1)
        #expect(second.error.contains("already listens on port \(port)") && second.error.contains("--port"), "\(second.error)")
        first.stop()
    }

    @Test func metricsAreCountsOnALoopbackPortAndNameNoThread() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace, extraArguments: ["--metrics-port", "0"])
        let line = try waitForLine(containing: "metrics on http://", in: relay.logPath) { relay.process.isRunning }
        let metricsURL = try #require(capture(#"(http://127\.0\.0\.1:\d+/metrics)"#, in: line))

        let clinic = try await LiveClinic.found(on: relay)
        let (_, conversation) = try await WriterConversation.start(relay: relay.client, clinic: clinic.slug, channel: .relative, text: "räkna mig", pin: clinic.fingerprint)
        let keys = try await clinic.admin.clinicKeys()
        let handle = try await clinic.admin.inbox().threads[0].handle
        _ = try await clinic.admin.thread(handle, with: keys)
        _ = try await clinic.admin.reply(to: handle, text: "svar", displayName: clinic.adminName, with: keys)
        _ = try await conversation.read()
        await #expect(throws: ClientError.self) { _ = try await clinic.admin.thread("zzzzzzzzzzzz", with: keys) }
        let browser = Browser()
        #expect(try await browser.get(relay.url + "/healthz").status == 200)
        #expect(try await browser.get(relay.url + "/metrics").status == 404, "metrics are not on the relay's own port")
        #expect(try await browser.get(relay.url + "/no/such/\(handle)").status == 404)

        let scraped = try await browser.get(metricsURL)
        #expect(scraped.status == 200)
        #expect(scraped.headers.first(name: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = scraped.body
        for expected in [
            #"lucka_http_requests_total{route="/v1/staff/threads/{handle}",method="GET",status="200"} 2"#,
            #"lucka_http_requests_total{route="/v1/staff/threads/{handle}",method="GET",status="404"} 1"#,
            #"lucka_http_requests_total{route="/v1/staff/threads/{handle}/messages",method="POST",status="201"} 1"#,
            #"lucka_http_requests_total{route="/healthz",method="GET",status="200"} 1"#,
            #"lucka_http_requests_total{route="NotFound",method="GET",status="404"} 2"#,
            #"lucka_threads{clinic="kast-test",status="answered"} 1"#,
            #"lucka_threads{clinic="kast-test",status="new"} 0"#,
            "lucka_sweep_runs_total 1",
            "lucka_sweep_failures_total 0",
        ] {
            #expect(text.contains(expected), "missing \(expected) in\n\(text)")
        }
        // Counts only: no handle, no concrete path, no address; every line is a comment or `name{labels} number`.
        #expect(!text.contains(handle) && !text.contains("zzzzzzzzzzzz") && !text.contains("/no/such"))
        let sample = try NSRegularExpression(pattern: #"^[a-z_]+(\{[a-z_]+="[^"\n]*"(,[a-z_]+="[^"\n]*")*\})? [0-9]+$"#)
        for line in text.split(separator: "\n") where !line.hasPrefix("# ") {
            let string = String(line)
            #expect(sample.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil, "not a Prometheus sample: \(string)")
        }
        relay.stop()
    }
}
