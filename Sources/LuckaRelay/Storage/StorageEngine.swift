import Foundation
import Logging
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// The storage engine the configuration names, opened in one place: PostgreSQL when
/// `database` is set, else SQLite in the data folder. The executables never choose one.
public enum StorageEngine {
    /// Why the store cannot be used, for the operator's one-line message.
    public enum Refusal: Error, Sendable, Equatable {
        /// `lucka-relay migrate-to` holds this data folder or database now.
        case copying(place: String)
        /// The SQLite database is damaged: only a backup helps (`serve` exits 65).
        case damaged
        /// Anything else, said in a sentence.
        case failed(String)
    }

    /// Runs `body` with the store, migrated, for a short job such as an operator's command;
    /// PostgreSQL's pool runs meanwhile.
    public static func with<T: Sendable>(
        _ configuration: RelayConfiguration, _ body: @escaping @Sendable (any RelayStore) async throws -> T
    ) async throws -> T {
        guard let settings = configuration.database else { return try await body(try openFolder(configuration)) }
        do {
            return try await PostgresRelayStore.with(settings) { try await body($0) }
        } catch let error as StoreError {
            throw Refusal.failed("\(settings.displayName): \(error.reason)")
        }
    }

    /// Opens the store for serving. `prepare` runs once on it first (PostgreSQL: on a short
    /// pool, after the migration; the serving pool then starts among `OpenedStorage.first`).
    public static func open(
        _ configuration: RelayConfiguration, logger: Logger, prepare: @escaping @Sendable (any RelayStore) async throws -> Void = { _ in }
    ) async throws -> OpenedStorage {
        guard let settings = configuration.database else { return try await openFolderForServing(configuration, logger: logger, prepare: prepare) }
        do {
            try await PostgresRelayStore.with(settings) { store in
                // Not while `migrate-to` copies into this database (ServingLock holds it from here on).
                guard try await store.copyLockFree() else { throw Refusal.copying(place: settings.displayName) }
                try await prepare(store)
            }
        } catch let error as StoreError {
            throw Refusal.failed("\(settings.displayName): \(error.reason)")
        }
        let pool = try PostgresRelayStore(settings: settings, maximumConnections: configuration.databaseConnections)
        return OpenedStorage(
            store: pool, place: settings.displayName, folderLock: nil,
            first: [.init(service: pool), .init(service: PostgresRelayStore.ServingLock(store: pool))], last: [])
    }

    /// The data folder's SQLite store, migrated: for the commands that work on the file
    /// itself (backup, restore, check, migrate-to) and for serving.
    public static func openFolder(_ configuration: RelayConfiguration) throws -> SQLiteRelayStore {
        try refuseSharedFolder(configuration.dataDirectory)
        do {
            return try SQLiteRelayStore(directory: configuration.dataDirectory)
        } catch let error as StoreError where error.code == .corrupt {
            throw Refusal.damaged
        } catch let error as StoreError {
            throw Refusal.failed(error.reason)
        }
    }

    /// The data folder must be the relay's alone: one that other users can open is refused,
    /// with the command that fixes it (the store refuses too; this message is the operator's).
    public static func refuseSharedFolder(_ directory: String) throws {
        var info = stat()
        guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw Refusal.failed(
                "other users can open the data folder \(directory) (mode \(String(mode, radix: 8))), so the relay will not use it. "
                    + "Make it private with `chmod 700 \(directory)` (and `chmod 600 \(directory)/*`), then try again.")
        }
    }

    /// SQLite: the folder's lock held shared while serving (a migration takes it exclusively),
    /// and a deferred integrity check for a database too big to check while opening.
    private static func openFolderForServing(
        _ configuration: RelayConfiguration, logger: Logger, prepare: @Sendable (any RelayStore) async throws -> Void
    ) async throws -> OpenedStorage {
        let folder = configuration.dataDirectory
        try refuseSharedFolder(folder)
        // Before opening when the folder exists, so a migration under way is not disturbed.
        var lock = FileManager.default.fileExists(atPath: folder) ? try folderLock(folder) : nil
        let store = try openFolder(configuration)
        if lock == nil { lock = try folderLock(folder) }
        try await prepare(store)
        let check: [ServiceGroupConfiguration.ServiceConfiguration] =
            store.needsDeferredCheck
            ? [.init(service: DeferredIntegrityCheck(store: store, logger: logger), successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup)]
            : []
        return OpenedStorage(store: store, place: folder, folderLock: lock, first: [], last: check, close: { await store.checkpointAtShutdown() })
    }

    private static func folderLock(_ folder: String) throws -> DataFolderLock {
        do {
            guard let lock = try DataFolderLock.acquire(directory: folder, exclusive: false) else { throw Refusal.copying(place: folder) }
            return lock
        } catch let error as StoreError {
            throw Refusal.failed(error.reason)
        }
    }
}

/// A store opened for serving, with what must run around it.
public struct OpenedStorage: Sendable {
    public let store: any RelayStore
    /// The database's name or the data folder, for the operator.
    public let place: String
    /// Held while the relay serves; released with this value.
    let folderLock: DataFolderLock?
    /// To start before the application, so they stop after it: PostgreSQL's pool and its serving lock.
    public let first: [ServiceGroupConfiguration.ServiceConfiguration]
    /// To run beside the application: SQLite's deferred integrity check, which stops the relay on damage.
    public let last: [ServiceGroupConfiguration.ServiceConfiguration]
    /// Once the services have stopped: SQLite's last checkpoint.
    public var close: @Sendable () async -> Void = {}
}
