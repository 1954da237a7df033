import Foundation
import Spawn
import LuckaClient
import LuckaCore

#if canImport(Glibc)
import Glibc
#endif

/// A real `lucka-relay serve` on a free loopback port, with its output captured to files
/// so tests can read (and scan) everything it printed.
final class RelayProcess: @unchecked Sendable {
    let dataDirectory: String
    let logPath: String
    private(set) var process: ChildProcess
    private(set) var url = ""

    /// Where the package's executables were built (beside the test bundle).
    static var productsDirectory: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: bundle.appendingPathComponent("lucka-relay").path) { return bundle }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug")
    }

    static func executable(_ name: String) -> String { productsDirectory.appendingPathComponent(name).path }

    /// A fresh folder for one test: `data/` for the relay, logs beside it.
    static func workspace() -> String {
        let path = NSTemporaryDirectory() + "lucka-e2e-" + Random.bytes(6).hex
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    init(workspace: String, extraArguments: [String] = [], environment: [String: String] = [:]) throws {
        dataDirectory = workspace + "/data"
        logPath = workspace + "/relay-\(Random.bytes(3).hex).log"
        process = ChildProcess()
        try start(extraArguments: extraArguments, environment: environment)
    }

    /// `port` 0 picks a free one.
    func start(extraArguments: [String] = [], environment: [String: String] = [:], port: Int = 0) throws {
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        // Only lines written by this start count (the log is appended across restarts).
        let startOffset = Int(log.seekToEndOfFile())
        process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: Self.executable("lucka-relay"))
        process.arguments = ["serve", "--data-dir", dataDirectory, "--port", String(port)] + extraArguments
        var env = ProcessInfo.processInfo.environment
        // Every test but the abuse tests comes from one address and would meet the
        // per-source budgets; those tests set the budgets they try.
        for (key, value) in Self.unlimitedSources { env[key] = value }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let line = String(self.log().utf8.dropFirst(startOffset))?
                .split(separator: "\n").last(where: { $0.contains("serving on http://") }),
                let range = line.range(of: "http://")
            {
                url = String(line[range.lowerBound...])
                if !process.isRunning { break }
                return
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw RelayProcessError(message: "the relay did not start: \(self.log())")
    }

    static let unlimitedSources = [
        "LUCKA_NEW_THREADS_PER_SOURCE_PER_HOUR": "100000000",
        "LUCKA_STORAGE_BYTES_PER_SOURCE_PER_DAY": "1000000000000",
        "LUCKA_STORAGE_BYTES_PER_CLINIC_PER_DAY": "1000000000000",
        "LUCKA_REQUESTS_PER_SOURCE_PER_SECOND": "0",
    ]

    /// The relay's own default budgets, for tests that try them.
    static let defaultBudgets = [
        "LUCKA_NEW_THREADS_PER_SOURCE_PER_HOUR": "6",
        "LUCKA_STORAGE_BYTES_PER_SOURCE_PER_DAY": String(4 * 1024 * 1024),
        "LUCKA_STORAGE_BYTES_PER_CLINIC_PER_DAY": String(512 * 1024 * 1024),
        "LUCKA_REQUESTS_PER_SOURCE_PER_SECOND": "50",
    ]

    /// Starts again on the same data folder (after `kill()` or `stop()`).
    func restart() throws { try start() }

    /// Starts again on the same data folder and the same port, as a restarted service.
    func restartOnSamePort(environment: [String: String] = [:]) throws {
        try start(environment: environment, port: Int(url.split(separator: ":").last ?? "") ?? 0)
    }

    var client: RelayClient { RelayClient(baseURL: url) }

    func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Graceful stop (SIGTERM), waiting for the process to exit.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// Abrupt stop (SIGKILL), as a power cut or OOM killer would.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { kill() }
}

struct RelayProcessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Runs one of the package's executables to completion.
@discardableResult
func run(_ name: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
    let process = ChildProcess()
    process.executableURL = URL(fileURLWithPath: RelayProcess.executable(name))
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let output = Pipe()
    let error = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}
