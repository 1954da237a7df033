import PostgresNIO
import ServiceLifecycle

/// The PostgreSQL side of the lock between `migrate-to` and `serve` (DataFolderLock is
/// the data folder's): a session advisory lock that serving relays hold shared and a
/// migration holds exclusively, on one connection each.
extension PostgresRelayStore {
    /// Refused: a migration copies into this database now.
    public struct CopyInProgress: Error {
        public init() {}
    }

    /// Whether a relay may serve now: no migration holds the copy lock.
    public func copyLockFree() async throws -> Bool {
        let key = BackgroundJob.copy.lockKey
        return try await abandonable { try await self.client.withConnection { connection -> Bool in
            do {
                guard try await connection.value("SELECT pg_try_advisory_lock_shared(\(key)::int4, hashtext(current_schema()))", as: Bool.self) == true
                else { return false }
                _ = try? await connection.execute("SELECT pg_advisory_unlock_shared(\(key)::int4, hashtext(current_schema()))")
                return true
            } catch {
                throw Self.translate(error)
            }
        } }
    }

    /// Holds the copy lock shared for as long as the relay serves; throws
    /// `StorageEngine.Refusal.copying` if a migration holds it. Runs in the serving relay's
    /// service group.
    struct ServingLock: Service {
        let store: PostgresRelayStore

        public func run() async throws {
            let key = BackgroundJob.copy.lockKey
            try await store.client.withConnection { connection in
                guard try await connection.value("SELECT pg_try_advisory_lock_shared(\(key)::int4, hashtext(current_schema()))", as: Bool.self) == true
                else { throw StorageEngine.Refusal.copying(place: store.settings.displayName) }
                try? await gracefulShutdown()
                _ = try? await connection.execute("SELECT pg_advisory_unlock_shared(\(key)::int4, hashtext(current_schema()))")
            }
        }
    }
}
