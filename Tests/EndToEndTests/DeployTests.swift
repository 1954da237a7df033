import Foundation
@testable import LuckaClient
import LuckaCore
import Testing

/// Every file in deploy/, checked by its own tool (scripts/bootstrap installs them):
/// systemd-analyze for the unit, tor for the onion services, nginx for the TLS proxy.
/// A missing tool fails the test: CI must not pass a check it did not run.
@Suite("deploy/ files pass their tools", .serialized)
struct DeployTests {
    static let deploy = repositoryRoot + "/deploy"

    /// The unit with ExecStart pointing at this build (systemd-analyze verify checks that
    /// the program exists); nothing else changed.
    static func unitCopy(in workspace: String) throws -> String {
        let unit = try String(contentsOfFile: deploy + "/lucka-relay.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/lucka-relay serve"))
        let copy = workspace + "/lucka-relay.service"
        try unit.replacingOccurrences(of: "/usr/local/bin/lucka-relay", with: RelayProcess.executable("lucka-relay"))
            .write(toFile: copy, atomically: true, encoding: .utf8)
        return copy
    }

    @Test func theSystemdUnitVerifiesAndItsExposureIsAtMostTwo() throws {
        let workspace = RelayProcess.workspace()
        let unit = try Self.unitCopy(in: workspace)

        // verify exits 0 even for unknown keys and bad values: its output must say nothing about the unit.
        let verify = try runSystemTool("systemd-analyze", ["verify", unit])
        let complaints = (verify.output + verify.error).split(separator: "\n").filter { $0.contains("lucka-relay") }
        #expect(verify.status == 0 && complaints.isEmpty, "systemd-analyze verify: \(verify.output)\(verify.error)")

        let security = try runSystemTool("systemd-analyze", ["security", "--offline=yes", unit])
        #expect(security.status == 0, "\(security.error)")
        let scoreText = try #require(capture(#"Overall exposure level for lucka-relay\.service: ([0-9]+\.[0-9])"#, in: security.output), "\(security.output)")
        let score = try #require(Double(scoreText))
        print("systemd-analyze security --offline=yes deploy/lucka-relay.service: exposure \(scoreText)")
        #expect(score <= 2.0, "exposure \(scoreText) is above 2.0:\n\(security.output)")
        // The operator's guide states the score this unit actually gets.
        let guide = try String(contentsOfFile: Self.deploy + "/OPERATING.md", encoding: .utf8)
        #expect(guide.contains("exposure level \(scoreText)"), "deploy/OPERATING.md should state the measured exposure level \(scoreText)")

        // What the unit promises, in so many words.
        let text = try String(contentsOfFile: Self.deploy + "/lucka-relay.service", encoding: .utf8)
        for setting in [
            "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "NoNewPrivileges=yes",
            "CapabilityBoundingSet=\n", "MemoryDenyWriteExecute=yes", "StateDirectoryMode=0700", "UMask=0077",
            "RestrictAddressFamilies=", "SystemCallFilter=@system-service", "--host 127.0.0.1",
        ] {
            #expect(text.contains(setting), "the unit lacks \(setting)")
        }
    }

    /// The relay works inside the unit's system-call filter, address families and
    /// write-xor-execute memory, emulated with seccomp (no systemd in CI to run the unit).
    /// With --kill, any call outside the filter and any writable-and-executable mapping
    /// kills the relay, so "it works" means it never made one (systemd would answer EPERM).
    @Test func theRelayRunsInsideTheUnitsSyscallSandbox() async throws {
        let workspace = RelayProcess.workspace()
        let data = workspace + "/data"
        let log = workspace + "/sandboxed.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        // User=lucka: as root, run as an ordinary user (SQLite, for one, behaves differently for root).
        var launcher: [String] = []
        if getuid() == 0 {
            chmod(workspace, 0o755)
            chown(data, 65534, 65534)
            launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher.first ?? "/usr/bin/python3")
        process.arguments = launcher.dropFirst() + (launcher.isEmpty ? [] : ["/usr/bin/python3"]) + [
            Self.deploy + "/emulate-sandbox.py", "--kill", Self.deploy + "/lucka-relay.service", "--",
            RelayProcess.executable("lucka-relay"), "serve", "--demo", "--data-dir", data, "--port", "0",
        ]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        let line = try waitForLine(containing: "serving on http://", in: log) { process.isRunning }
        let url = try #require(capture(#"(http://\S+)"#, in: line)).replacingOccurrences(of: "localhost", with: "127.0.0.1")

        // The founding above ran Argon2id, signing, SQLite and the HTTP client; now a writer and the counsellor.
        let relay = RelayClient(baseURL: url)
        let (code, _) = try await WriterConversation.start(relay: relay, clinic: "demo", channel: .professional, text: "inifrån sandlådan", pin: nil)
        let inbox = try run("lucka-staff", ["--demo", "--data-dir", data, "inbox", "--json"])
        #expect(inbox.status == 0 && inbox.output.contains("professional"), "\(inbox.error)")
        let thread = try await WriterConversation.resume(relay: relay, code: code, pin: nil).1
        #expect(thread.messages.first?.envelope?.text == "inifrån sandlådan")
        // UMask=0077: what the relay created is private.
        #expect(try FileManager.default.attributesOfItem(atPath: data + "/lucka.sqlite-wal")[.posixPermissions] as? Int == 0o600)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the sandboxed relay did not stop cleanly: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

        // The emulation is real: inside it, writable and executable memory is refused.
        let probe = try runTool("/usr/bin/python3", [
            Self.deploy + "/emulate-sandbox.py", Self.deploy + "/lucka-relay.service", "--", "/usr/bin/python3", "-c",
            "import mmap\ntry:\n    mmap.mmap(-1, 4096, prot=mmap.PROT_READ|mmap.PROT_WRITE|mmap.PROT_EXEC)\n    print('allowed')\nexcept OSError as e:\n    print('refused', e.errno)",
        ])
        #expect(probe.output.contains("refused 1"), "W^X emulation: \(probe.output)\(probe.error)")
    }

    @Test func theTorOnionServicesVerify() throws {
        let folder = Self.deploy + "/tor"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".torrc") }.sorted()
        #expect(files == ["staff.torrc", "writers.torrc"])
        for file in files {
            let result = try runSystemTool("tor", ["--verify-config", "-f", folder + "/" + file])
            #expect(result.status == 0 && result.output.contains("Configuration was valid"), "tor --verify-config -f deploy/tor/\(file):\n\(result.output)\(result.error)")
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            // Writers reach the relay's Tor listener (with the circuit id); staff the plain port.
            let port = file == "writers.torrc" ? "8081" : "8080"
            #expect(text.contains("HiddenServicePort 80 127.0.0.1:\(port)"), "\(file) forwards to the relay on loopback")
            #expect(text.contains("SocksPort 0"))
        }
        // The two services are separate: their own keys, their own addresses.
        let writers = try String(contentsOfFile: folder + "/writers.torrc", encoding: .utf8)
        let staff = try String(contentsOfFile: folder + "/staff.torrc", encoding: .utf8)
        let dirs = [writers, staff].map { capture(#"(?m)^HiddenServiceDir (\S+)"#, in: $0) }
        #expect(dirs[0] != nil && dirs[1] != nil && dirs[0] != dirs[1])
        #expect(staff.contains("authorized_clients"))
        #expect(writers.contains("HiddenServiceExportCircuitID haproxy"), "the writers' service sends the circuit id")
        let unit = try String(contentsOfFile: Self.deploy + "/lucka-relay.service", encoding: .utf8)
        #expect(unit.contains("--tor-port 8081"), "the unit opens the Tor listener the writers' service points at")
    }

    @Test func theNginxProxyPassesItsConfigTestAndSendsTheRelaysHeaders() async throws {
        let workspace = RelayProcess.workspace()
        let config = try String(contentsOfFile: Self.deploy + "/nginx/lucka.conf", encoding: .utf8)

        // nginx -t opens the certificate: give it a throwaway one at the same place in a copy.
        let key = workspace + "/privkey.pem", certificate = workspace + "/fullchain.pem"
        let openssl = try runSystemTool("openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=lucka.example.se", "-keyout", key, "-out", certificate,
        ])
        #expect(openssl.status == 0, "\(openssl.error)")
        let copy = workspace + "/nginx.conf"
        try config.replacingOccurrences(of: "/etc/letsencrypt/live/lucka.example.se/fullchain.pem", with: certificate)
            .replacingOccurrences(of: "/etc/letsencrypt/live/lucka.example.se/privkey.pem", with: key)
            .write(toFile: copy, atomically: true, encoding: .utf8)
        let test = try runSystemTool("nginx", ["-t", "-c", copy])
        #expect(test.status == 0 && test.error.contains("test is successful"), "nginx -t:\n\(test.output)\(test.error)")

        // Access logs off, everywhere; the client address only in X-Real-IP, for the budgets.
        let directives = config.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.hasPrefix("#") }
        #expect(directives.filter { $0.hasPrefix("access_log") } == ["access_log off;"])
        #expect(directives.contains("proxy_set_header X-Forwarded-For \"\";"))
        #expect(directives.filter { $0.contains("$remote_addr") } == ["proxy_set_header X-Real-IP $remote_addr;"])
        #expect(!directives.contains { $0.contains("$proxy_add_x_forwarded_for") })
        #expect(directives.contains("proxy_set_header Host $host;"), "the web pages compare Origin with Host")

        // Every security header the relay sends, the proxy sends with the same value.
        let relay = try RelayProcess(workspace: workspace)
        let answer = try await Browser().get(relay.url + "/healthz")
        relay.stop()
        for name in [
            "Cache-Control", "Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy",
            "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Permissions-Policy",
        ] {
            let value = try #require(answer.headers.first(name: name), "the relay sends \(name)")
            #expect(directives.contains("add_header \(name) \"\(value)\" always;"), "nginx should send \(name): \(value)")
            #expect(directives.contains("proxy_hide_header \(name);"), "nginx should not send \(name) twice")
        }
        #expect(directives.contains { $0.hasPrefix("add_header Strict-Transport-Security ") })
    }

    /// nginx with deploy/nginx/lucka.conf in front of a relay: the page, a form post (the
    /// web pages compare Origin with the Host nginx passes on), headers, the redirect, and
    /// an empty error log. Only ports, certificate, pid and log paths differ from the file.
    @Test func theNginxProxyServesTheRelay() async throws {
        let workspace = RelayProcess.workspace()
        chmod(workspace, 0o755)  // nginx's workers (www-data when started as root) read the certificate
        let relay = try RelayProcess(workspace: workspace, extraArguments: ["--demo"])
        defer { relay.stop() }
        let relayPort = try #require(capture(#":(\d+)$"#, in: relay.url))
        let key = workspace + "/privkey.pem", certificate = workspace + "/fullchain.pem"
        _ = try runSystemTool("openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=lucka.example.se", "-keyout", key, "-out", certificate,
        ])
        let http = Int.random(in: 20000..<30000), https = http + 10000
        let config = try String(contentsOfFile: Self.deploy + "/nginx/lucka.conf", encoding: .utf8)
            .replacingOccurrences(of: "/etc/letsencrypt/live/lucka.example.se/fullchain.pem", with: certificate)
            .replacingOccurrences(of: "/etc/letsencrypt/live/lucka.example.se/privkey.pem", with: key)
            .replacingOccurrences(of: "listen 80 ", with: "listen 127.0.0.1:\(http) ")
            .replacingOccurrences(of: "listen [::]:80 ", with: "listen [::1]:\(http) ")
            .replacingOccurrences(of: "listen 443 ", with: "listen 127.0.0.1:\(https) ")
            .replacingOccurrences(of: "listen [::]:443 ", with: "listen [::1]:\(https) ")
            .replacingOccurrences(of: "server 127.0.0.1:8080;", with: "server 127.0.0.1:\(relayPort);")
            .replacingOccurrences(of: "pid /run/nginx.pid;", with: "pid \(workspace)/nginx.pid;")
            .replacingOccurrences(of: "error_log /var/log/nginx/error.log crit;", with: "error_log \(workspace)/error.log crit;")
        let path = workspace + "/nginx.conf"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let nginx = Process()
        nginx.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        nginx.arguments = ["-c", path, "-e", workspace + "/error.log", "-g", "daemon off;"]
        nginx.standardError = FileHandle.nullDevice
        try nginx.run()
        defer { nginx.terminate(); nginx.waitUntilExit() }

        let site = "https://lucka.example.se:\(https)"
        func curl(_ arguments: [String]) throws -> String {
            let result = try runSystemTool("curl", ["-sk", "--retry", "20", "--retry-connrefused", "--retry-delay", "0", "--max-time", "20",
                                                    "--resolve", "lucka.example.se:\(https):127.0.0.1", "--resolve", "lucka.example.se:\(http):127.0.0.1"] + arguments)
            #expect(result.status == 0, "curl \(arguments): \(result.error)")
            return result.output
        }
        let page = try curl(["-D", "-", site + "/c/demo"])
        #expect(page.hasPrefix("HTTP/2 200") && page.contains("action=\"/c/demo/write\""), "\(page.prefix(400))")
        for header in ["strict-transport-security: max-age=63072000", "content-security-policy: default-src 'none'", "cache-control: no-store"] {
            #expect(page.lowercased().components(separatedBy: header).count == 2, "exactly one \(header)")
        }
        // A browser's same-origin post (on port 443 the Origin has no port; Host comes from nginx without one).
        // With the form's single-use token, as a browser sends the page it loaded.
        let token = try #require(RawHTTP.formToken(in: page))
        let written = try curl(["-H", "Origin: https://lucka.example.se", "-H", "Sec-Fetch-Site: same-origin",
                                "--data-urlencode", "form=\(token)",
                                "--data-urlencode", "channel=self", "--data-urlencode", "text=Genom nginx", site + "/c/demo/write"])
        let code = try #require(capture(#"<p class="code">([0-9A-Z-]{24})</p>"#, in: written), "\(written.prefix(400))")
        let returnToken = try #require(RawHTTP.formToken(in: try curl([site + "/return"])))
        let read = try curl(["-H", "Origin: https://lucka.example.se", "--data-urlencode", "form=\(returnToken)",
                             "--data-urlencode", "code=\(code)", site + "/return"])
        #expect(read.contains("Genom nginx"))
        #expect(try curl(["-o", "/dev/null", "-w", "%{http_code}", site + "/healthz"]) == "404")
        #expect(try curl(["-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "http://lucka.example.se:\(http)/c/demo"]) == "301 https://lucka.example.se/c/demo")
        let errors = (try? String(contentsOfFile: workspace + "/error.log", encoding: .utf8)) ?? ""
        #expect(!errors.contains("127.0.0.1") && !errors.contains(code), "nginx's error log: \(errors)")
    }
}
