import Foundation
import Logging
import NIOSSL
import PostgresNIO
import ServiceLifecycle

/// The store for relays that outgrow one machine: one PostgreSQL database shared by any
/// number of relay processes. Same guarantees as the SQLite store: every acknowledged write
/// is one committed transaction, durable (`synchronous_commit = on`, set per session so a
/// server default cannot weaken it) before the call returns; the same limits are checked
/// inside the write; the same `StoreError`s come out.
///
/// The store is a `Service`: its `run()` runs the connection pool (and the VACUUM that
/// follows deletions) and must be running while it is used. `PostgresRelayStore.with`
/// does that for short-lived commands.
public final class PostgresRelayStore: RelayStore, Service {
    let client: PostgresClient
    let settings: PostgresSettings
    /// postgres-nio logs queries at debug level: its loggers log errors only, so no
    /// statement or bound value reaches a log.
    static let quiet: Logger = {
        var logger = Logger(label: "lucka-relay.postgres")
        logger.logLevel = .error
        return logger
    }()
    /// How long an operation may wait for the database (a connection, a lock, a commit)
    /// before the caller is told it is unavailable (503 with Retry-After).
    let deadline: Duration
    let vacuum = VacuumRequests()

    public init(settings: PostgresSettings, maximumConnections: Int = 20, deadline: Duration = .seconds(5)) throws {
        self.settings = settings
        self.deadline = deadline
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.user, password: settings.password,
            database: settings.database, tls: try Self.tls(settings))
        configuration.options.maximumConnections = max(2, maximumConnections)
        configuration.options.connectTimeout = .seconds(3)
        if settings.tls == .verifyFull { configuration.options.tlsServerName = settings.host }
        // Durable commits, UTC days and no statement longer than the deadline, whatever the
        // server's defaults say.
        configuration.options.additionalStartupParameters = [
            ("synchronous_commit", "on"), ("TimeZone", "UTC"), ("application_name", "lucka-relay"),
            ("lock_timeout", "\(Int(deadline.components.seconds * 1000))"),
        ]
        if let schema = settings.schema { configuration.options.additionalStartupParameters.append(("search_path", schema)) }
        client = PostgresClient(configuration: configuration, backgroundLogger: Self.quiet)
    }

    static func tls(_ settings: PostgresSettings) throws -> PostgresClient.Configuration.TLS {
        switch settings.tls {
        case .disable:
            return .disable
        case .require:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            return .require(tls)
        case .verifyFull:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .fullVerification
            guard let path = settings.rootCertificate else { throw StoreError(.unavailable, "sslmode=verify-full needs sslrootcert") }
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
            } catch {
                throw StoreError(.unavailable, "cannot read the database CA certificate \(path)")
            }
            return .require(tls)
        }
    }

    /// Runs the connection pool and the background VACUUM until cancelled or shut down.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            group.addTask { await self.vacuumWhenAsked() }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    /// Opens a store, runs `body` with it (the pool running meanwhile) and closes it.
    @discardableResult
    public static func with<T: Sendable>(
        _ settings: PostgresSettings, migrate: Bool = true, _ body: @Sendable (PostgresRelayStore) async throws -> T
    ) async throws -> T {
        let store = try PostgresRelayStore(settings: settings, maximumConnections: 4)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await withDiscardingTaskGroup { inner in
                inner.addTask { await store.client.run() }
                inner.addTask { await store.vacuumWhenAsked() }
            } }
            defer { group.cancelAll() }
            if migrate { try await store.migrate() }
            return try await body(store)
        }
    }

    /// Runs one statement of the caller's own, literal values only (the schemas that tests
    /// and benchmarks make and drop), on a short-lived pool.
    package static func administer(_ settings: PostgresSettings, _ sql: String) async throws {
        try await with(settings, migrate: false) { store in
            // Read to the end, so the connection goes back to the pool and the pool can close.
            try await store.client.withConnection { try await $0.execute("\(raw: sql)") }
        }
    }

    /// Commits and WAL flushes so far, server-wide (pg_stat_database, pg_stat_wal): the
    /// benchmark's measure of how many commits PostgreSQL groups into one flush.
    package static func commitCounters(_ settings: PostgresSettings) async throws -> (commits: Int64, walSyncs: Int64) {
        try await with(settings, migrate: false) { store in
            try await store.client.withConnection { connection in
                let commits = try await connection.value("SELECT sum(xact_commit)::bigint FROM pg_stat_database", as: Int64.self) ?? 0
                let syncs = try await connection.value("SELECT wal_sync FROM pg_stat_wal", as: Int64.self) ?? 0
                return (commits, syncs)
            }
        }
    }

    // MARK: Running statements

    /// One transaction on one connection: committed when `body` returns, rolled back when
    /// it throws. An acknowledged write is a committed one; a commit whose answer was lost
    /// (the server went away) is reported as unavailable, never as done.
    @discardableResult
    func write<T: Sendable>(deadline: Duration? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction("BEGIN", deadline: deadline, body)
    }

    /// Reads in one transaction too, so a thread and its messages come from one snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", deadline: nil, body)
    }

    private func transaction<T: Sendable>(
        _ begin: PostgresQuery, deadline: Duration?, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await guarded(deadline: deadline) {
            try await self.client.withConnection { connection in
                try await connection.query(begin, logger: Self.quiet)
                do {
                    let value = try await body(connection)
                    try await connection.query("COMMIT", logger: Self.quiet)
                    return value
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: Self.quiet)
                    throw error
                }
            }
        }
    }

    /// Runs `operation` within the deadline, translating what the driver throws. The caller
    /// is answered when the deadline passes even if the operation cannot be interrupted (a
    /// query on a connection whose server vanished waits for the socket to fail): it is
    /// cancelled and left to end on its own, so no request and no shutdown waits for it.
    func guarded<T: Sendable>(deadline: Duration? = nil, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let deadline = deadline ?? self.deadline
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation)
                let work = Task {
                    do { race.finish(.success(try await operation())) } catch { race.finish(.failure(Self.translate(error))) }
                }
                let timer = Task {
                    try? await Task.sleep(for: deadline)
                    if race.finish(.failure(StoreError(.unavailable, "the database did not answer in time"))) { work.cancel() }
                }
                race.onFinish { timer.cancel() }
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// Background work that holds one connection for as long as it needs: answered at
    /// once when its task is cancelled. A query sent on a connection that the closing pool
    /// has just closed can wait forever (postgres-nio 1.33.2), and shutdown must not.
    func abandonable<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await guarded(deadline: .seconds(24 * 3600), operation)
    }

    static func translate(_ error: any Error) -> any Error {
        if error is StoreError || error is CancellationError { return error }
        guard let error = error as? PSQLError else { return StoreError(.unavailable, "the database is unavailable") }
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else {
            return StoreError(.unavailable, "the database is unavailable (\(error.code))")
        }
        switch state {
        case "53100": return StoreError(.full, "the database's disk is full")
        case "XX001", "XX002": return StoreError(.corrupt, "the database reports damaged data")
        case _ where state.hasPrefix("23"): return StoreError(.conflict, "the change conflicts with what is stored")
        default: return StoreError(.unavailable, "the database is unavailable (SQLSTATE \(state))")
        }
    }
}

