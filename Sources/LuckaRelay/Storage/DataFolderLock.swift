import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The lock that keeps `migrate-to` and `serve` apart on one data folder: every serving
/// relay holds it shared, a migration holds it exclusively, so a migration never copies a
/// database that a relay is still changing, and no relay serves while one copies. An
/// advisory `flock` on `relay.lock` in the data folder; the kernel drops it when the
/// process ends, however it ends.
public final class DataFolderLock: Sendable {
    public static let fileName = "relay.lock"
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// The lock, or nil if another process holds it in a way that excludes this one.
    /// Throws if the lock file cannot be opened.
    public static func acquire(directory: String, exclusive: Bool) throws -> DataFolderLock? {
        let path = directory + "/" + fileName
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.unavailable, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return DataFolderLock(descriptor: descriptor)
    }
}
