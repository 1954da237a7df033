import Foundation
import LuckaCore
import Testing

@testable import LuckaRelay

/// Threads and messages: creation, reading, the append state machine, deletion and expiry.
@Suite("Store contract: threads")
struct ThreadContractTests {
    typealias C = StoreContract

    @Test("A thread is created with its first message and read back by lookup hash and by handle")
    func createAndRead() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let new = C.thread(clinic, channel: .relative)
            let row = try await C.create(relay.store, new)
            #expect(row.handle == new.handle && row.clinic == clinic.slug && row.channel == .relative)
            #expect(row.status == .new && row.messageCount == 1 && row.unread == 1 && row.writerKey == new.writerKey)
            #expect(row.created == C.today && row.lastActivity == C.today && row.expires == new.expires)
            #expect(row.waitingSince == C.today && row.handler == nil)
            #expect(try await relay.store.thread(handle: new.handle, clinic: clinic.slug) == row)
            #expect(try await relay.store.thread(handle: new.handle, clinic: "another") == nil)
            #expect(try await relay.store.thread(lookupHash: Random.bytes(32)) == nil)
            let messages = try await relay.store.messages(thread: row.id)
            #expect(messages == [MessageRecord(seq: 1, author: .writer, epoch: clinic.epoch, date: C.today.description, ciphertext: new.ciphertext)])
            let both = try #require(try await relay.store.threadWithMessages(lookupHash: new.lookupHash))
            #expect(both.0 == row && both.1 == messages)
            #expect(try await relay.store.threadWithMessages(lookupHash: Random.bytes(32)) == nil)
        }
    }

    @Test("A second thread with the same lookup hash is a conflict, and the first stays as it was")
    func duplicateLookupHash() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let first = C.thread(clinic)
            let row = try await C.create(relay.store, first)
            var second = C.thread(clinic)
            second.lookupHash = first.lookupHash
            #expect(await C.storeError { try await relay.store.createThread(second) } == .conflict)
            #expect(try await relay.store.thread(lookupHash: first.lookupHash) == row)
            #expect(try await relay.store.messages(thread: row.id).count == 1)
        }
    }

    @Test("Append: a reply answers the thread and ends the waiting; a writer's message reopens it; seq counts up")
    func appendStateMachine() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let row = try await C.create(store, C.thread(clinic))
            let reply = try await C.append(store, C.message(row, .clinic, epoch: clinic.epoch))
            #expect(reply?.seq == 2 && reply?.author == .clinic)
            let answered = try await C.lookup(store, row)
            #expect(answered.status == .answered && answered.unread == 0 && answered.waitingSince == nil && answered.messageCount == 2)
            #expect(answered.expires == C.today.adding(days: 90))
            let again = try await C.append(store, C.message(row, .writer, epoch: clinic.epoch))
            #expect(again?.seq == 3)
            let reopened = try await C.lookup(store, row)
            #expect(reopened.status == .new && reopened.unread == 1 && reopened.waitingSince == C.today && reopened.messageCount == 3)
            // Once answered, a writer's message keeps the full expiry.
            #expect(reopened.expires == C.today.adding(days: 90))
            #expect(try await store.messages(thread: row.id).map(\.seq) == [1, 2, 3])
            #expect(try await store.messages(thread: row.id).map(\.author) == [.writer, .clinic, .writer])
        }
    }

    @Test("Append: an unanswered thread keeps the short expiry; the daily limit counts each author apart, and a new day starts again")
    func appendLimitsAndExpiry() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let row = try await C.create(store, C.thread(clinic))
            try await C.append(store, C.message(row, .writer, epoch: clinic.epoch), limit: 2)
            #expect(try await C.lookup(store, row).expires == C.today.adding(days: 14))
            // The writer has sent 2 today (the first message counts): the third is refused.
            guard case .dailyLimit = try await store.append(C.message(row, .writer, epoch: clinic.epoch), dailyLimit: 2) else {
                Issue.record("the writer's third message today was stored")
                return
            }
            // The clinic's count is its own.
            try await C.append(store, C.message(row, .clinic, epoch: clinic.epoch), limit: 2)
            // Tomorrow the writer may write again.
            let tomorrow = C.today.adding(days: 1)
            #expect(try await C.append(store, C.message(row, .writer, epoch: clinic.epoch, on: tomorrow), limit: 2)?.date == tomorrow.description)
            #expect(try await C.lookup(store, row).lastActivity == tomorrow)
        }
    }

    @Test("Append under an epoch that is not the clinic's current one is refused; to a thread that is gone, notFound")
    func appendRefusals() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let row = try await C.create(store, C.thread(clinic))
            guard case .staleEpoch = try await store.append(C.message(row, .writer, epoch: clinic.epoch + 1), dailyLimit: 100) else {
                Issue.record("a message under another epoch was stored")
                return
            }
            #expect(try await store.messages(thread: row.id).count == 1)
            try await store.deleteThread(row.id)
            #expect(await C.storeError { _ = try await store.append(C.message(row, .writer, epoch: clinic.epoch), dailyLimit: 100) } == .notFound)
            #expect(await C.storeError { try await store.setStatus(thread: row.id, status: .closed) } == .notFound)
            #expect(await C.storeError { try await store.deleteThread(row.id) } == .notFound)
            #expect(await C.storeError { try await store.setHandler(thread: row.id, staffID: nil) } == .notFound)
        }
    }

    @Test("setStatus changes only the status")
    func setStatus() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let row = try await C.create(relay.store, C.thread(clinic))
            try await relay.store.setStatus(thread: row.id, status: .closed)
            var expected = row
            expected.status = .closed
            #expect(try await C.lookup(relay.store, row) == expected)
        }
    }

    @Test("Deleting a thread takes its messages, notes, seen marks and audit rows, and counts once for its cause")
    func deletionCascade() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let row = try await C.create(store, C.thread(clinic))
            let kept = try await C.create(store, C.thread(clinic))
            for thread in [row, kept] {
                #expect(try await store.addNote(thread: thread.id, epoch: clinic.epoch, sealed: Random.bytes(64), expected: nil, today: C.today, limit: 10) == .stored("1"))
                try await store.markSeen(thread: thread.id, staffID: clinic.admin.id, messageCount: 1)
                try await store.audit(staffID: clinic.admin.id, action: "read", threadHandle: thread.handle, today: C.today)
            }
            try await store.deleteThread(row.id, cause: .writer, today: C.today)
            #expect(try await store.thread(handle: row.handle, clinic: clinic.slug) == nil)
            #expect(try await store.messages(thread: row.id).isEmpty)
            #expect(try await store.notes(thread: row.id).isEmpty)
            let audit = try await store.auditLog(clinic: clinic.slug, limit: 100)
            #expect(!audit.contains { $0.thread == row.handle })
            #expect(audit.contains { $0.thread == kept.handle })
            #expect(try await store.notes(thread: kept.id).count == 1)
            let month = String(C.today.description.prefix(7))
            let statistics = try await store.statistics(clinic: clinic.slug, from: month, to: month)
            let deleted = statistics.flatMap(\.rows).map(\.deletedByWriter).reduce(0, +)
            #expect(deleted == 1)
        }
    }

    @Test("Junk deletion takes a thread the clinic never wrote in, leaves one it answered, and says gone for one not there")
    func deleteUnanswered() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let junk = try await C.create(store, C.thread(clinic))
            let answered = try await C.create(store, C.thread(clinic))
            try await C.append(store, C.message(answered, .clinic, epoch: clinic.epoch))
            #expect(try await store.deleteUnanswered(junk.id, today: C.today) == .deleted)
            #expect(try await store.deleteUnanswered(junk.id, today: C.today) == .gone)
            #expect(try await store.deleteUnanswered(answered.id, today: C.today) == .answered)
            #expect(try await store.messages(thread: answered.id).count == 2)
        }
    }

    @Test("The sweep deletes threads whose expiry day has passed, and audit rows past the retention; counts by status")
    func sweepAndCounts() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let expired = try await C.create(store, C.thread(clinic, expires: C.today.adding(days: -1)))
            let lastDay = try await C.create(store, C.thread(clinic, expires: C.today))
            let answered = try await C.create(store, C.thread(clinic))
            try await C.append(store, C.message(answered, .clinic, epoch: clinic.epoch))
            try await store.audit(staffID: clinic.admin.id, action: "old", threadHandle: nil, today: C.today.adding(days: -400))
            try await store.audit(staffID: clinic.admin.id, action: "new", threadHandle: nil, today: C.today)
            #expect(try await store.sweep(today: C.today, auditBefore: C.today.adding(days: -365)) == 1)
            #expect(try await store.messages(thread: expired.id).isEmpty)
            #expect(try await store.messages(thread: lastDay.id).count == 1)
            let actions = try await store.auditLog(clinic: clinic.slug, limit: 100).map(\.action)
            #expect(actions.contains("new") && !actions.contains("old"))
            let counts = try await store.threadCounts().filter { $0.clinic == clinic.slug }
            #expect(counts == [ThreadCount(clinic: clinic.slug, status: .answered, count: 1), ThreadCount(clinic: clinic.slug, status: .new, count: 1)])
            #expect(try await store.sweep(today: C.today, auditBefore: C.today.adding(days: -365)) == 0)
        }
    }
}

extension StoreContract {
    /// The thread's row as stored now, found by handle.
    static func lookup(_ store: any RelayStore, _ row: ThreadRow) async throws -> ThreadRow {
        try #require(try await store.thread(handle: row.handle, clinic: row.clinic))
    }
}