/// The first of an operation's result, its deadline and its caller's cancellation.
final class Race<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var outcome: Result<T, any Error>?
        var finished = false
        var cleanup: (@Sendable () -> Void)?
    }

    private let state = Locked(State())

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { state -> Result<T, any Error>? in
            if let outcome = state.outcome { return outcome }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Registers what to do once finished (at once if already finished).
    func onFinish(_ cleanup: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.finished { return true }
            state.cleanup = cleanup
            return false
        }
        if now { cleanup() }
    }

    /// True if this outcome was the first.
    @discardableResult
    func finish(_ outcome: Result<T, any Error>) -> Bool {
        let (first, continuation, cleanup) = state.withLock { state -> (Bool, CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) in
            guard !state.finished else { return (false, nil, nil) }
            state.finished = true
            defer { state.continuation = nil; state.cleanup = nil }
            if state.continuation == nil { state.outcome = outcome }
            return (true, state.continuation, state.cleanup)
        }
        continuation?.resume(with: outcome)
        cleanup?()
        return first
    }
}

extension PostgresRandomAccessRow {
    func get<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }

    func bytes(_ column: String) throws -> [UInt8] {
        try self[column].decode(Data?.self).map { Array($0) } ?? []
    }

    func day(_ column: String) throws -> Day {
        Day(try get(column, as: String.self)) ?? Day(number: 0)
    }
}
