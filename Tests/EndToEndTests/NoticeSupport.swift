import Foundation
import Spawn
import LuckaCore

#if canImport(Glibc)
    import Glibc
#endif

/// Helper servers for the notice tests, each on a free loopback port and stopped by the
/// test: a real SMTP server (aiosmtpd, storing mail in a Maildir), a tiny web hook that
/// keeps each body it is sent, and a "dead" listener that accepts and never answers.
final class HelperServer: @unchecked Sendable {
    let process: ChildProcess
    let port: Int

    private init(arguments: [String]) throws {
        process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The script's first line is its port.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw RelayProcessError(message: "a helper server did not start")
        }
        self.port = port
    }

    /// aiosmtpd on 127.0.0.1, storing each message as a file in `maildir`/new.
    static func smtp(maildir: String) throws -> HelperServer {
        let server = try HelperServer(arguments: [
            """
            import sys, socket, time
            from aiosmtpd.controller import Controller
            from aiosmtpd.handlers import Mailbox
            s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()
            c = Controller(Mailbox(sys.argv[1]), hostname='127.0.0.1', port=port)
            c.start()
            print(port, flush=True)
            while True: time.sleep(3600)
            """, maildir,
        ])
        return server
    }

    /// An HTTPS server that answers 200 to every POST and keeps its body as `folder`/hook-N.
    /// Its self-signed certificate for 127.0.0.1 (`hookCertificate(folder:)`) is the one
    /// the relay must be told to trust (`LUCKA_HOOK_TRUST_ROOTS_FILE`); hooks are https only.
    static func hook(folder: String) throws -> HelperServer {
        let tls = folder + "-tls"
        try FileManager.default.createDirectory(atPath: tls, withIntermediateDirectories: true)
        let openssl = ChildProcess()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", tls + "/key.pem", "-out", hookCertificate(folder: folder),
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        return try HelperServer(arguments: [
            """
            import http.server, os, ssl, sys
            folder = sys.argv[1]
            class Hook(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                    name = os.path.join(folder, 'hook-%03d' % len(os.listdir(folder)))
                    with open(name + '.part', 'wb') as f: f.write(body)
                    os.rename(name + '.part', name)
                    self.send_response(200); self.send_header('Content-Length', '0'); self.end_headers()
                def log_message(self, *args): pass
            server = http.server.HTTPServer(('127.0.0.1', 0), Hook)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[2] + '/cert.pem', sys.argv[2] + '/key.pem')
            server.socket = context.wrap_socket(server.socket, server_side=True)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """, folder, tls,
        ])
    }

    /// The certificate of `hook(folder:)`.
    static func hookCertificate(folder: String) -> String { folder + "-tls/cert.pem" }

    /// Accepts connections and never says a word: a hook or SMTP server that hangs.
    static func dead() throws -> HelperServer {
        try HelperServer(arguments: [
            """
            import socket
            s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(128)
            print(s.getsockname()[1], flush=True)
            held = []
            while True:
                c, _ = s.accept(); held.append(c)
            """
        ])
    }

    /// SIGKILL: a child started from the test's threads may have SIGTERM blocked.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// An msmtp configuration for the SMTP server on `port`: no auth, no TLS.
func msmtpCommand(workspace: String, port: Int) -> String {
    let rc = workspace + "/msmtprc-\(port)"
    let text = """
        defaults
        auth off
        tls off
        timeout 10
        account loopback
        host 127.0.0.1
        port \(port)
        from lucka@relay.test
        account default : loopback

        """
    _ = FileManager.default.createFile(atPath: rc, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    return "/usr/bin/msmtp -C \(rc) -t"
}

/// The messages in a Maildir's new/ folder, oldest name first, as text.
func maildirMessages(_ maildir: String) -> [String] {
    let folder = maildir + "/new"
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().compactMap {
        try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8)
    }
}

/// A message's body (after the first blank line), with line ends made `\n`.
func mailBody(_ message: String) -> String {
    let text = message.replacingOccurrences(of: "\r\n", with: "\n")
    guard let range = text.range(of: "\n\n") else { return "" }
    return String(text[range.upperBound...])
}

func mailHeader(_ name: String, in message: String) -> String? {
    message.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").first { $0.hasPrefix(name + ": ") }
        .map { String($0.dropFirst(name.count + 2)) }
}

func filesIn(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasSuffix(".part") }.sorted().compactMap {
        try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8)
    }
}

/// Waits until `condition` holds, up to `seconds`; returns whether it did.
func eventually(seconds: Double, _ condition: () -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return condition()
}

/// The notice slot `date` falls in, as the relay counts them.
func noticeSlot(_ date: Date = Date(), slotSeconds: Double) -> Int {
    Int((date.timeIntervalSince1970 / slotSeconds).rounded(.down))
}

/// Sleeps until `offset` seconds into the next notice slot.
func waitForSlotStart(slotSeconds: Double, offset: Double = 0.3) async throws {
    let now = Date().timeIntervalSince1970
    let next = (now / slotSeconds).rounded(.down) * slotSeconds + slotSeconds + offset
    try await Task.sleep(for: .seconds(next - now))
}

/// The 99th percentile of `samples`.
func p99(_ samples: [Double]) -> Double {
    let sorted = samples.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
}
