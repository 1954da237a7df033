import Foundation
import LuckaCore
@testable import LuckaRelay
import GRDB
import PostgresNIO
import Testing

/// The storage engine the route tests run against: SQLite in memory, or, when
/// `LUCKA_TEST_DATABASE_URL` (and `LUCKA_TEST_DATABASE_PASSWORD`) name a PostgreSQL server,
/// a fresh database on it for each test. scripts/test runs the suite both ways: one
/// contract, two engines.
enum TestEngine {
    static let postgres: PostgresSettings? = {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["LUCKA_TEST_DATABASE_URL"] else { return nil }
        return try? PostgresSettings(url: url, password: environment["LUCKA_TEST_DATABASE_PASSWORD"])
    }()

    static var isPostgres: Bool { postgres != nil }

    /// Runs `body` with a new, empty, migrated store, removed afterwards.
    static func withStore<T: Sendable>(_ body: @escaping @Sendable (any RelayStore) async throws -> T) async throws -> T {
        guard let admin = postgres else { return try await body(try SQLiteRelayStore.inMemory()) }
        // Swift Testing starts every test at once; two cores serve a few databases at a time.
        await slots.acquire()
        let name = Test.current?.name ?? "?"
        trace("acquired \(name)")
        defer { Task { await slots.release(); trace("released \(name)") } }
        return try await withFreshDatabase(admin) { settings in
            let value = try await PostgresRelayStore.with(settings) { store in
                trace("opened \(name)")
                defer { trace("body ended \(name)") }
                return try await body(store)
            }
            trace("closed \(name)")
            return value
        }
    }

    static let slots = Slots(count: 8)

    static func trace(_ text: String) {
        if ProcessInfo.processInfo.environment["LUCKA_TEST_TRACE"] != nil { print("TestEngine: \(text)") }
    }

    /// A new schema on `admin`'s database for `body`, dropped afterwards. (A database per
    /// test would be cleaner, but creating and dropping one forces a checkpoint each time.)
    static func withFreshDatabase<T: Sendable>(
        _ admin: PostgresSettings, _ body: @escaping @Sendable (PostgresSettings) async throws -> T
    ) async throws -> T {
        let name = "lucka_test_" + Random.bytes(8).hex
        try await administer(admin, "CREATE SCHEMA \(name)")
        var settings = admin
        settings.schema = name
        do {
            let value = try await body(settings)
            try? await administer(admin, "DROP SCHEMA \(name) CASCADE")
            trace("dropped \(name)")
            return value
        } catch {
            try? await administer(admin, "DROP SCHEMA \(name) CASCADE")
            throw error
        }
    }

    static func administer(_ admin: PostgresSettings, _ sql: String) async throws {
        try await PostgresRelayStore.administer(admin, sql)
    }
}

extension Harness {
    /// Runs one SQL statement of the test's own (literal values only) on either engine, in
    /// its own transaction; returns the first column of the first row, if it is a number.
    @discardableResult
    func sql(_ text: String) async throws -> Int? {
        if let postgres = store as? PostgresRelayStore {
            return try await postgres.write { db in
                guard let row = try await db.selectOne("\(raw: text)"), row.count > 0 else { return nil }
                return try? row[0].decode(Int.self)
            }
        }
        return try await sqlite.write { db in try Int.fetchOne(db, sql: text) }
    }
}

/// A counting semaphore for the tests' PostgreSQL stores.
actor Slots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
