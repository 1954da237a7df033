import Foundation
import GRDB
import LuckaCore

#if canImport(Glibc)
import Glibc
#endif

extension SQLiteRelayStore {
    /// SQLite's online backup API: a consistent snapshot while the relay keeps serving.
    public func backup(to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.conflict, "\(path) exists already: choose a new file name")
        }
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError(.unavailable, "cannot create \(path)") }
        close(fd)
        do {
            let target = try DatabaseQueue(path: path)
            try database.backup(to: target)
            try await target.writeWithoutTransaction { db in
                // A backup is a standalone file: no WAL beside it.
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try target.close()
        } catch let error as DatabaseError {
            unlink(path)
            throw Self.translate(error)
        }
    }

    public func check() async throws -> StoreHealth {
        try await read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let foreignKeys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            let applied = try Migrations.migrator.appliedIdentifiers(db).sorted()
            return StoreHealth(
                integrityOK: integrity == ["ok"] && foreignKeys.isEmpty,
                integrityMessages: integrity.filter { $0 != "ok" } + (foreignKeys.isEmpty ? [] : ["foreign key violations: \(foreignKeys.count)"]),
                appliedMigrations: applied, knownMigrations: Migrations.migrator.migrations.sorted(),
                clinics: try Int.fetchOne(db, sql: "SELECT count(*) FROM clinic") ?? 0,
                threads: try Int.fetchOne(db, sql: "SELECT count(*) FROM thread") ?? 0,
                messages: try Int.fetchOne(db, sql: "SELECT count(*) FROM message") ?? 0)
        }
    }
}
