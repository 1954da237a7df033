import Foundation
import GRDB

extension SQLiteRelayStore {
    /// Moves deleted pages out of the WAL into the (securely zeroed) main file and
    /// truncates the WAL, so deleted bytes do not linger there. A long read (a backup, the
    /// start-up integrity check of a big file) keeps the WAL in use; rather than hold the
    /// write lock, and the writer who deleted, until it ends, the checkpoint is retried in
    /// the background every second until it succeeds.
    func checkpoint() async throws {
        if try await truncateWAL() { return }
        owedCheckpoint.schedule { (try? await truncateWAL()) ?? false }
    }

    /// At shutdown, once nothing serves any more: everything into the main file and the WAL
    /// emptied. The last connection to close would do the same, but a process may exit
    /// before every connection is released; the WAL is durable either way, this keeps a
    /// stopped relay's folder to its one file. One short try: a long reader elsewhere (a
    /// backup) is not waited for.
    public func checkpointAtShutdown() async {
        _ = try? await truncateWAL()
    }

    /// One short try: true if the WAL is now empty. On a file, the checkpointer copies the
    /// bulk off the writer first, so the writer is held only for what is left.
    private func truncateWAL() async throws -> Bool {
        do {
            if let checkpointer { return try await checkpointer.truncate() }
            return try await database.writeWithoutTransaction { db in
                // Wait for readers briefly, not the connection's 10 s busy timeout.
                try db.execute(sql: "PRAGMA busy_timeout = 50")
                defer { try? db.execute(sql: "PRAGMA busy_timeout = 10000") }
                for attempt in 0..<4 {
                    do {
                        try db.checkpoint(.truncate)
                        return true
                    } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                        if attempt < 3 { Thread.sleep(forTimeInterval: 0.01) }
                    }
                }
                return false
            }
        } catch let error as DatabaseError { throw Self.translate(error) }
    }
}

/// A checkpoint that could not be done at once, retried in the background.
final class OwedCheckpoint: Sendable {
    private let scheduled = Locked(false)

    /// Starts retrying `attempt` every second (for up to an hour) unless a retry is
    /// already under way.
    func schedule(_ attempt: @escaping @Sendable () async -> Bool) {
        let start = scheduled.withLock { scheduled in
            defer { scheduled = true }
            return !scheduled
        }
        guard start else { return }
        Task.detached { [self] in
            for _ in 0..<3600 {
                try? await Task.sleep(for: .seconds(1))
                if await attempt() { break }
            }
            scheduled.withLock { $0 = false }
        }
    }
}
