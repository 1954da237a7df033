import Foundation
import Spawn
@testable import LuckaClient
import LuckaCore

#if canImport(Glibc)
    import Glibc
#endif

/// Posts the relay answered 2xx, by writer.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var byWriter: [Int: [(Int, [UInt8])]] = [:]

    func add(writer: Int, seq: Int, ciphertext: [UInt8]) {
        lock.lock()
        byWriter[writer, default: []].append((seq, ciphertext))
        lock.unlock()
    }

    func messages(writer: Int) -> [(Int, [UInt8])] {
        lock.lock()
        defer { lock.unlock() }
        return byWriter[writer] ?? []
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return byWriter.values.map(\.count).reduce(0, +)
    }
}

/// Writers with a thread each, who post sealed messages to whatever address the relay has
/// now (it gets a new port at every restart).
struct FaultWriters: Sendable {
    let conversations: [WriterConversation]

    static func start(_ count: Int, relay: RelayProcess, clinic: LiveClinic) async throws -> FaultWriters {
        var conversations: [WriterConversation] = []
        for index in 0..<count {
            conversations.append(
                try await WriterConversation.start(
                    relay: relay.client, clinic: clinic.slug, channel: .self, text: "start \(index)", pin: clinic.fingerprint
                ).conversation)
        }
        return FaultWriters(conversations: conversations)
    }

    /// One sealed message from writer `index`, posted to `url`; its seq once acknowledged.
    func post(_ index: Int, text: String, to url: String, acknowledged: Acknowledged) async throws -> Int {
        let writer = conversations[index]
        let sealed = try WriterConversation.seal(
            text: text, previous: nil, keys: writer.keys, to: writer.clinic.current.publicKey)
        let posted = try await RelayClient(baseURL: url).postMessage(
            PostMessageRequest(
                lookupToken: writer.keys.lookupToken.copyBytes(), writerKey: writer.keys.boxKeyPair.publicKey,
                epoch: writer.clinic.current.epoch, message: sealed))
        acknowledged.add(writer: index, seq: posted.seq, ciphertext: sealed)
        return posted.seq
    }

    /// Every writer posts concurrently until the relay stops answering (or `limit` posts each).
    func postUntilUnreachable(to url: String, limit: Int, acknowledged: Acknowledged, tag: String) async {
        await withTaskGroup(of: Void.self) { group in
            for index in conversations.indices {
                group.addTask {
                    for n in 0..<limit {
                        do {
                            _ = try await post(index, text: "\(tag) w\(index) m\(n)", to: url, acknowledged: acknowledged)
                        } catch { return }
                    }
                }
            }
        }
    }

    /// Acknowledged messages that the relay at `url` does not hold with the same ciphertext.
    func missing(from url: String, acknowledged: Acknowledged) async throws -> [String] {
        var missing: [String] = []
        for (index, writer) in conversations.enumerated() {
            let stored = try await RelayClient(baseURL: url).readThread(lookupToken: writer.keys.lookupToken.copyBytes()).messages
            let bySeq = Dictionary(uniqueKeysWithValues: stored.map { ($0.seq, $0.ciphertext.bytes) })
            for (seq, ciphertext) in acknowledged.messages(writer: index) where bySeq[seq] != ciphertext {
                missing.append("writer \(index) message \(seq)")
            }
        }
        return missing
    }
}

