import ArgumentParser
import Foundation
import LuckaRelay

extension LuckaRelayCommand {
    struct MigrateTo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate-to",
            abstract: "Copy this relay's SQLite database (--data-dir) into an empty PostgreSQL database, and check the copy.",
            discussion: """
                Stop the relay first: migrate-to refuses while a relay serves from the data folder or from the \
                target database, and no relay starts while it copies. Every table is copied in one transaction; then the row counts and a digest \
                of every ciphertext are compared. The data folder is only read: keep it until the relay runs well \
                on PostgreSQL, then delete it (deploy/OPERATING.md, "PostgreSQL"). The password comes from \
                --database-password-file or LUCKA_DATABASE_PASSWORD.
                """)
        @OptionGroup var data: DataOptions
        @Argument(help: "The PostgreSQL database: postgres://USER@HOST:PORT/DATABASE?sslmode=verify-full&sslrootcert=CA-FILE")
        var url: String

        func run() async throws {
            var options = data
            options.database = url
            let configuration = try options.resolve()
            guard let settings = configuration.database else { throw fail("\(url) is not a postgres:// URL") }
            let path = configuration.dataDirectory + "/" + SQLiteRelayStore.fileName
            guard FileManager.default.fileExists(atPath: path) else { throw fail("no Lucka database in \(configuration.dataDirectory)") }
            // Not while a relay serves from the folder (it holds the lock shared), and no relay starts meanwhile.
            try refuseSharedDataFolder(configuration.dataDirectory)
            let lock: DataFolderLock?
            do { lock = try DataFolderLock.acquire(directory: configuration.dataDirectory, exclusive: true) } catch let error as StoreError { throw fail(error.reason) }
            guard let lock else {
                throw fail("a relay is serving from \(configuration.dataDirectory): stop it first (e.g. systemctl stop lucka-relay), then run migrate-to again. Nothing was copied.")
            }
            defer { withExtendedLifetime(lock) {} }
            let source = try openStore(configuration)
            let report: StoreCopy.Report
            do {
                report = try await PostgresRelayStore.with(settings) { target in
                    // Nor while a relay serves from the target database.
                    guard let report = try await target.exclusively(.copy, { try await StoreCopy.copy(from: source, to: target) }) else {
                        throw PostgresRelayStore.CopyInProgress()
                    }
                    return report
                }
            } catch is PostgresRelayStore.CopyInProgress {
                throw fail("a relay is serving from \(settings.displayName): stop every relay on it first, then run migrate-to again. Nothing was copied.")
            } catch let error as StoreError {
                throw fail("\(settings.displayName): \(error.reason). Nothing in \(configuration.dataDirectory) was changed.")
            }
            print("lucka-relay: copied \(configuration.dataDirectory) into \(settings.displayName)")
            for (table, rows) in report.counts { print("  \(table.padding(toLength: 20, withPad: " ", startingAt: 0)) \(rows) rows, counts match") }
            print("  ciphertext digest \(report.digest.prefix(16))…, the same on both sides")
            print("Start the relays with database = \(settings.displayName) (and the same sslmode), then check with `lucka-relay check`.")
        }
    }
}
