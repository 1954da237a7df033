import Foundation
import GRDB
import GRDBSQLite
import Logging

/// Checkpoints off the commit path. SQLite's automatic checkpoint runs inside the
/// committing writer: on a big file it writes and fsyncs pages spread all over it while
/// every queued write waits (one post in a thousand waited 1.75 s at a million threads).
/// So the writer's automatic checkpoint is off, and a hook on the writer wakes this
/// checkpointer once the WAL holds `threshold` frames. It copies them with PASSIVE
/// checkpoints from its own connection while writes go on. A passive checkpoint cannot
/// restart the WAL while the writer keeps appending, so once the WAL reaches
/// `restartLimit` frames a RESTART runs on the writer's queue: by then only the few
/// frames written since the last passive pass are left to copy.
///
/// Every failure (busy, I/O) is dropped and tried again once the WAL has grown by
/// `threshold / 2` frames: a checkpoint never fails a write, and holds the writer only
/// for the RESTART's small remainder. The checkpointer is kept alive by the pool's
/// configuration (the hook points to it) and holds the pool weakly; its connection
/// closes when the pool is gone. Nothing runs between checkpoints.
final class WALCheckpointer: @unchecked Sendable {
    struct Limits: Sendable {
        /// SQLite's own default for the automatic checkpoint.
        var threshold = 1000
        var restartLimit = 4000
        /// A catch-up stops when this few frames are left uncopied.
        var residual = 64
    }

    private struct State {
        var running = false
        /// While the writer checkpoints by itself (`fill`).
        var paused = false
        /// The WAL's length after the last checkpoint: the next starts `threshold / 2`
        /// frames later, or once the WAL has restarted and grown to `threshold` again.
        var lastFrames = 0
        weak var writer: DatabasePool?
    }

    private let path: String
    let limits: Limits
    private let state = Locked(State())
    /// Runs the checkpoints one at a time; `connection` is only used on it.
    private let queue = DispatchQueue(label: "lucka.checkpoint")
    private var connection: DatabaseQueue?

    init(path: String, limits: Limits = Limits()) {
        self.path = path
        self.limits = limits
    }

    /// The pool whose writer receives the RESTART and TRUNCATE checkpoints.
    func attach(_ writer: DatabasePool) {
        state.withLock { $0.writer = writer }
    }

    /// On the writer connection, while it is being opened: no automatic checkpoint, and
    /// the hook that reports the WAL's length after each commit.
    func watch(_ db: Database) throws {
        try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(db.sqliteConnection, { context, _, _, frames in
            Unmanaged<WALCheckpointer>.fromOpaque(context!).takeUnretainedValue().committed(frames: Int(frames))
            return SQLITE_OK
        }, context)
    }

    /// Called by SQLite on the writer right after a commit: only decides, never waits.
    private func committed(frames: Int) {
        let start = state.withLock { state -> Bool in
            guard !state.running, !state.paused, frames >= limits.threshold,
                  frames < state.lastFrames || frames >= state.lastFrames + limits.threshold / 2 else { return false }
            state.running = true
            return true
        }
        if start { queue.async { self.cycle(frames: frames) } }
    }

    private func cycle(frames: Int) {
        var after = frames
        defer { state.withLock { $0.running = false; $0.lastFrames = after } }
        guard let progress = catchUp() else { return }
        after = progress.wal
        // A reader on an old snapshot (a backup) stops the copying: a RESTART would only
        // wait for it while holding the writer, so it is left to a later cycle.
        guard progress.wal >= limits.restartLimit, !progress.blocked else { return }
        let started = ContinuousClock.now
        if (try? onWriter(.restart, busyMilliseconds: 50)) == true { after = 0 }
        // Writes waited meanwhile: an operator (and the scale benchmark) should see a long wait.
        let held = ContinuousClock.now - started
        if held > .milliseconds(250) {
            Self.logger.warning("a checkpoint held writes", metadata: [
                "lucka.milliseconds": "\(held.components.seconds * 1000 + held.components.attoseconds / 1_000_000_000_000_000)",
                "lucka.wal_frames": "\(progress.wal)",
            ])
        }
    }

    private static let logger = Logger(label: "lucka-relay.checkpoint")

    /// Copies the WAL into the database file with passive checkpoints until it has caught
    /// up with the writer, or a pass copied nothing (a reader holds the rest). Nil on failure.
    private func catchUp() -> (wal: Int, blocked: Bool)? {
        do {
            if connection == nil { connection = try DatabaseQueue(path: path, configuration: Self.configuration()) }
            guard let connection else { return nil }
            var (wal, copied) = (0, -1)
            for _ in 0..<8 {
                let result = try connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
                let gained = result.checkpointedFrameCount != copied
                (wal, copied) = (result.walFrameCount, result.checkpointedFrameCount)
                if wal - copied <= limits.residual { break }
                if !gained { return (wal, true) }
            }
            // Caught up, or the writer outpaces the copying: then the RESTART copies the
            // rest while holding it, which is what keeps the WAL bounded.
            return (wal, false)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            return nil
        } catch {
            // A broken connection is replaced at the next try.
            connection = nil
            return nil
        }
    }

    /// A checkpoint on the writer's connection, between two group commits; it waits for
    /// readers at most `busyMilliseconds` per try. True once it is done, false if still
    /// busy (or the pool is gone); other errors are thrown.
    private func onWriter(_ mode: Database.CheckpointMode, busyMilliseconds: Int, tries: Int = 1) throws -> Bool {
        guard let writer = state.withLock({ $0.writer }) else { return false }
        return try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA busy_timeout = \(busyMilliseconds)")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = 10000") }
            for attempt in 0..<tries {
                do {
                    try db.checkpoint(mode)
                    return true
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    if attempt < tries - 1 { Thread.sleep(forTimeInterval: 0.01) }
                }
            }
            return false
        }
    }

    /// Runs `body` on the writer without waking the checkpointer for its commits.
    func paused<T>(_ body: () throws -> T) rethrows -> T {
        state.withLock { $0.paused = true }
        defer { state.withLock { $0.paused = false } }
        return try body()
    }

    /// Empties the WAL (after deletions): the bulk is copied off the writer first, then a
    /// TRUNCATE on the writer copies the rest. True if the WAL is now empty.
    func truncate() async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                _ = self.catchUp()
                continuation.resume(with: Result(catching: { try self.onWriter(.truncate, busyMilliseconds: 50, tries: 4) }))
            }
        }
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.label = "checkpoint"
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return configuration
    }
}