/// Runs `lucka-relay serve` on `dataDirectory` until it exits or `seconds` pass (then it is
/// killed and `status` is nil): for start-ups that should fail.
func serveUntilExit(dataDirectory: String, seconds: Double) throws -> (status: Int32?, output: String) {
    let logPath = dataDirectory + "-serve-\(Random.bytes(3).hex).log"
    _ = FileManager.default.createFile(atPath: logPath, contents: nil)
    let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
    defer { try? log.close() }
    let process = ChildProcess()
    process.executableURL = URL(fileURLWithPath: RelayProcess.executable("lucka-relay"))
    process.arguments = ["serve", "--data-dir", dataDirectory, "--port", "0"]
    process.standardOutput = log
    process.standardError = log
    try process.run()
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    let exited = !process.isRunning
    if !exited { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    return (exited ? process.terminationStatus : nil, output)
}

// MARK: Damaging a database file

enum Damage: String, CaseIterable, Sendable, CustomStringConvertible {
    case header, indexPage, truncated
    var description: String { rawValue }
}

enum DatabaseDamage {
    static func apply(_ damage: Damage, to path: String) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        switch damage {
        case .header:
            // The first 100 bytes: magic string, page size, counts.
            for index in 0..<100 { bytes[index] = UInt8.random(in: 0...255) }
        case .indexPage:
            // Zeros over the middle of the cell area of the fullest index leaf page, where
            // every byte belongs to a stored key.
            let size = pageSize(bytes)
            let page = try fullestIndexPage(bytes, pageSize: size)
            let base = page * size
            let contentStart = Int(bytes[base + 5]) << 8 | Int(bytes[base + 6])
            let middle = base + (contentStart + size) / 2
            for index in (middle - 256)..<(middle + 256) { bytes[index] = 0 }
        case .truncated:
            bytes.removeLast(bytes.count / 3)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func pageSize(_ bytes: [UInt8]) -> Int {
        let raw = Int(bytes[16]) << 8 | Int(bytes[17])
        return raw == 1 ? 65536 : raw
    }

    /// The 0-based index of the leaf index b-tree page (type 0x0A) with the most cells.
    static func fullestIndexPage(_ bytes: [UInt8], pageSize: Int) throws -> Int {
        var best: (page: Int, cells: Int)?
        for page in 1..<(bytes.count / pageSize) where bytes[page * pageSize] == 0x0A {
            let cells = Int(bytes[page * pageSize + 3]) << 8 | Int(bytes[page * pageSize + 4])
            if cells > best?.cells ?? 0 { best = (page, cells) }
        }
        guard let best, best.cells >= 20 else { throw RelayProcessError(message: "no well-filled index page in the database") }
        return best.page
    }

    /// Makes the file at least `minimumBytes` long with zero pages that no table owns, and
    /// counts them in the header: a database that opens and reads, damaged only in a way
    /// that walking its pages (`quick_check`) finds.
    static func growWithOrphanPages(_ path: String, minimumBytes: Int) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let size = pageSize(bytes)
        let pages = (minimumBytes + size - 1) / size + 1
        bytes.append(contentsOf: [UInt8](repeating: 0, count: pages * size - bytes.count))
        for (offset, shift) in [(28, 24), (29, 16), (30, 8), (31, 0)] { bytes[offset] = UInt8((pages >> shift) & 0xFF) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}

// MARK: A small disk

/// A tmpfs of a chosen size mounted on a folder, so the relay's data folder can run out of
/// space and get it back. Needs root (or CAP_SYS_ADMIN); `mount()` returns nil otherwise,
/// or when `LUCKA_FAULT_NO_TMPFS=1` asks to try the file-size-limit fallback instead.
struct SmallDisk {
    let path: String

    static func mount(at path: String, megabytes: Int) -> SmallDisk? {
        if ProcessInfo.processInfo.environment["LUCKA_FAULT_NO_TMPFS"] == "1" { return nil }
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard let result = try? runSystemTool("mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", path]),
            result.status == 0
        else {
            try? FileManager.default.removeItem(atPath: path)  // the relay creates its own, 0700
            return nil
        }
        return SmallDisk(path: path)
    }

    func resize(megabytes: Int) throws {
        let result = try runSystemTool("mount", ["-o", "remount,size=\(megabytes)m", path])
        guard result.status == 0 else { throw RelayProcessError(message: "cannot resize the tmpfs: \(result.error)") }
    }

    func unmount() {
        _ = try? runSystemTool("umount", ["-l", path])
    }
}

/// Lowers (or lifts) a running process's largest file size, for when mounting is refused:
/// writes past it fail with EFBIG (the relay ignores SIGXFSZ).
func limitFileSize(pid: Int32, bytes: Int?) throws -> Bool {
    let limit = bytes.map(String.init) ?? "unlimited"
    let result = try runSystemTool("prlimit", ["--pid", String(pid), "--fsize=\(limit):"])
    return result.status == 0
}
