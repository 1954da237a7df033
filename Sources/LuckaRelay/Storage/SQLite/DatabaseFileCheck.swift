import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A cheap look at the database file before SQLite opens it: the header and the file's
/// length, checked in constant time whatever the database's size. It catches a damaged
/// header and a truncated file, which SQLite can otherwise read without complaint (a file
/// cut inside its last page passes even `PRAGMA integrity_check`).
enum DatabaseFileCheck {
    static let magic = Array("SQLite format 3\0".utf8)

    /// Throws `StoreError.corrupt` when the file at `path` cannot be a whole SQLite
    /// database. An empty file is a new database.
    static func verify(path: String) throws {
        guard let size = fileSize(path), size > 0 else { return }
        // With frames in the WAL, the main file may lag behind (pages not yet checkpointed,
        // or a checkpoint cut short): SQLite recovers from the WAL, so only look at the header.
        let walHoldsFrames = (fileSize(path + "-wal") ?? 0) > 32
        guard size >= 100 else {
            if walHoldsFrames { return }
            throw damaged
        }
        guard let header = readHeader(path) else { throw StoreError(.unavailable, "cannot read the database file") }
        guard Array(header[0..<16]) == magic else { throw damaged }
        let rawPageSize = Int(header[16]) << 8 | Int(header[17])
        let pageSize = rawPageSize == 1 ? 65536 : rawPageSize
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else { throw damaged }
        if walHoldsFrames { return }
        guard size % Int64(pageSize) == 0 else { throw damaged }
        // The page count at offset 28 counts only when the change counter (24) matches the
        // version-valid-for number (92); SQLite then trusts it over the file's length.
        if header[24..<28] == header[92..<96] {
            let pages = header[28..<32].reduce(Int64(0)) { $0 << 8 | Int64($1) }
            guard pages > 0, pages * Int64(pageSize) <= size else { throw damaged }
        }
    }

    static var damaged: StoreError { StoreError(.corrupt, "the database file is damaged") }

    static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    private static func readHeader(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 100)
        let count = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 100, 0) }
        return count == 100 ? header : nil
    }
}
