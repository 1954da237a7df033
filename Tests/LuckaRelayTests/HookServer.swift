import Foundation
import Spawn
import Logging
import LuckaCore

/// An HTTPS web hook on loopback for the notice tests: a self-signed certificate for
/// 127.0.0.1 and localhost (made by openssl in a fresh folder), and a server that answers
/// 200 to every POST and counts them.
final class HookServer: @unchecked Sendable {
    let process: ChildProcess
    let port: Int
    /// The certificate, which the relay is told to trust (`hookTrustRootsFile`).
    let certificate: String
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "lucka-hook-" + Random.bytes(4).hex
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        certificate = folder + "/cert.pem"
        let openssl = ChildProcess()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", folder + "/key.pem", "-out", certificate,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-u", "-c",
            """
            import http.server, os, ssl, sys
            folder = sys.argv[1]
            class Hook(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    self.rfile.read(int(self.headers.get('Content-Length', 0)))
                    open(os.path.join(folder, 'hook-%03d' % len(os.listdir(folder))), 'w').close()
                    self.send_response(200); self.send_header('Content-Length', '0'); self.end_headers()
                def log_message(self, *args): pass
            server = http.server.HTTPServer(('127.0.0.1', 0), Hook)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(os.path.join(folder, 'cert.pem'), os.path.join(folder, 'key.pem'))
            server.socket = context.wrap_socket(server.socket, server_side=True)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """, folder,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line.append(byte) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw HookServerError()
        }
        self.port = port
    }

    struct HookServerError: Error {}

    /// POSTs received so far.
    var received: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("hook-") }.count
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Keeps every log line (message and metadata) for checks of what the relay logs.
final class RecordingLog: @unchecked Sendable {
    private let lines = NSLock()
    private var stored: [String] = []

    var all: [String] { lines.withLock { stored } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(log: self) }
    }

    struct Handler: LogHandler {
        let log: RecordingLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            log.lines.withLock { log.stored.append("\(event.level) \(event.message) \(all)") }
        }
    }
}
