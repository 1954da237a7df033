import Foundation
import Spawn
import LuckaCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writing a reply in the counsellor's own editor, as `git commit` does: a temporary file
/// in a private folder (0700, on tmpfs when there is one), the conversation quoted below a
/// cut line, the folder and everything in it overwritten and removed afterwards, also
/// when the tool is interrupted (it then exits 130).
public enum Composer {
    /// `$VISUAL`, then `$EDITOR`, then `nano` when it is installed; nil: none.
    public static func editorCommand(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name], !value.trimmingCharacters(in: .whitespaces).isEmpty { return value }
        }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { $0 + "/nano" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Where the temporary folder goes: /dev/shm (memory) when it is there, else the
    /// system's temporary folder.
    static var base: String {
        var info = stat()
        if stat("/dev/shm", &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, access("/dev/shm", W_OK) == 0 { return "/dev/shm" }
        return NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
    }

    /// Opens `command` on a file holding `initial`, then `cutLine` and `quoted`; returns
    /// what is above the cut line, trimmed. Throws if the editor cannot start or exits
    /// non-zero (`editorFailed` carries the status).
    public static func edit(initial: String, cutLine: String, quoted: String, command: String) throws -> String {
        var template = Array((base + "/lucka-staff-XXXXXX").utf8CString)
        guard let folderPointer = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ClientError(.local, "cannot make a private temporary folder")
        }
        let folder = String(cString: folderPointer)
        chmod(folder, 0o700)
        // Removed with everything the editor left in it (swap files, backups) on every
        // exit, Ctrl-C included (Composer+Signals.swift).
        EditorFolder.guardFolder(folder)
        defer { EditorFolder.release() }
        let file = folder + "/reply.txt"
        let content = initial + (initial.isEmpty || initial.hasSuffix("\n") ? "" : "\n") + "\n" + cutLine + "\n" + quoted
        do { try SecureFile.write(Array(content.utf8), to: file, replace: false) } catch {
            throw ClientError(.local, error.reason)
        }
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " \"$1\"", "sh", file]
        do { try process.run() } catch { throw ClientError(.local, "cannot start the editor") }
        EditorFolder.editorStarted(process.processIdentifier)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw EditorFailed(status: process.terminationStatus) }
        guard let data = FileManager.default.contents(atPath: file) else { throw ClientError(.local, "the editor left no file") }
        var lines: [Substring] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line == cutLine { break }
            lines.append(line)
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The editor exited with a non-zero status: nothing is sent.
    public struct EditorFailed: Error, Sendable {
        public let status: Int32
    }

    /// Overwrites a file with zeros, syncs, and removes it.
    static func wipe(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        if fd >= 0 {
            let zeros = [UInt8](repeating: 0, count: 4096)
            var left = Int(info.st_size)
            while left > 0 {
                let n = write(fd, zeros, min(left, zeros.count))
                if n <= 0 { break }
                left -= n
            }
            fsync(fd)
            close(fd)
        }
        unlink(path)
    }
}

/// Replies that could not be sent, kept encrypted beside the keystore (`drafts`, 0600,
/// replaced atomically): "LKD1" ‖ nonce (24) ‖ XChaCha20-Poly1305 of a JSON object
/// {handle: text}, with the associated data "lucka/drafts/v1" ‖ 0x00, under a key derived
/// (crypto_kdf, context "lk-draft", id 1) from the staff signing seed. Never plaintext on disk.
public struct DraftStore: Sendable {
    public let path: String
    let key: SecureBytes

    static let magic = Array("LKD1".utf8)
    static let additionalData = Array("lucka/drafts/v1".utf8) + [0]

    public init(home: String, keys: StaffKeys) throws {
        path = home + "/drafts"
        do { key = try KeyDerivation.derive(from: try keys.signing.seed(), id: 1, context: "lk-draft") } catch {
            throw ClientError(.local, error.reason)
        }
    }

    /// Every kept draft. A drafts file that is there but does not open (made with another
    /// key, or damaged) is never overwritten: it is moved aside (`drafts.unreadable`,
    /// `drafts.unreadable-2`, ...) and `movedAside` names where, for the tool to say so.
    public func load() -> (drafts: [String: String], movedAside: String?) {
        let (drafts, movedAside, _) = read()
        return (drafts, movedAside)
    }

    /// `stuck`: the file does not open and could not be moved aside.
    private func read() -> (drafts: [String: String], movedAside: String?, stuck: Bool) {
        guard let data = FileManager.default.contents(atPath: path) else { return ([:], nil, false) }
        if let drafts = Self.open(Array(data), key: key) { return (drafts, nil, false) }
        let moved = moveAside()
        return ([:], moved, moved == nil)
    }

    static func open(_ bytes: [UInt8], key: SecureBytes) -> [String: String]? {
        let nonceLength = AEAD.nonceLength
        guard bytes.count > 4 + nonceLength, Array(bytes.prefix(4)) == magic else { return nil }
        guard
            let plain = try? AEAD.open(
                Array(bytes[(4 + nonceLength)...]), additionalData: additionalData,
                nonce: Array(bytes[4..<(4 + nonceLength)]), key: key)
        else { return nil }
        return plain.withUnsafeBytes { raw in try? JSONDecoder().decode([String: String].self, from: Data(raw)) }
    }

    /// Renames the unreadable file to the first free `drafts.unreadable[-n]`; nil if it
    /// could not (then `save` refuses to replace it).
    func moveAside() -> String? {
        for number in 1...100 {
            let target = path + ".unreadable" + (number == 1 ? "" : "-\(number)")
            // link + unlink, not rename: never replaces an older file kept aside.
            if link(path, target) == 0 {
                unlink(path)
                return target
            }
            if errno != EEXIST { return nil }
        }
        return nil
    }

    /// Keeps `text` as the draft for `handle`, or forgets it (nil). An unreadable drafts
    /// file is moved aside first (its new name is returned), never replaced.
    @discardableResult
    public func save(_ text: String?, for handle: String) throws -> String? {
        var (drafts, movedAside, stuck) = read()
        guard !stuck else { throw ClientError(.local, "the drafts file \(path) cannot be read and could not be moved aside; it was left as it is") }
        drafts[handle] = text
        if drafts.isEmpty {
            Composer.wipe(path)
            return movedAside
        }
        let json = SecureBytes(copying: Array((try? JSONEncoder().encode(drafts)) ?? Data()))
        let nonce = Random.bytes(AEAD.nonceLength)
        do {
            let sealed = try AEAD.seal(json, additionalData: Self.additionalData, nonce: nonce, key: key)
            try SecureFile.write(Self.magic + nonce + sealed, to: path, replace: true)
        } catch {
            throw ClientError(.local, error.reason)
        }
        return movedAside
    }
}
