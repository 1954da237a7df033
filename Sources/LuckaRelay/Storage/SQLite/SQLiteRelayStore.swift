import Foundation
import GRDB
import LuckaCore

#if canImport(Glibc)
import Glibc
#endif

/// The embedded store: one SQLite database in WAL mode, `synchronous=FULL` (every
/// acknowledged write is on disk), `secure_delete=ON` (deleted bytes are overwritten), in
/// a data folder that only the relay's user can read.
public struct SQLiteRelayStore: RelayStore {
    public static let fileName = "lucka.sqlite"

    let database: any DatabaseWriter
    let committer: GroupCommit
    let owedCheckpoint = OwedCheckpoint()
    /// Checkpoints the WAL off the commit path (nil in memory, where there is no WAL).
    let checkpointer: WALCheckpointer?
    /// Whether the file was too big for `PRAGMA quick_check` at open: the caller should run
    /// `quickCheck()` soon after start-up (serve does, in the background).
    public let needsDeferredCheck: Bool

    /// Files up to this size get `PRAGMA quick_check` while opening (about 0.1 s at the
    /// limit, file cached); bigger ones only the constant-time checks, to keep start-up fast.
    public static let openCheckLimitBytes: Int64 = 64 << 20

    /// Opens (creating if needed) the database in `directory`, migrating it to the current
    /// schema. The folder is created 0700 and the files 0600. A damaged file throws
    /// `StoreError.corrupt`: its header and length are always checked, its pages when it is
    /// smaller than `openCheckLimitBytes`.
    public init(directory: String) throws {
        try self.init(directory: directory, checkpoints: WALCheckpointer.Limits())
    }

    /// `checkpoints`: when the WAL is checkpointed (tests use small limits).
    init(directory: String, checkpoints: WALCheckpointer.Limits) throws {
        try Self.prepareFolder(directory)
        let path = directory + "/" + Self.fileName
        // Create the file ourselves so it is 0600; SQLite gives the WAL and shm files
        // the same permissions as the database file.
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError(.unavailable, "cannot open the database file in \(directory)") }
        close(fd)
        try DatabaseFileCheck.verify(path: path)
        let checkNow = (DatabaseFileCheck.fileSize(path) ?? 0) < Self.openCheckLimitBytes
        do {
            let checkpointer = WALCheckpointer(path: path, limits: checkpoints)
            let pool = try DatabasePool(path: path, configuration: Self.configuration(checkpointer: checkpointer))
            checkpointer.attach(pool)
            try Self.migrateAndVerify(pool, quickCheck: checkNow)
            database = pool
            self.checkpointer = checkpointer
            committer = GroupCommit(database: pool)
            needsDeferredCheck = !checkNow
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// A private in-memory database, for tests.
    public static func inMemory() throws -> SQLiteRelayStore {
        let queue = try DatabaseQueue(configuration: configuration())
        try migrateAndVerify(queue, quickCheck: true)
        return SQLiteRelayStore(database: queue)
    }

    private init(database: any DatabaseWriter) {
        self.database = database
        committer = GroupCommit(database: database)
        checkpointer = nil
        needsDeferredCheck = false
    }

    /// The pool's configuration keeps `checkpointer` alive as long as its writer, whose
    /// commits it watches.
    static func configuration(checkpointer: WALCheckpointer? = nil) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            if !db.configuration.readonly { try checkpointer?.watch(db) }
        }
        return configuration
    }

    /// Reading the schema and the applied migrations already fails on a damaged header or
    /// schema page; `quick_check` then walks every page (without matching indexes to tables).
    private static func migrateAndVerify(_ writer: any DatabaseWriter, quickCheck: Bool) throws {
        try Migrations.migrator.migrate(writer)
        guard quickCheck else { return }
        guard try writer.read(Self.quickCheck) else { throw StoreError(.corrupt, "the database file is damaged") }
    }

    /// `PRAGMA quick_check` on a read snapshot, while writes go on: false if any page is damaged.
    public func quickCheck() async throws -> Bool {
        try await read(Self.quickCheck)
    }

    private static func quickCheck(_ db: Database) throws -> Bool {
        try String.fetchOne(db, sql: "PRAGMA quick_check") == "ok"
    }

    /// The data folder must exist as 0700; an existing folder that others can read is
    /// refused rather than silently changed.
    static func prepareFolder(_ directory: String) throws {
        var info = stat()
        if stat(directory, &info) != 0 {
            guard mkdir(directory, 0o700) == 0 else {
                throw StoreError(.unavailable, "cannot create the data folder \(directory)")
            }
            return
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw StoreError(.unavailable, "\(directory) is not a folder")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw StoreError(.conflict, "the data folder \(directory) can be read by other users: run `chmod 700 \(directory)`")
        }
    }

    // MARK: Running statements

    /// A write that shares its transaction (and fsync) with whatever else is being written
    /// at the same moment; see GroupCommit.
    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await committer.write(body) } catch let error as DatabaseError { throw Self.translate(error) }
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await database.read(body) } catch let error as DatabaseError { throw Self.translate(error) }
    }

    static func translate(_ error: DatabaseError) -> StoreError {
        switch error.resultCode {
        case .SQLITE_FULL: return StoreError(.full, "the disk is full")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return StoreError(.corrupt, "the database file is damaged")
        case .SQLITE_CONSTRAINT: return StoreError(.conflict, "the change conflicts with what is stored")
        default: return StoreError(.unavailable, "the database is unavailable (\(error.resultCode))")
        }
    }
}
