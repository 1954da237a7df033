import Foundation
import Spawn
import Testing

/// `ChildProcess` replaces Foundation's `Process`, whose `run()` sometimes crashed the parent
/// on Linux (swiftlang/swift-corelibs-foundation#5472). The relay starts sendmail with it.
@Suite struct ChildProcessTests {
    private func shell(_ script: String, _ arguments: [String] = []) -> ChildProcess {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh"] + arguments
        return process
    }

    @Test func outputErrorInputAndExitStatusGoWhereTheySay() throws {
        let process = shell("read line; echo \"out:$line:$1\"; echo err >&2; exit 3", ["ä b"])
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data("hej\n".utf8))
        try input.fileHandleForWriting.close()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(out == "out:hej:ä b\n")
        #expect(err == "err\n")
        #expect(process.terminationReason == .exit && process.terminationStatus == 3)
        #expect(!process.isRunning)
    }

    @Test func environmentAndFolderAreTheGivenOnes() throws {
        let folder = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
        let process = shell("echo \"$LUCKA_SPAWN_TEST:$HOME:$(pwd)\"")
        process.environment = ["LUCKA_SPAWN_TEST": "ja"]
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(out == "ja::\(folder.path)\n")
    }

    @Test func aSignalIsReportedAsOneAndTheHandlerRunsOnce() async throws {
        let process = shell("sleep 30")
        let ended = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            ended.continuation.yield(process.terminationStatus)
            ended.continuation.finish()
        }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        #expect(process.isRunning)
        process.terminate()
        var statuses: [Int32] = []
        for await status in ended.stream { statuses.append(status) }
        #expect(statuses == [SIGTERM])
        #expect(process.terminationReason == .uncaughtSignal)
        process.waitUntilExit()
        process.terminate()  // already reaped: signals nothing
    }

    @Test func aMissingExecutableThrowsAndNamesIt() {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/nonexistent/lucka-tool")
        #expect(throws: SpawnError.self) { try process.run() }
        #expect(!process.isRunning)
    }

    /// A child keeps only 0, 1 and 2, even while other threads hold pipes for other children:
    /// a pipe leaked into a long-lived child would keep its reader waiting. Two hundred
    /// children at once, from several threads, as the test suites start them.
    @Test func concurrentChildrenInheritNothingButTheirThreeStreams() async throws {
        let held = (0..<20).map { _ in Pipe() }
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    let process = shell("ls /proc/$$/fd")
                    let output = Pipe()
                    process.standardOutput = output
                    try process.run()
                    let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process.waitUntilExit()
                    return out
                }
            }
            var seen: [String: Int] = [:]
            for try await out in group { seen[out, default: 0] += 1 }
            #expect(seen == ["0\n1\n2\n": 200])
        }
        #expect(held.count == 20)
    }

    /// Foundation's `Process` stays out of the code: its `run()` is the crash above.
    @Test func noSourceFileStartsAFoundationProcess() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var offenders: [String] = []
        for folder in ["Sources", "Tests", "Fuzz"] {
            let base = root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") where !line.contains("//") {
                    if line.range(of: #"(^|[^A-Za-z])Process\(\)"#, options: .regularExpression) != nil {
                        offenders.append("\(folder)/\(file): \(line)")
                    }
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
