import Logging
import LuckaRelay
import ServiceLifecycle

/// For a database too big to check while opening (see `SQLiteRelayStore.openCheckLimitBytes`):
/// `PRAGMA quick_check` right after start-up, on a read snapshot while the relay serves.
/// Damage shuts the relay down (in-flight requests finish) and `serve` exits 65.
struct DeferredIntegrityCheck: Service {
    let store: SQLiteRelayStore
    let logger: Logger

    struct Damaged: Error, CustomStringConvertible {
        var description: String { "the database is damaged" }
    }

    func run() async throws {
        let intact: Bool
        do {
            intact = try await cancelWhenGracefulShutdown { try await store.quickCheck() }
        } catch let error as StoreError where error.code == .corrupt {
            intact = false
        } catch {
            return  // Shutting down first, or the check could not run: the next start checks again.
        }
        if intact { return }
        logger.critical("the database is damaged: stopping. Restore the latest backup: see deploy/OPERATING.md, \"Restore\".")
        throw Damaged()
    }
}

/// What serve and check print for a damaged database: where the fix is.
func damagedDatabaseMessage(_ configuration: RelayConfiguration) -> String {
    "the database in \(configuration.dataDirectory) is damaged. Restore the latest backup: see deploy/OPERATING.md, \"Restore\"."
}
