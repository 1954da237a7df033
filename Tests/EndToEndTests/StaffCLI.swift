import Foundation
import Spawn
import LuckaCore

/// One counsellor's `lucka-staff`, with its own home folder and passphrase file.
struct StaffCLI {
    let home: String
    let passphraseFile: String

    /// The same home unlocked with another passphrase (file).
    init(home: String, wrongPassphraseIn workspace: String) {
        self.home = home
        passphraseFile = workspace + "/pass-wrong"
        _ = FileManager.default.createFile(atPath: passphraseFile, contents: Data("inte rätt lösenfras alls\n".utf8), attributes: [.posixPermissions: 0o600])
    }

    init(workspace: String, name: String, passphrase: String = "en lång och hemlig lösenfras") {
        home = workspace + "/staff-" + name
        passphraseFile = workspace + "/pass-" + name
        _ = FileManager.default.createFile(atPath: passphraseFile, contents: Data((passphrase + "\n").utf8), attributes: [.posixPermissions: 0o600])
    }

    /// English unless a test asks otherwise: most tests read the English words.
    static let english = ["LUCKA_LANG": "en"]

    /// Runs `lucka-staff ARGS --home H --passphrase-file P`.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
        guard let command = arguments.first else { fatalError("no command") }
        // Options go after the (sub)command words; ArgumentParser accepts them anywhere after the first.
        return try EndToEndTests.run(
            "lucka-staff", [command] + arguments.dropFirst() + ["--home", home, "--passphrase-file", passphraseFile], stdin: stdin,
            environment: Self.english.merging(environment) { $1 })
    }

    /// Starts `lucka-staff ARGS` in the background, output to files.
    func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Background {
        try Background(
            RelayProcess.executable("lucka-staff"), arguments + ["--home", home, "--passphrase-file", passphraseFile],
            environment: Self.english.merging(environment) { $1 })
    }

    /// `run`, without holding a thread of the concurrency pool while the child runs (the
    /// pool has as many threads as cores, and other suites' tasks share it).
    @discardableResult
    func running(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> (status: Int32, output: String, error: String) {
        guard let command = arguments.first else { fatalError("no command") }
        let child = try Background(
            RelayProcess.executable("lucka-staff"), [command] + arguments.dropFirst() + ["--home", home, "--passphrase-file", passphraseFile],
            environment: Self.english.merging(environment) { $1 }, stdin: stdin)
        return try await child.finish(seconds: 300)
    }

    /// `ok`, off the pool's threads.
    func succeeding(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> String {
        let result = try await running(arguments, stdin: stdin, environment: environment)
        guard result.status == 0 else {
            throw RelayProcessError(message: "lucka-staff \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.error)")
        }
        return result.output
    }

    /// `json`, off the pool's threads.
    func decoding<T: Decodable>(_ type: T.Type, _ arguments: [String]) async throws -> T {
        try JSONDecoder().decode(T.self, from: Data(try await succeeding(arguments + ["--json"]).utf8))
    }

    /// Runs and expects success; returns standard output.
    func ok(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> String {
        let result = try run(arguments, stdin: stdin, environment: environment)
        guard result.status == 0 else {
            throw RelayProcessError(message: "lucka-staff \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.error)")
        }
        return result.output
    }

    func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(try ok(arguments + ["--json"]).utf8))
    }

    /// The enrolment token printed by `clinic create` or `staff invite`.
    static func token(in output: String) -> String? {
        output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { line in
            line.count == 27 && line.split(separator: "-").count == 4
        }
    }
}

struct InboxRow: Decodable {
    var handle: String
    var channel: String
    var status: String
    var preview: String
    var unread: Int
}

struct ThreadView: Decodable {
    struct Message: Decodable {
        var seq: Int
        var author: String
        var counsellorName: String?
        var text: String?
        var verified: Bool
    }
    var handle: String
    var intact: Bool
    var problems: [String]
    var messages: [Message]
}

struct MemberRow: Decodable {
    var id: String
    var displayName: String
    var role: String
    var status: String
    var signingKey: String
}

/// Edits the relay's database directly, as a malicious or broken relay would.
func tamper(_ relay: RelayProcess, _ sql: String) throws {
    let result = try runTool("/usr/bin/env", ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", relay.dataDirectory + "/lucka.sqlite", sql])
    guard result.status == 0 else { throw RelayProcessError(message: "tampering failed: \(result.error)") }
}

func runTool(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    let process = ChildProcess()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}


/// A child process whose output goes to files, to be read while it runs and after.
final class Background {
    let process = ChildProcess()
    let outputPath: String
    let errorPath: String
    private var inputPath: String?

    init(_ executable: String, _ arguments: [String], environment: [String: String], stdin: String? = nil) throws {
        let base = NSTemporaryDirectory() + "lucka-bg-" + UUID().uuidString
        outputPath = base + ".out"
        errorPath = base + ".err"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        if let stdin {
            let inputPath = base + ".in"
            _ = FileManager.default.createFile(atPath: inputPath, contents: Data(stdin.utf8))
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputPath))
            self.inputPath = inputPath
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    var error: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Waits (without blocking a thread) until standard error holds `text`, or the time is up.
    func waitForError(_ text: String, seconds: Double = 30) async throws -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if error.contains(text) { return true }
            if !process.isRunning { return error.contains(text) }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Waits for the exit (polling, so no thread of the pool blocks).
    func finish(seconds: Double = 60) async throws -> (status: Int32, output: String, error: String) {
        let end = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < end { try await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return (process.terminationStatus, output, error)
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(atPath: outputPath)
        try? FileManager.default.removeItem(atPath: errorPath)
        if let inputPath { try? FileManager.default.removeItem(atPath: inputPath) }
    }
}
