import Foundation
import LuckaCore
import PostgresNIO

extension PostgresRelayStore {
    /// Creates or updates the schema (PostgresMigrations), under the migrations' advisory lock.
    public func migrate() async throws {
        try await write(deadline: .seconds(600)) { db in try await PostgresMigrations.migrate(db) }
    }

    /// PostgreSQL has its own tools for consistent copies; the relay does not pretend to be one.
    public func backup(to path: String) async throws {
        throw StoreError(
            .conflict,
            "on PostgreSQL, back up with the database's own tools: pg_dump (a logical copy) or pg_basebackup with a WAL archive (see deploy/OPERATING.md, \"PostgreSQL\")"
        )
    }

    /// The schema version and a consistency check of what the relay keeps: every thread's
    /// message count matches its messages, and every clinic's epochs run 1, 2, … without gaps.
    /// (The server checks its own pages; `amcheck` is the operator's tool for that.)
    public func check() async throws -> StoreHealth {
        try await read { db in
            var messages: [String] = []
            let miscounted = try await db.value("""
                SELECT count(*) FROM thread t WHERE t.message_count != (SELECT count(*) FROM message m WHERE m.thread = t.id)
                """, as: Int.self) ?? 0
            if miscounted > 0 { messages.append("threads whose message count does not match their messages: \(miscounted)") }
            let gaps = try await db.value("""
                SELECT count(*) FROM (SELECT clinic FROM inbox_key GROUP BY clinic HAVING max(epoch) != count(*)) AS gaps
                """, as: Int.self) ?? 0
            if gaps > 0 { messages.append("clinics whose inbox epochs have gaps: \(gaps)") }
            return StoreHealth(
                integrityOK: messages.isEmpty, integrityMessages: messages,
                appliedMigrations: try await PostgresMigrations.applied(db), knownMigrations: PostgresMigrations.identifiers,
                clinics: try await db.value("SELECT count(*) FROM clinic", as: Int.self) ?? 0,
                threads: try await db.value("SELECT count(*) FROM thread", as: Int.self) ?? 0,
                messages: try await db.value("SELECT count(*) FROM message", as: Int.self) ?? 0)
        }
    }

    /// Runs `body` only if no other relay on this database is running the same job (a
    /// session advisory lock, held on one connection while `body` runs); nil if another is.
    public func exclusively<T: Sendable>(_ job: BackgroundJob, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        let key = job.lockKey
        return try await abandonable { try await self.client.withConnection { connection -> T? in
            let locked: Bool
            do {
                locked = try await connection.value("SELECT pg_try_advisory_lock(\(key)::int4, hashtext(current_schema()))", as: Bool.self) ?? false
            } catch {
                throw Self.translate(error)
            }
            guard locked else { return nil }
            do {
                let value = try await body()
                _ = try? await connection.execute("SELECT pg_advisory_unlock(\(key)::int4, hashtext(current_schema()))")
                return value
            } catch {
                _ = try? await connection.execute("SELECT pg_advisory_unlock(\(key)::int4, hashtext(current_schema()))")
                throw error
            }
        } }
    }

    // MARK: VACUUM after deletions

    /// Waits for deletions and then VACUUMs the tables they touch, at most once a minute
    /// and on one relay at a time. Plain VACUUM runs beside reads and writes (it takes no
    /// lock they wait for), and the cost delay spreads its I/O out in small slices.
    func vacuumWhenAsked() async {
        for await _ in vacuum.requests {
            // A request may still be buffered when the store shuts down: the pool is closing.
            if Task.isCancelled { return }
            // On the one connection that holds the lock: a second lease could wait forever
            // if the pool began to close meanwhile.
            let key = BackgroundJob.vacuum.lockKey
            _ = try? await abandonable { try await self.client.withConnection { connection in
                guard try await connection.value("SELECT pg_try_advisory_lock(\(key)::int4, hashtext(current_schema()))", as: Bool.self) == true
                else { return }
                _ = try? await connection.execute("SET vacuum_cost_delay = 2")
                for table in ["message", "thread", "note", "seen", "audit", "template", "nonce", "budget"] where !Task.isCancelled {
                    _ = try? await connection.execute("VACUUM \(raw: table)")
                }
                _ = try? await connection.execute("SELECT pg_advisory_unlock(\(key)::int4, hashtext(current_schema()))")
            } }
            try? await Task.sleep(for: .seconds(60))
            if Task.isCancelled { return }
        }
    }
}

/// Background work that runs on one relay at a time when several share a database.
public enum BackgroundJob: Sendable {
    case sweep, notices, vacuum, migration
    /// `migrate-to` holds it exclusively while it copies; every serving relay holds it shared.
    case copy

    /// The first half of the job's advisory lock key (the second is the schema's hash):
    /// arbitrary numbers that are Lucka's, "LK" and a letter.
    var lockKey: Int32 {
        switch self {
        case .sweep: 0x4C4B_5300  // "LKS"
        case .notices: 0x4C4B_4E00  // "LKN"
        case .vacuum: 0x4C4B_5600  // "LKV"
        case .migration: 0x4C4B_4D00  // "LKM"
        case .copy: 0x4C4B_4300  // "LKC"
        }
    }
}

/// Requests for a VACUUM, coalesced: any number of deletions while one runs ask for one more.
final class VacuumRequests: Sendable {
    let requests: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (requests, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func request() { continuation.yield() }
}
