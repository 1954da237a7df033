import Foundation
import GRDB

/// Runs concurrent writes in shared transactions: while one transaction is being
/// committed (and fsynced, at `synchronous=FULL`), new writes queue up, and the next
/// transaction takes all of them. Each write runs in its own savepoint, so one that fails
/// rolls back alone; every caller is answered only after the commit that holds its write
/// is on disk. When the commit itself fails (disk full, I/O error), every write in the
/// batch gets the error: none is acknowledged.
final class GroupCommit: Sendable {
    private final class Job: @unchecked Sendable {
        let work: (Database) throws -> Any
        let continuation: CheckedContinuation<Any, any Error>
        var outcome: Result<Any, any Error> = .failure(CancellationError())

        init(work: @escaping (Database) throws -> Any, continuation: CheckedContinuation<Any, any Error>) {
            self.work = work
            self.continuation = continuation
        }
    }

    private struct State {
        var pending: [Job] = []
        var draining = false
    }

    private let database: any DatabaseWriter
    private let state = Locked(State())
    /// Most writes in one transaction, so a huge backlog still commits in steps.
    private let maximumBatch: Int

    init(database: any DatabaseWriter, maximumBatch: Int = 256) {
        self.database = database
        self.maximumBatch = maximumBatch
    }

    func write<T: Sendable>(_ work: @Sendable @escaping (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Any, any Error>) in
            let job = Job(work: { try work($0) }, continuation: continuation)
            let startDrain = state.withLock { state -> Bool in
                state.pending.append(job)
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startDrain { Task { await self.drain() } }
        }
        return value as! T
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Job] in
                let batch = Array(state.pending.prefix(maximumBatch))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                try await database.write { db in
                    for job in batch {
                        do {
                            var value: Any?
                            try db.inSavepoint {
                                value = try job.work(db)
                                return .commit
                            }
                            job.outcome = .success(value as Any)
                        } catch {
                            // SQLite may roll back the whole transaction on SQLITE_FULL or an
                            // I/O error: then the writes before this one are gone too, so the
                            // batch fails as one and every caller gets this error.
                            if !db.isInsideTransaction { throw error }
                            job.outcome = .failure(error)
                        }
                    }
                }
                for job in batch { job.continuation.resume(with: job.outcome) }
            } catch {
                // The commit itself failed (disk full, I/O error): nothing in it is stored.
                for job in batch { job.continuation.resume(throwing: error) }
            }
        }
    }
}
