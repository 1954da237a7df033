import Foundation
import LuckaCore
import Testing

@testable import LuckaRelay

/// The store contract: what every `RelayStore` does, called directly (no routes), so that
/// both engines are held to the same rules. `scripts/test` runs LuckaRelayTests once on
/// SQLite and once on PostgreSQL (TestEngine), so each test here runs on both.
///
/// A clinic is founded through the relay (its keys and first epoch are real); everything
/// after that goes straight to the store.
enum StoreContract {
    static let today = Day.today()

    static func thread(_ clinic: ClinicFixture, channel: Channel = .self, on day: Day = today, expires: Day? = nil) -> NewThread {
        NewThread(
            lookupHash: Random.bytes(32), handle: Random.bytes(6).hex, clinic: clinic.slug, channel: channel, writerKey: Random.bytes(32),
            epoch: clinic.epoch, ciphertext: Random.bytes(MessageBox.sealedLengths[0]), today: day,
            expires: expires ?? day.adding(days: 14))
    }

    static func message(_ row: ThreadRow, _ author: Author, epoch: UInt32, on day: Day = today) -> NewMessage {
        NewMessage(
            thread: row.id, author: author, epoch: epoch, ciphertext: Random.bytes(MessageBox.sealedLengths[0]), today: day,
            expires: day.adding(days: 90), expiresIfUnanswered: author == .writer ? day.adding(days: 14) : nil)
    }

    /// Creates `new` and returns its row.
    static func create(_ store: any RelayStore, _ new: NewThread) async throws -> ThreadRow {
        try await store.createThread(new)
        return try #require(try await store.thread(lookupHash: new.lookupHash))
    }

    /// The stored message, or a recorded issue.
    @discardableResult
    static func append(_ store: any RelayStore, _ message: NewMessage, limit: Int = 100) async throws -> MessageRecord? {
        guard case .stored(let record) = try await store.append(message, dailyLimit: limit) else {
            Issue.record("append was refused")
            return nil
        }
        return record
    }

    /// The code of the StoreError `body` throws, or nil if it throws none (or another error).
    static func storeError(_ body: () async throws -> Void) async -> StoreError.Code? {
        do {
            try await body()
            return nil
        } catch let error as StoreError {
            return error.code
        } catch {
            return nil
        }
    }
}
