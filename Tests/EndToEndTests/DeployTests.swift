import Foundation
import Spawn
@testable import LuckaClient
import LuckaCore
import Testing

/// Every file in deploy/, checked by its own tool (scripts/bootstrap installs them):
/// systemd-analyze for the units, tor for the onion services, nginx for the TLS proxies,
/// etcd, patroni and haproxy for PostgreSQL's high availability.
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
        let process = ChildProcess()
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
        #expect(writers.contains("\nHiddenServicePoWDefensesEnabled 1\n"), "the onion service's proof of work is on")
        let unit = try String(contentsOfFile: Self.deploy + "/lucka-relay.service", encoding: .utf8)
        #expect(unit.contains("--tor-port 8081"), "the unit opens the Tor listener the writers' service points at")
        #expect(unit.contains("--proxy-port 8082") && !unit.contains("LUCKA_TRUSTED_PROXIES"), "nginx's listener is its own, believed from loopback")
        #expect(!staff.contains("8082"), "the staff service never reaches the listener that reads X-Real-IP")
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
        let proxyPort = Abuse.freePort()
        let relay = try RelayProcess(workspace: workspace, extraArguments: ["--demo", "--proxy-port", String(proxyPort)])
        defer { relay.stop() }
        let relayPort = proxyPort
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
            .replacingOccurrences(of: "server 127.0.0.1:8082;", with: "server 127.0.0.1:\(relayPort);")
            .replacingOccurrences(of: "pid /run/nginx.pid;", with: "pid \(workspace)/nginx.pid;")
            .replacingOccurrences(of: "error_log /var/log/nginx/error.log crit;", with: "error_log \(workspace)/error.log crit;")
        let path = workspace + "/nginx.conf"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let nginx = ChildProcess()
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

    // MARK: Several relays and PostgreSQL

    /// A throw-away certificate for lucka.example.se, as nginx -t needs one.
    static func throwawayCertificate(in workspace: String) throws -> (key: String, certificate: String) {
        let key = workspace + "/privkey.pem", certificate = workspace + "/fullchain.pem"
        let openssl = try runSystemTool("openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=lucka.example.se", "-keyout", key, "-out", certificate,
        ])
        #expect(openssl.status == 0, "\(openssl.error)")
        return (key, certificate)
    }

    /// nginx's directives: lines without comments, trimmed.
    static func directives(_ config: String) -> [String] {
        config.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    @Test func theNginxProxyForSeveralRelaysPassesItsConfigTestWithAffinityAndTheSameHeaders() throws {
        let workspace = RelayProcess.workspace()
        let config = try String(contentsOfFile: Self.deploy + "/nginx/lucka-several.conf", encoding: .utf8)
        let (key, certificate) = try Self.throwawayCertificate(in: workspace)
        let copy = workspace + "/nginx.conf"
        try config.replacingOccurrences(of: "/etc/letsencrypt/live/lucka.example.se/fullchain.pem", with: certificate)
            .replacingOccurrences(of: "/etc/letsencrypt/live/lucka.example.se/privkey.pem", with: key)
            .write(toFile: copy, atomically: true, encoding: .utf8)
        let test = try runSystemTool("nginx", ["-t", "-c", copy])
        #expect(test.status == 0 && test.error.contains("test is successful"), "nginx -t lucka-several.conf:\n\(test.output)\(test.error)")

        let several = Self.directives(config)
        // Affinity by client address, declared before keepalive (nginx requires the method first).
        let hash = try #require(several.firstIndex(of: "hash $remote_addr consistent;"), "the upstream hashes the client address")
        let keepalive = try #require(several.firstIndex { $0.hasPrefix("keepalive ") && $0.hasSuffix(";") && !$0.contains("timeout") })
        let servers = several.indices.filter { several[$0].hasPrefix("server ") && several[$0].contains(":") && several[$0].hasSuffix(";") }
        #expect(servers.count >= 2 && servers.count <= 3, "two or three relays in the example")
        #expect(servers.allSatisfy { hash < $0 && $0 < keepalive })
        // The client's address goes to the hash and to X-Real-IP, nowhere else.
        #expect(several.filter { $0.contains("$remote_addr") } == ["hash $remote_addr consistent;", "proxy_set_header X-Real-IP $remote_addr;"])
        // A POST is never repeated on another relay; nothing is retried after a timeout.
        #expect(!several.contains { $0.contains("non_idempotent") })
        let retries = several.filter { $0.hasPrefix("proxy_next_upstream ") }
        #expect(retries == ["proxy_next_upstream error;"], "\(retries)")
        #expect(several.filter { $0.hasPrefix("access_log") } == ["access_log off;"])

        // Everything else as in lucka.conf: TLS, limits, timeouts, headers, no logs.
        let single = Self.directives(try String(contentsOfFile: Self.deploy + "/nginx/lucka.conf", encoding: .utf8))
        let upstreamStart = try #require(single.firstIndex(of: "upstream lucka_relay {"))
        let upstreamEnd = try #require(single[upstreamStart...].firstIndex(of: "}"))
        let shared = single.indices.filter { !(upstreamStart...upstreamEnd).contains($0) }.map { single[$0] }.filter { $0 != "proxy_pass http://lucka_relay;" }
        for directive in shared {
            #expect(several.contains(directive), "lucka-several.conf lacks lucka.conf's \(directive)")
        }
        #expect(several.contains("proxy_pass http://lucka_relays;"))
    }

    /// nginx with deploy/nginx/lucka-several.conf in front of two relays: writers at eight
    /// client addresses (127.0.0.2-9) each write through the web page and read their
    /// conversation back, which works only if every request of theirs reached the relay that
    /// issued their form tokens and holds their conversation (two demo relays here, each with
    /// its own SQLite: nothing is shared but nginx). Only ports, certificate, pid and log
    /// paths differ from the file, and the example relay on another machine is left out.
    @Test func theNginxProxyForSeveralRelaysKeepsEachWriterOnOneRelay() async throws {
        let workspace = RelayProcess.workspace()
        chmod(workspace, 0o755)  // nginx's workers (www-data when started as root) read the certificate
        for relay in ["a", "b"] { try FileManager.default.createDirectory(atPath: workspace + "/" + relay, withIntermediateDirectories: false) }
        let ports = [Abuse.freePort(), Abuse.freePort()]
        let first = try RelayProcess(workspace: workspace + "/a", extraArguments: ["--demo", "--proxy-port", String(ports[0])])
        defer { first.stop() }
        let second = try RelayProcess(workspace: workspace + "/b", extraArguments: ["--demo", "--proxy-port", String(ports[1])])
        defer { second.stop() }
        let (key, certificate) = try Self.throwawayCertificate(in: workspace)
        let http = Int.random(in: 20000..<30000), https = http + 10000
        let config = try String(contentsOfFile: Self.deploy + "/nginx/lucka-several.conf", encoding: .utf8)
        #expect(config.contains("server 10.20.1.12:8090 max_fails=1 fail_timeout=10s;\n"))
        let local = config
            .replacingOccurrences(of: "/etc/letsencrypt/live/lucka.example.se/fullchain.pem", with: certificate)
            .replacingOccurrences(of: "/etc/letsencrypt/live/lucka.example.se/privkey.pem", with: key)
            .replacingOccurrences(of: "listen 80 ", with: "listen 127.0.0.1:\(http) ")
            .replacingOccurrences(of: "listen [::]:80 ", with: "listen [::1]:\(http) ")
            .replacingOccurrences(of: "listen 443 ", with: "listen 127.0.0.1:\(https) ")
            .replacingOccurrences(of: "listen [::]:443 ", with: "listen [::1]:\(https) ")
            .replacingOccurrences(of: "server 127.0.0.1:8090 ", with: "server 127.0.0.1:\(ports[0]) ")
            .replacingOccurrences(of: "server 127.0.0.1:8092 ", with: "server 127.0.0.1:\(ports[1]) ")
            .replacingOccurrences(of: "server 10.20.1.12:8090 max_fails=1 fail_timeout=10s;\n", with: "")
            .replacingOccurrences(of: "pid /run/nginx.pid;", with: "pid \(workspace)/nginx.pid;")
            .replacingOccurrences(of: "error_log /var/log/nginx/error.log crit;", with: "error_log \(workspace)/error.log crit;")
        let path = workspace + "/nginx.conf"
        try local.write(toFile: path, atomically: true, encoding: .utf8)
        let nginx = ChildProcess()
        nginx.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        nginx.arguments = ["-c", path, "-e", workspace + "/error.log", "-g", "daemon off;"]
        nginx.standardError = FileHandle.nullDevice
        try nginx.run()
        defer { nginx.terminate(); nginx.waitUntilExit() }

        let site = "https://lucka.example.se:\(https)"
        var codes: [String] = []
        for writer in 2...9 {
            func curl(_ arguments: [String]) throws -> String {
                let result = try runSystemTool("curl", ["-sk", "--interface", "127.0.0.\(writer)", "--retry", "20", "--retry-connrefused", "--retry-delay", "0", "--max-time", "20",
                                                        "--resolve", "lucka.example.se:\(https):127.0.0.1"] + arguments)
                #expect(result.status == 0, "curl \(arguments): \(result.error)")
                return result.output
            }
            let page = try curl([site + "/c/demo"])
            let token = try #require(RawHTTP.formToken(in: page), "\(page.prefix(400))")
            let text = "Skrivare \(writer) genom nginx"
            let written = try curl(["-H", "Origin: https://lucka.example.se", "-H", "Sec-Fetch-Site: same-origin", "--data-urlencode", "form=\(token)",
                                    "--data-urlencode", "channel=self", "--data-urlencode", "text=\(text)", site + "/c/demo/write"])
            let code = try #require(capture(#"<p class="code">([0-9A-Z-]{24})</p>"#, in: written), "writer \(writer): \(written.prefix(400))")
            codes.append(code)
            let returnToken = try #require(RawHTTP.formToken(in: try curl([site + "/return"])))
            let read = try curl(["-H", "Origin: https://lucka.example.se", "--data-urlencode", "form=\(returnToken)",
                                 "--data-urlencode", "code=\(code)", site + "/return"])
            #expect(read.contains(text), "writer \(writer) did not get their conversation back: \(read.prefix(400))")
        }
        #expect(Set(codes).count == 8)
        let errors = (try? String(contentsOfFile: workspace + "/error.log", encoding: .utf8)) ?? ""
        #expect(!errors.contains("127.0.0."), "nginx's error log: \(errors)")
    }

    /// The template for several relays on one machine: verified for an instance, scored like
    /// the single unit, with every line of its sandbox; the database password and the source
    /// key arrive as credentials, never on the command line.
    @Test func theTemplateUnitForSeveralRelaysVerifiesAndKeepsTheSandbox() throws {
        let workspace = RelayProcess.workspace()
        let template = try String(contentsOfFile: Self.deploy + "/lucka-relay@.service", encoding: .utf8)
        #expect(template.contains("ExecStart=/usr/local/bin/lucka-relay serve "))
        try template.replacingOccurrences(of: "/usr/local/bin/lucka-relay", with: RelayProcess.executable("lucka-relay"))
            .write(toFile: workspace + "/lucka-relay@.service", atomically: true, encoding: .utf8)
        let instance = workspace + "/lucka-relay@8080.service"

        let verify = try runSystemTool("systemd-analyze", ["verify", instance])
        let complaints = (verify.output + verify.error).split(separator: "\n").filter { $0.contains("lucka-relay") }
        #expect(verify.status == 0 && complaints.isEmpty, "systemd-analyze verify lucka-relay@8080.service: \(verify.output)\(verify.error)")
        let security = try runSystemTool("systemd-analyze", ["security", "--offline=yes", instance])
        #expect(security.status == 0, "\(security.error)")
        let scoreText = try #require(capture(#"Overall exposure level for lucka-relay@8080\.service: ([0-9]+\.[0-9])"#, in: security.output), "\(security.output)")
        print("systemd-analyze security --offline=yes deploy/lucka-relay@.service (instance 8080): exposure \(scoreText)")
        let score = try #require(Double(scoreText))
        #expect(score <= 2.0, "exposure \(scoreText) is above 2.0:\n\(security.output)")

        // The same sandbox as lucka-relay.service: every setting from its identity on, but the state folder.
        let single = try String(contentsOfFile: Self.deploy + "/lucka-relay.service", encoding: .utf8)
        let identity = try #require(single.range(of: "\nUser=lucka\n"))
        let templateLines = Set(template.split(separator: "\n"))
        for line in single[identity.lowerBound...].split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("StateDirectory=") {
            #expect(templateLines.contains(line), "the template lacks \(line)")
        }
        #expect(templateLines.contains("StateDirectory=lucka-relay/%i"))

        let execStart = try #require(template.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        for argument in ["--config /etc/lucka/relay.conf", "--host 127.0.0.1", "--port %i", "--database-password-file %d/database-password"] {
            #expect(execStart.contains(argument), "ExecStart lacks \(argument)")
        }
        #expect(!execStart.contains("--database ") && !execStart.contains("postgres://") && !execStart.contains("--demo"))
        #expect(templateLines.contains("LoadCredential=database-password:/etc/lucka/database-password"))
        #expect(!template.contains("source-key"), "relays share no source key: budgets per source stay in memory")

        // An instance refuses to start without a PostgreSQL URL in the config (no private SQLite).
        let guardPattern = try #require(capture(#"ExecStartPre=/bin/grep -Eq "([^"]+)" /etc/lucka/relay\.conf"#, in: template))
        for (config, matches) in [
            ("database = postgres://lucka@db.lucka.internal:5432/lucka?sslmode=verify-full&sslrootcert=/etc/lucka/db-ca.pem\n", true),
            ("log-level = info\n  database=postgres://lucka@127.0.0.1:5432/lucka\n", true),
            ("# database = postgres://lucka@127.0.0.1/lucka\nlog-level = info\n", false),
            ("log-level = info\n", false),
        ] {
            let file = workspace + "/relay.conf"
            try config.write(toFile: file, atomically: true, encoding: .utf8)
            let grep = try runTool("/bin/grep", ["-Eq", guardPattern, file])
            #expect((grep.status == 0) == matches, "the start guard on: \(config)")
        }
    }

    /// deploy/etcd, deploy/patroni and deploy/haproxy, each through its own tool, on loopback:
    /// 127.0.0.2, .3 and .4 stand for pg1, pg2 and pg3 (names and addresses alike), and the
    /// certificates come from a throw-away CA. etcd runs for real as the three members the
    /// file describes, so that Patroni's validator, which connects to the DCS, finds it.
    @Test func thePostgreSQLHighAvailabilityFilesPassTheirTools() throws {
        let workspace = RelayProcess.workspace()
        func onLoopback(_ text: String) -> String {
            var text = text
            for node in 1...3 {
                text = text.replacingOccurrences(of: "pg\(node).lucka.internal", with: "127.0.0.\(node + 1)")
                    .replacingOccurrences(of: "10.20.0.1\(node)", with: "127.0.0.\(node + 1)")
            }
            return text
        }
        // The cluster's CA, and a certificate naming every node (and the source address of peers).
        let ca = workspace + "/ca.pem", caKey = workspace + "/ca.key", node = workspace + "/node.crt", nodeKey = workspace + "/node.key"
        for arguments in [
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=lucka-db-ca", "-keyout", caKey, "-out", ca],
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=pg-node",
             "-CA", ca, "-CAkey", caKey, "-addext", "subjectAltName=IP:127.0.0.1,IP:127.0.0.2,IP:127.0.0.3,IP:127.0.0.4,DNS:db.lucka.internal",
             "-addext", "basicConstraints=critical,CA:FALSE", "-keyout", nodeKey, "-out", node],
        ] {
            let openssl = try runSystemTool("openssl", arguments)
            #expect(openssl.status == 0, "openssl: \(openssl.error)")
        }

        // etcd: deploy/etcd/etcd.conf for each of the three members, its PER NODE values changed.
        let etcdConf = try String(contentsOfFile: Self.deploy + "/etcd/etcd.conf", encoding: .utf8)
        var members: [ChildProcess] = []
        defer { for member in members where member.isRunning { member.terminate(); member.waitUntilExit() } }
        for member in 1...3 {
            var environment = ["PATH": "/usr/bin:/bin"]
            for line in etcdConf.split(separator: "\n").map(String.init) where !line.hasPrefix("#") && line.contains("=") {
                var line = line
                if !line.hasPrefix("ETCD_INITIAL_CLUSTER=") {
                    line = line.replacingOccurrences(of: "pg1", with: "pg\(member)").replacingOccurrences(of: "10.20.0.11", with: "10.20.0.1\(member)")
                }
                line = onLoopback(line).replacingOccurrences(of: "/etc/etcd/tls/node.crt", with: node)
                    .replacingOccurrences(of: "/etc/etcd/tls/node.key", with: nodeKey).replacingOccurrences(of: "/etc/etcd/tls/ca.pem", with: ca)
                    .replacingOccurrences(of: "/var/lib/etcd/lucka", with: workspace + "/etcd\(member)")
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                #expect(parts.count == 2 && parts[0].hasPrefix("ETCD_") && !parts[1].contains("#"), "etcd.conf: \(line)")
                environment[parts[0]] = parts.count == 2 ? parts[1] : ""
            }
            #expect(environment["ETCD_NAME"] == "pg\(member)")
            let log = workspace + "/etcd\(member).log"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let process = ChildProcess()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/etcd")
            process.environment = environment
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            members.append(process)
        }
        // The three form a cluster; a client without a certificate from the CA gets nothing.
        let health = try runSystemTool("curl", ["-sf", "--retry", "30", "--retry-all-errors", "--retry-delay", "1", "--max-time", "5",
                                                "--cacert", ca, "--cert", node, "--key", nodeKey, "https://127.0.0.2:2379/health"])
        let etcdLogs = (1...3).map { (try? String(contentsOfFile: workspace + "/etcd\($0).log", encoding: .utf8)) ?? "" }
        #expect(health.status == 0 && health.output.contains(#""health":"true""#), "etcd's health: \(health.output)\(health.error)\n\(etcdLogs.joined(separator: "\n").suffix(3000))")
        let stranger = try runSystemTool("curl", ["-s", "--max-time", "5", "--cacert", ca, "https://127.0.0.3:2379/health"])
        #expect(stranger.status != 0, "etcd answered a client without a certificate: \(stranger.output)")
        for log in etcdLogs {
            #expect(!log.contains("unrecognized environment variable"), "etcd ignored part of etcd.conf: \(log.prefix(3000))")
            #expect(log.contains("recognized and used environment variable ETCD_CLIENT_CERT_AUTH=true"))
        }

        // Patroni's validator, with the passwords from the environment as on a node (/etc/patroni_env.conf).
        let patroniFile = try String(contentsOfFile: Self.deploy + "/patroni/patroni.yml", encoding: .utf8)
        let patroniCopy = workspace + "/patroni.yml"
        try onLoopback(patroniFile).write(toFile: patroniCopy, atomically: true, encoding: .utf8)
        let validate = try runSystemTool("env", [
            "PATRONI_RESTAPI_PASSWORD=\(Random.bytes(12).hex)", "PATRONI_SUPERUSER_PASSWORD=\(Random.bytes(12).hex)",
            "PATRONI_REPLICATION_PASSWORD=\(Random.bytes(12).hex)", "PATRONI_REWIND_PASSWORD=\(Random.bytes(12).hex)",
            "patroni", "--validate-config", patroniCopy,
        ])
        #expect(validate.status == 0 && (validate.output + validate.error).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                "patroni --validate-config deploy/patroni/patroni.yml:\n\(validate.output)\(validate.error)")
        #expect(capture(#"(?m)^\s*(password\s*:.*)$"#, in: patroniFile) == nil, "passwords belong in /etc/patroni_env.conf, not in patroni.yml")

        // What the file promises, read as Patroni reads it (YAML, with python3-yaml from the patroni package).
        let json = try runTool("/usr/bin/python3", ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", Self.deploy + "/patroni/patroni.yml"])
        let patroni = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any], "\(json.error)")
        func value(_ path: String) -> Any? {
            path.split(separator: ".").reduce(patroni as Any?) { ($0 as? [String: Any])?[String($1)] }
        }
        #expect(value("bootstrap.dcs.synchronous_mode") as? Bool == true, "a failover must never lose an acknowledged commit")
        #expect(value("bootstrap.dcs.postgresql.parameters.wal_level") as? String == "replica")
        #expect(value("bootstrap.dcs.postgresql.parameters.synchronous_commit") as? String == "on")
        #expect(value("bootstrap.dcs.postgresql.parameters.log_connections") as? String == "off")
        #expect(value("etcd3.protocol") as? String == "https")
        #expect(value("postgresql.parameters.ssl") as? String == "on")
        #expect(value("postgresql.authentication.replication.sslmode") as? String == "verify-full")
        #expect((value("restapi.certfile") as? String)?.isEmpty == false)
        let hba = try #require(value("postgresql.pg_hba") as? [String])
        #expect(value("bootstrap.pg_hba") as? [String] == hba)
        for line in hba {
            let fields = line.split(separator: " ")
            #expect((fields.first == "hostssl" && fields.last == "scram-sha-256") || (fields.first == "local" && fields.last == "peer"), "pg_hba: \(line)")
        }
        #expect(hba.contains { $0.hasPrefix("hostssl") && Array($0.split(separator: " ").dropFirst().prefix(2)) == ["lucka", "lucka"] }, "the relays' role reaches its database")

        // HAProxy: the whole file, with the CA at the test's path.
        let haproxyFile = try String(contentsOfFile: Self.deploy + "/haproxy/lucka-db.cfg", encoding: .utf8)
        let haproxyCopy = workspace + "/haproxy.cfg"
        try haproxyFile.replacingOccurrences(of: "/etc/lucka/db-ca.pem", with: ca).write(toFile: haproxyCopy, atomically: true, encoding: .utf8)
        let check = try runSystemTool("haproxy", ["-c", "-f", haproxyCopy])
        #expect(check.status == 0 && (check.output + check.error).contains("Configuration file is valid"), "haproxy -c -f deploy/haproxy/lucka-db.cfg:\n\(check.output)\(check.error)")
        let haproxy = Self.directives(haproxyFile)
        for directive in ["mode tcp", "bind 127.0.0.1:5432", "option httpchk OPTIONS /primary", "http-check expect status 200"] {
            #expect(haproxy.contains(directive), "lucka-db.cfg lacks \(directive)")
        }
        #expect(haproxy.contains { $0.hasPrefix("default-server ") && $0.contains("on-marked-down shutdown-sessions") && $0.contains("check-ssl verify required") })
        // The three nodes of etcd.conf, on PostgreSQL's port, checked on Patroni's.
        #expect(haproxy.filter { $0.hasPrefix("server ") } == (1...3).map { "server pg\($0) 10.20.0.1\($0):5432 check port 8008" })
    }

    /// deploy/haproxy/lucka-db.cfg in front of a real PostgreSQL (scripts/postgres, with TLS
    /// turned on) and two stand-ins for Patroni's REST API over HTTPS: one answers
    /// OPTIONS /primary with 200, the other with 503 (its PostgreSQL port leads nowhere).
    /// A client that connects as the relay does, to db.lucka.internal on loopback with
    /// sslmode=verify-full, reaches the primary through HAProxy, with TLS end to end; once
    /// the primary's REST API stops answering, HAProxy stops sending connections there.
    @Test func theHAProxyConfigSendsTheRelayToThePrimaryWithTLSEndToEnd() throws {
        let workspace = RelayProcess.workspace()
        chmod(workspace, 0o755)
        let ca = workspace + "/ca.pem", caKey = workspace + "/ca.key", node = workspace + "/node.crt", nodeKey = workspace + "/node.key"
        for arguments in [
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=lucka-db-ca", "-keyout", caKey, "-out", ca],
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=pg1.lucka.internal",
             "-CA", ca, "-CAkey", caKey, "-addext", "subjectAltName=DNS:pg1.lucka.internal,DNS:db.lucka.internal",
             "-addext", "basicConstraints=critical,CA:FALSE", "-keyout", nodeKey, "-out", node],
        ] {
            let openssl = try runSystemTool("openssl", arguments)
            #expect(openssl.status == 0, "openssl: \(openssl.error)")
        }
        // PostgreSQL with the node's certificate (the server's user must own its key).
        let cluster = workspace + "/postgres", script = repositoryRoot + "/scripts/postgres"
        let start = try runTool(script, ["start", cluster])
        defer { _ = try? runTool(script, ["remove", cluster]) }
        try #require(start.status == 0, "scripts/postgres start: \(start.error)")
        let url = try #require(start.output.split(separator: "\n").last.map(String.init))
        let pgPort = try #require(capture(#":(\d+)/postgres$"#, in: url))
        let password = try String(contentsOfFile: cluster + "/password", encoding: .utf8).trimmingCharacters(in: .newlines)
        for file in ["node.crt", "node.key"] {
            try FileManager.default.copyItem(atPath: workspace + "/" + file, toPath: cluster + "/data/" + file)
            chmod(cluster + "/data/" + file, 0o600)
            if getuid() == 0 { _ = try runSystemTool("chown", ["postgres:postgres", cluster + "/data/" + file]) }
        }
        let tls = try runSystemTool("env", ["PGPASSWORD=\(password)", "psql", url, "-Atc", "alter system set ssl_cert_file = 'node.crt'",
                                            "-c", "alter system set ssl_key_file = 'node.key'", "-c", "alter system set ssl = on", "-c", "select pg_reload_conf()"])
        #expect(tls.status == 0, "turning TLS on: \(tls.error)")

        // Two stand-ins for Patroni's REST API, each printing its port.
        let rest = """
        import http.server, signal, ssl, sys
        # Started from a test thread, the process may inherit a mask that blocks SIGTERM.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_OPTIONS(self):
                self.send_response(int(sys.argv[3]) if self.path == "/primary" else 404)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print("port", server.server_address[1], flush=True)
        server.serve_forever()
        """
        var helpers: [ChildProcess] = []
        defer { for helper in helpers where helper.isRunning { helper.terminate(); helper.waitUntilExit() } }
        var restPorts: [String] = []
        for (index, status) in ["200", "503"].enumerated() {
            let log = workspace + "/rest\(index).log"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let process = ChildProcess()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-c", rest, node, nodeKey, status]
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            helpers.append(process)
            let line = try waitForLine(containing: "port ", in: log) { process.isRunning }
            restPorts.append(String(line.dropFirst("port ".count)).trimmingCharacters(in: .whitespaces))
        }
        let primaryREST = helpers[0]

        // The file, with the CA, the port and the three nodes replaced by the two on loopback.
        let haproxyPort = Int.random(in: 20000..<30000)
        let haproxyFile = try String(contentsOfFile: Self.deploy + "/haproxy/lucka-db.cfg", encoding: .utf8)
        #expect(haproxyFile.contains("server pg1 10.20.0.11:5432 check port 8008\n"))
        let config = haproxyFile.replacingOccurrences(of: "/etc/lucka/db-ca.pem", with: ca)
            .replacingOccurrences(of: "bind 127.0.0.1:5432", with: "bind 127.0.0.1:\(haproxyPort)")
            .replacingOccurrences(of: "server pg1 10.20.0.11:5432 check port 8008", with: "server pg1 127.0.0.1:\(pgPort) check port \(restPorts[0])")
            .replacingOccurrences(of: "server pg2 10.20.0.12:5432 check port 8008", with: "server pg2 127.0.0.1:9 check port \(restPorts[1])")
            .replacingOccurrences(of: "    server pg3 10.20.0.13:5432 check port 8008\n", with: "")
        let path = workspace + "/haproxy.cfg"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let haproxy = ChildProcess()
        haproxy.executableURL = URL(fileURLWithPath: "/usr/sbin/haproxy")
        haproxy.arguments = ["-db", "-f", path]
        let haproxyLog = workspace + "/haproxy.log"
        _ = FileManager.default.createFile(atPath: haproxyLog, contents: nil)
        let haproxyHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: haproxyLog))
        haproxy.standardOutput = haproxyHandle
        haproxy.standardError = haproxyHandle
        try haproxy.run()
        helpers.append(haproxy)

        // Until its first check, HAProxy counts every node as up (OPERATING.md, 9.5): wait for it.
        _ = try waitForLine(containing: "Server lucka-db/pg2 is DOWN", in: haproxyLog, seconds: 15) { haproxy.isRunning }

        // As the relay connects: the service name, on loopback, verify-full against the CA.
        let connection = "host=db.lucka.internal hostaddr=127.0.0.1 port=\(haproxyPort) user=postgres dbname=postgres sslmode=verify-full sslrootcert=\(ca) connect_timeout=3"
        func query() throws -> (status: Int32, output: String, error: String) {
            try runSystemTool("env", ["PGPASSWORD=\(password)", "psql", connection, "-Atc", "select ssl, version from pg_stat_ssl where pid = pg_backend_pid()"])
        }
        var answer = try query()
        for _ in 0..<40 where answer.status != 0 {  // until HAProxy's first checks have passed
            Thread.sleep(forTimeInterval: 0.25)
            answer = try query()
        }
        #expect(answer.status == 0 && answer.output.hasPrefix("t|TLSv1."), "through HAProxy: \(answer.output)\(answer.error)\n\((try? String(contentsOfFile: haproxyLog, encoding: .utf8)) ?? "")")
        // The name is checked: another name on the same path is refused.
        let wrongName = try runSystemTool("env", ["PGPASSWORD=\(password)", "psql", connection.replacingOccurrences(of: "host=db.lucka.internal", with: "host=other.lucka.internal"), "-Atc", "select 1"])
        #expect(wrongName.status != 0 && wrongName.error.contains("does not match host name"), "\(wrongName.error)")

        // The primary's REST API goes silent: after two failed checks HAProxy sends no one there.
        primaryREST.terminate()
        primaryREST.waitUntilExit()
        var refused = false
        for _ in 0..<40 where !refused {
            Thread.sleep(forTimeInterval: 0.25)
            refused = try query().status != 0
        }
        #expect(refused, "HAProxy went on sending connections to a node whose REST API no longer says primary")
    }

    /// scripts/postgres, which the PostgreSQL engine's tests use: a cluster that takes its
    /// password over TCP and refuses another, and is gone after remove.
    @Test func theThrowAwayPostgreSQLScriptStartsStopsAndRemoves() throws {
        let workspace = RelayProcess.workspace()
        chmod(workspace, 0o755)  // as root, the server runs as postgres and must reach the folder
        let folder = workspace + "/postgres", script = repositoryRoot + "/scripts/postgres"
        let start = try runTool(script, ["start", folder])
        defer { _ = try? runTool(script, ["remove", folder]) }
        #expect(start.status == 0, "scripts/postgres start: \(start.output)\(start.error)")
        let url = try #require(start.output.split(separator: "\n").last.map(String.init))
        #expect(url.hasPrefix("postgres://postgres@127.0.0.1:") && url.hasSuffix("/postgres"), "\(url)")
        #expect(try String(contentsOfFile: folder + "/url", encoding: .utf8) == url + "\n")
        let password = try String(contentsOfFile: folder + "/password", encoding: .utf8).trimmingCharacters(in: .newlines)
        let mode = try FileManager.default.attributesOfItem(atPath: folder + "/password")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let env = try runTool(script, ["env", folder])
        #expect(env.output.contains("export LUCKA_DATABASE_URL=\(url)") && env.output.contains("export LUCKA_DATABASE_PASSWORD=\(password)"), "\(env.output)")

        let query = try runSystemTool("env", ["PGPASSWORD=\(password)", "psql", url, "-Atc", "create database lucka", "-c", "select 'ok'"])
        #expect(query.status == 0 && query.output.contains("ok"), "psql: \(query.error)")
        let settings = try runSystemTool("env", ["PGPASSWORD=\(password)", "psql", url, "-Atc", "show max_connections", "-c", "show fsync", "-c", "show log_connections"])
        #expect(settings.output.split(separator: "\n") == ["300", "on", "off"], "\(settings.output)\(settings.error)")
        let wrong = try runSystemTool("env", ["PGPASSWORD=wrong", "psql", url.replacingOccurrences(of: "/postgres", with: "/lucka"), "-Atc", "select 1"])
        #expect(wrong.status != 0 && wrong.error.contains("password authentication failed"))

        #expect(try runTool(script, ["stop", folder]).status == 0)
        let stopped = try runSystemTool("env", ["PGPASSWORD=\(password)", "psql", url, "-Atc", "select 1"])
        #expect(stopped.status != 0)
        let remove = try runTool(script, ["remove", folder])
        #expect(remove.status == 0 && !FileManager.default.fileExists(atPath: folder), "\(remove.error)")
        // A folder that is not empty is refused, and remove does not delete what start did not make.
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        _ = FileManager.default.createFile(atPath: folder + "/keep", contents: Data("keep".utf8))
        #expect(try runTool(script, ["start", folder]).status != 0)
        #expect(try runTool(script, ["remove", folder]).status != 0 && FileManager.default.fileExists(atPath: folder + "/keep"))
    }
}
