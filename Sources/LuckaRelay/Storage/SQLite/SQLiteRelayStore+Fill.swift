import Foundation
import GRDB
import LuckaCore

/// A thread with all its messages, written in one step by `fill`: benchmark data only.
public struct FillThread: Sendable {
    public var lookupHash: [UInt8]
    public var channel: Channel
    public var writerKey: [UInt8]
    public var expires: Day
    public var closed: Bool
    /// Oldest first, dates never decreasing; the first is the writer's.
    public var messages: [FillMessage]

    public init(lookupHash: [UInt8], channel: Channel, writerKey: [UInt8], expires: Day, closed: Bool, messages: [FillMessage]) {
        self.lookupHash = lookupHash
        self.channel = channel
        self.writerKey = writerKey
        self.expires = expires
        self.closed = closed
        self.messages = messages
    }
}

public struct FillMessage: Sendable {
    public var author: Author
    public var date: Day
    public var ciphertext: [UInt8]

    public init(author: Author, date: Day, ciphertext: [UInt8]) {
        self.author = author
        self.date = date
        self.ciphertext = ciphertext
    }
}

extension SQLiteRelayStore {
    /// Writes `threads` of `clinic` in one big transaction with prepared statements, with
    /// every column the relay keeps (status, unread, the per-day counters) as if the
    /// messages had been posted one by one. For filling benchmark data folders only: the
    /// transaction runs at `synchronous=OFF` (restored afterwards), so a crash may lose
    /// the batch. Call `finishFill` once at the end.
    public func fill(clinic: String, epoch: UInt32, threads: [FillThread]) async throws {
        do {
            try await database.writeWithoutTransaction { [checkpointer] db in
                let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 2
                let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
                // A large cache keeps the randomly written indexes (lookup hash, handle) in memory.
                try db.execute(sql: "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144")
                defer { try? db.execute(sql: "PRAGMA synchronous = \(synchronous); PRAGMA cache_size = \(cacheSize)") }
                // The writer copies each batch into the file itself, unsynced like the batch,
                // as SQLite's automatic checkpoint did; the background checkpointer would sync
                // every copy and fall behind these big transactions. If it is busy anyway, it
                // catches up later.
                let write = {
                    try db.inTransaction {
                        try Self.insert(threads, clinic: clinic, epoch: epoch, db: db)
                        return .commit
                    }
                    _ = try? db.checkpoint(.passive)
                }
                if let checkpointer { try checkpointer.paused(write) } else { try write() }
            }
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// Moves the filled pages from the WAL into the database file and truncates the WAL.
    public func finishFill() async throws {
        try await checkpoint()
    }

    /// 256 is a multiple of 32, so a byte's low five bits pick a symbol without bias.
    private static func handle(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map { ConversationCode.alphabet[Int($0 & 31)] }, as: UTF8.self).lowercased()
    }

    private static func insert(_ threads: [FillThread], clinic: String, epoch: UInt32, db: Database) throws {
        let insertThread = try db.makeStatement(sql: """
            INSERT INTO thread (id, lookup_hash, handle, clinic, channel, status, writer_key, created, last_activity, expires,
                message_count, unread, count_day, writer_today, clinic_today)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertMessage = try db.makeStatement(sql: "INSERT INTO message (id, thread, seq, author, epoch, ciphertext, date) VALUES (?, ?, ?, ?, ?, ?, ?)")
        // Handles as the relay makes them (12 symbols), from one call to the random source.
        let handleBytes = Random.bytes(12 * threads.count)
        for (number, thread) in threads.enumerated() {
            guard let first = thread.messages.first, let last = thread.messages.last, first.author == .writer else {
                throw StoreError(.conflict, "a filled thread needs a first message by the writer")
            }
            // What append leaves behind: unread counts writer messages since the last reply,
            // the day counters count each side's messages on the last day.
            let lastReply = thread.messages.lastIndex { $0.author == .clinic } ?? -1
            let unread = thread.messages.count - lastReply - 1
            let onLastDay = thread.messages.filter { $0.date == last.date }
            let status = thread.closed ? "closed" : (last.author == .writer ? "new" : "answered")
            let id = try freeID(in: .thread, db)
            try insertThread.execute(arguments: [
                id, Data(thread.lookupHash), handle(handleBytes[(12 * number)..<(12 * number + 12)]), clinic, thread.channel.rawValue, status, Data(thread.writerKey),
                first.date.description, last.date.description, thread.expires.description, thread.messages.count, unread,
                last.date.description, onLastDay.count { $0.author == .writer }, onLastDay.count { $0.author == .clinic },
            ])
            for (index, message) in thread.messages.enumerated() {
                try insertMessage.execute(arguments: [
                    try freeID(in: .message, db), id, index + 1, message.author.name, Int64(epoch), Data(message.ciphertext), message.date.description,
                ])
            }
        }
    }
}
