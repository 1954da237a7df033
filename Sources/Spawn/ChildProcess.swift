import CSpawn
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process, started with posix_spawn.
///
/// Foundation's `Process.run()` on Linux (Swift 6.3.1) sometimes crashes the parent: it copies
/// 256 bytes out of each short `/proc/self/fd` record and reads past glibc's buffer
/// (swiftlang/swift-corelibs-foundation#5472). The relay starts sendmail with this, so it
/// must never crash; the child here closes every inherited descriptor with
/// `posix_spawn_file_actions_addclosefrom_np` instead of scanning `/proc`.
///
/// The shape follows `Process`, so call sites read the same: set the fields, `run()`, then
/// `waitUntilExit()` or a `terminationHandler`.
public final class ChildProcess: @unchecked Sendable {
    public enum TerminationReason: Sendable { case exit, uncaughtSignal }

    public var executableURL: URL?
    public var arguments: [String] = []
    /// Nil: the parent's environment.
    public var environment: [String: String]?
    public var currentDirectoryURL: URL?
    /// A `Pipe`, a `FileHandle`, or nil for the parent's own descriptor.
    public var standardInput: Any?
    public var standardOutput: Any?
    public var standardError: Any?
    /// Called once, on a thread of its own, when the child has ended.
    public var terminationHandler: (@Sendable (ChildProcess) -> Void)?

    public private(set) var processIdentifier: Int32 = 0

    private let state = NSCondition()
    private var launched = false
    private var someoneWaits = false
    private var ending: (reason: TerminationReason, status: Int32)?

    public init() {}

    /// Starts the child. Throws `SpawnError` when it cannot be started (no such file, not executable).
    public func run() throws {
        guard let path = executableURL?.path else { throw SpawnError(path: "", code: ENOENT) }
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        try check(posix_spawn_file_actions_init(&actions), path)
        defer { posix_spawn_file_actions_destroy(&actions) }
        try check(posix_spawnattr_init(&attributes), path)
        defer { posix_spawnattr_destroy(&attributes) }

        // The child starts with default signal handling and nothing blocked, whatever the parent ignores.
        var everySignal = sigset_t()
        var noSignal = sigset_t()
        sigfillset(&everySignal)
        sigemptyset(&noSignal)
        try check(posix_spawnattr_setsigdefault(&attributes, &everySignal), path)
        try check(posix_spawnattr_setsigmask(&attributes, &noSignal), path)
        try check(posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)), path)

        for (stream, target) in [(standardInput, Int32(0)), (standardOutput, 1), (standardError, 2)] {
            switch stream {
            case let pipe as Pipe:
                let end = target == 0 ? pipe.fileHandleForReading : pipe.fileHandleForWriting
                try check(posix_spawn_file_actions_adddup2(&actions, end.fileDescriptor, target), path)
            case let handle as FileHandle where handle === FileHandle.nullDevice || handle.fileDescriptor < 0:
                try check(posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0), path)
            case let handle as FileHandle:
                try check(posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, target), path)
            default:
                break
            }
        }
        try check(lucka_spawn_close_from(&actions, &attributes, 3), path)
        if let directory = currentDirectoryURL?.path {
            try check(lucka_spawn_chdir(&actions, directory), path)
        }

        let argv = CStrings([path] + arguments)
        let envp = CStrings((environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" })
        var pid: pid_t = 0
        try check(posix_spawn(&pid, path, &actions, &attributes, argv.pointers, envp.pointers), path)

        state.lock()
        processIdentifier = pid
        launched = true
        state.unlock()
        closeChildEnds()
        if let handler = terminationHandler {
            Thread.detachNewThread { [self] in
                waitUntilExit()
                handler(self)
            }
        }
    }

    /// Blocks until the child has ended. Safe from several threads at once.
    public func waitUntilExit() {
        state.lock()
        defer { state.unlock() }
        precondition(launched, "waitUntilExit before run")
        while ending == nil {
            if someoneWaits {
                state.wait()
                continue
            }
            someoneWaits = true
            state.unlock()
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(processIdentifier, &status, 0) } while result == -1 && errno == EINTR
            state.lock()
            someoneWaits = false
            record(result == processIdentifier ? status : nil)
            state.broadcast()
        }
    }

    public var isRunning: Bool {
        state.lock()
        defer { state.unlock() }
        guard launched, ending == nil else { return false }
        if someoneWaits { return true }
        var status: Int32 = 0
        let result = waitpid(processIdentifier, &status, WNOHANG)
        if result == 0 { return true }
        record(result == processIdentifier ? status : nil)
        state.broadcast()
        return false
    }

    /// The exit status, or the signal's number when a signal ended the child.
    public var terminationStatus: Int32 {
        state.lock()
        defer { state.unlock() }
        guard let ending else { preconditionFailure("terminationStatus before the child ended") }
        return ending.status
    }

    public var terminationReason: TerminationReason {
        state.lock()
        defer { state.unlock() }
        guard let ending else { preconditionFailure("terminationReason before the child ended") }
        return ending.reason
    }

    /// SIGTERM.
    public func terminate() { send(SIGTERM) }
    /// SIGINT, as Ctrl-C would.
    public func interrupt() { send(SIGINT) }

    public func send(_ signal: Int32) {
        state.lock()
        defer { state.unlock() }
        // Only a child not yet reaped: its pid cannot have been given to another process.
        if launched, ending == nil { kill(processIdentifier, signal) }
    }

    /// The parent's copies of the child's pipe ends, closed so that reading sees the end.
    private func closeChildEnds() {
        if let pipe = standardInput as? Pipe { try? pipe.fileHandleForReading.close() }
        if let pipe = standardOutput as? Pipe { try? pipe.fileHandleForWriting.close() }
        if let pipe = standardError as? Pipe { try? pipe.fileHandleForWriting.close() }
    }

    /// Decodes a wait status (the W* macros are not visible from Swift). Nil: already reaped elsewhere.
    private func record(_ status: Int32?) {
        guard let status else {
            ending = (.exit, -1)
            return
        }
        let signal = status & 0x7f
        ending = signal == 0 ? (.exit, (status >> 8) & 0xff) : (.uncaughtSignal, signal)
    }

    private func check(_ result: Int32, _ path: String) throws {
        if result != 0 { throw SpawnError(path: path, code: result) }
    }
}

public struct SpawnError: Error, CustomStringConvertible {
    public let path: String
    public let code: Int32
    public var description: String { "cannot start \(path): \(String(cString: strerror(code)))" }
}

/// A NULL-terminated array of C strings, freed with the value.
private final class CStrings {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    init(_ strings: [String]) {
        pointers = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
        pointers[strings.count] = nil
    }

    deinit {
        var index = 0
        while let pointer = pointers[index] {
            free(pointer)
            index += 1
        }
        pointers.deallocate()
    }
}
