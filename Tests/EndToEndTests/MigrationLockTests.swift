import Foundation
import Spawn
import LuckaCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 20, item 4: `migrate-to` and `serve` exclude each other, on the data folder (a
/// `flock` on data/relay.lock) and on the target PostgreSQL database (an advisory lock).
@Suite("migrate-to and serve exclude each other", .serialized)
struct MigrationLockTests {
    /// A database nobody listens on: the lock is checked before it is reached.
    static let nowhere = ["migrate-to", "postgres://lucka@127.0.0.1:9/lucka?sslmode=disable"]

    @Test("migrate-to refuses while a relay serves from the data folder; once it stops, the lock is free")
    func migrateRefusedWhileServing() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let environment = ["LUCKA_DATABASE_PASSWORD": "x"]
        let refused = try run("lucka-relay", Self.nowhere + ["--data-dir", relay.dataDirectory], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.error.contains("a relay is serving from \(relay.dataDirectory): stop it first"), "\(refused.error)")
        #expect(refused.error.split(separator: "\n").count == 1, "one line: \(refused.error)")
        relay.stop()
        // Stopped, the relay holds the lock no more: an exclusive one (as migrate-to takes) is free.
        #expect(try PostgresTest.runLogged("/usr/bin/flock", ["-x", "-n", relay.dataDirectory + "/relay.lock", "true"]).status == 0)
    }

    @Test("serve refuses while a migration holds the data folder's lock")
    func serveRefusedWhileMigrating() throws {
        let workspace = RelayProcess.workspace()
        let data = workspace + "/data"
        // A relay ran once, so the folder and its database exist; then a migration holds the lock.
        let first = try RelayProcess(workspace: workspace)
        first.stop()
        let holder = ChildProcess()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // One process that holds the lock as migrate-to does (flock, exclusive), killed at the end.
        holder.arguments = [
            "python3", "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); time.sleep(60)", data + "/relay.lock",
        ]
        try holder.run()
        defer {
            kill(holder.processIdentifier, SIGKILL)
            holder.waitUntilExit()
        }
        // Until flock holds it (a second flock -n fails), then serve.
        let end = Date().addingTimeInterval(10)
        while Date() < end, try PostgresTest.runLogged("/usr/bin/flock", ["-n", data + "/relay.lock", "true"]).status == 0 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let serve = try run("lucka-relay", ["serve", "--data-dir", data, "--port", "0"])
        #expect(serve.status == 1)
        #expect(serve.error.contains("refusing to start: `lucka-relay migrate-to` is copying \(data) now"), "\(serve.error)")
    }

    @Test("On PostgreSQL: migrate-to refuses while a relay serves from the target; serve refuses while a migration holds it",
        .enabled(if: PostgresTest.enabled))
    func postgresLock() async throws {
        let schema = try PostgresSchema.make()
        defer { schema.drop() }
        // A SQLite data folder to copy from.
        let source = RelayProcess.workspace()
        let sqlite = try RelayProcess(workspace: source)
        sqlite.stop()

        let relay = try schema.relay()
        let refused = try run("lucka-relay", ["migrate-to", schema.url, "--data-dir", sqlite.dataDirectory], environment: ["LUCKA_DATABASE_PASSWORD": schema.password])
        #expect(refused.status == 1)
        #expect(refused.error.contains("a relay is serving from") && refused.error.contains("stop every relay on it first"), "\(refused.error)")
        relay.stop()

        // A migration's lock held in a psql session: a relay does not start.
        let key = 0x4C4B_4300
        let holder = try Background(
            "/usr/bin/psql", ["-X", "-q", "-d", schema.adminURL,
                "-c", "SET search_path TO \(schema.name); SELECT pg_advisory_lock(\(key), hashtext(current_schema())); SELECT pg_sleep(60)"],
            environment: ["PGPASSWORD": schema.password])
        defer {
            kill(holder.process.processIdentifier, SIGKILL)
            holder.process.waitUntilExit()
        }
        let end = Date().addingTimeInterval(10)
        while Date() < end {
            let held = try schema.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = \(key) AND granted")
            if held == "1" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let serve = try run("lucka-relay", ["serve", "--data-dir", source + "/other", "--port", "0"], environment: schema.environment)
        #expect(serve.status == 1)
        #expect(serve.error.contains("refusing to start: `lucka-relay migrate-to` is copying"), "\(serve.error)")
    }
}
