import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Files that hold secrets (the staff keystore): created 0600, written whole, fsynced,
/// and moved into place atomically so a crash never leaves half a file.
public enum SecureFile {
    /// Writes `bytes` to `path`. With `replace` false, fails with `keystoreExists` if a
    /// file is already there.
    public static func write(_ bytes: [UInt8], to path: String, replace: Bool) throws(LuckaError) {
        if !replace && FileManager.default.fileExists(atPath: path) {
            throw LuckaError(.keystoreExists, "a file already exists at \(path)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(Random.bytes(6).hex).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LuckaError(.fileSystem, "cannot create \(temporary): \(errorText())") }
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        let writeError = errorText()
        close(fd)
        guard ok else {
            unlink(temporary)
            throw LuckaError(.fileSystem, "cannot write \(path): \(writeError)")
        }
        let moved = replace ? rename(temporary, path) : link(temporary, path)
        let moveError = errorText()
        if !replace { unlink(temporary) }
        guard moved == 0 else {
            if replace { unlink(temporary) }
            if !replace && errno == EEXIST { throw LuckaError(.keystoreExists, "a file already exists at \(path)") }
            throw LuckaError(.fileSystem, "cannot put \(path) in place: \(moveError)")
        }
        syncDirectory(directory.isEmpty ? "." : directory)
    }

    /// Throws `keystoreExposed` if users other than the owner may read or change the file
    /// at `path` (any group or other permission bit): a secret file is not used like that.
    public static func requirePrivate(_ path: String) throws(LuckaError) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        guard info.st_mode & 0o077 == 0 else {
            throw LuckaError(.keystoreExposed, "\(path) can be read or changed by other users, so it is not used: run `chmod 600 \(path)`")
        }
    }

    public static func read(_ path: String) throws(LuckaError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LuckaError(.keystoreMissing, "no file at \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LuckaError(.fileSystem, "cannot read \(path)")
        }
        return Array(data)
    }

    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
