import Logging
import ServiceLifecycle

/// For a database too big to check while opening (see `SQLiteRelayStore.openCheckLimitBytes`):
/// `PRAGMA quick_check` right after start-up, on a read snapshot while the relay serves.
/// Damage shuts the relay down (in-flight requests finish) with `StorageEngine.Refusal.damaged`,
/// and `serve` exits 65.
struct DeferredIntegrityCheck: Service {
    let store: SQLiteRelayStore
    let logger: Logger

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
        throw StorageEngine.Refusal.damaged
    }
}
