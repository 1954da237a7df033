import Foundation
import LuckaCore
import Testing

@testable import LuckaRelay

/// The counsellors' desk in the store: the queue's order and paging, handlers, unread
/// counts, sealed notes and templates.
@Suite("Store contract: desk")
struct DeskContractTests {
    typealias C = StoreContract

    @Test("The queue: waiting threads first, oldest waiting day first, ties by handle; then the rest, latest activity first; pages join without gaps or repeats")
    func queueOrderAndPaging() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            var rows: [ThreadRow] = []
            for offset in 0..<13 {
                let day = C.today.adding(days: -(offset % 5))
                let row = try await C.create(store, C.thread(clinic, on: day))
                // Every third is answered (not waiting), on its day.
                if offset % 3 == 0 { try await C.append(store, C.message(row, .clinic, epoch: clinic.epoch, on: day)) }
                rows.append(try await C.lookup(store, row))
            }
            let waiting = rows.filter(\.isWaiting).sorted { ($0.waitingSince!, $0.handle) < ($1.waitingSince!, $1.handle) }
            let rest = rows.filter { !$0.isWaiting }.sorted { ($0.lastActivity, $0.handle) > ($1.lastActivity, $1.handle) }
            let expected = (waiting + rest).map(\.handle)

            let all = try await store.inbox(InboxQuery(clinic: clinic.slug, limit: 100)).map(\.thread.handle)
            #expect(all == expected)
            var paged: [String] = []
            var after: InboxCursor?
            while true {
                let page = try await store.inbox(InboxQuery(clinic: clinic.slug, after: after, limit: 4))
                paged += page.map(\.thread.handle)
                guard page.count == 4, let last = page.last else { break }
                after = InboxCursor(after: last.thread)
            }
            #expect(paged == expected)
            // Each row carries its latest message.
            let first = try #require(try await store.inbox(InboxQuery(clinic: clinic.slug, limit: 1)).first)
            #expect(first.latest?.seq == first.thread.messageCount)
            // Filters: status, channel, another clinic.
            #expect(try await store.inbox(InboxQuery(clinic: clinic.slug, status: .answered, limit: 100)).count == rest.count)
            #expect(try await store.inbox(InboxQuery(clinic: clinic.slug, channel: .professional, limit: 100)).isEmpty)
            #expect(try await store.inbox(InboxQuery(clinic: "another", limit: 100)).isEmpty)
        }
    }

    @Test("Handlers: set, filtered by, cleared; unread counts per member follow what each has opened")
    func handlersAndUnread() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let counsellor = try await relay.addActive("Rådgivare", in: clinic)
            let store = relay.store
            let mine = try await C.create(store, C.thread(clinic))
            let free = try await C.create(store, C.thread(clinic))
            try await store.setHandler(thread: mine.id, staffID: counsellor.id)
            #expect(try await C.lookup(store, mine).handler == counsellor.id)
            let handled = try await store.inbox(InboxQuery(clinic: clinic.slug, limit: 10, handler: .staff(counsellor.id)))
            #expect(handled.map(\.thread.handle) == [mine.handle])
            let nobody = try await store.inbox(InboxQuery(clinic: clinic.slug, limit: 10, handler: .nobody))
            #expect(nobody.map(\.thread.handle) == [free.handle])
            try await store.setHandler(thread: mine.id, staffID: nil)
            #expect(try await C.lookup(store, mine).handler == nil)

            #expect(try await store.inboxCount(clinic: clinic.slug, staffID: counsellor.id) == InboxCount(waiting: 2, unreadForMe: 2))
            try await store.markSeen(thread: mine.id, staffID: counsellor.id, messageCount: 1)
            #expect(try await store.inboxCount(clinic: clinic.slug, staffID: counsellor.id) == InboxCount(waiting: 2, unreadForMe: 1))
            #expect(try await store.inboxCount(clinic: clinic.slug, staffID: clinic.admin.id) == InboxCount(waiting: 2, unreadForMe: 2))
            try await C.append(store, C.message(mine, .writer, epoch: clinic.epoch))
            #expect(try await store.inboxCount(clinic: clinic.slug, staffID: counsellor.id).unreadForMe == 2)
            let row = try #require(try await store.inbox(InboxQuery(clinic: clinic.slug, limit: 10, staffID: counsellor.id)).first { $0.thread.id == mine.id })
            #expect(row.unreadForCaller == 1)
        }
    }

    @Test("Notes: numbered in the thread, placed after its messages, checked against the signed place, bounded, only under the current epoch")
    func notes() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let row = try await C.create(store, C.thread(clinic))
            let sealed = Random.bytes(80)
            #expect(try await store.addNote(thread: row.id, epoch: clinic.epoch, sealed: sealed, expected: (1, 1), today: C.today, limit: 2) == .stored("1"))
            // A v2 note signed for a place that is taken, or after a message count that moved on.
            #expect(try await store.addNote(thread: row.id, epoch: clinic.epoch, sealed: sealed, expected: (1, 1), today: C.today, limit: 2) == .moved)
            try await C.append(store, C.message(row, .clinic, epoch: clinic.epoch))
            #expect(try await store.addNote(thread: row.id, epoch: clinic.epoch, sealed: sealed, expected: (2, 1), today: C.today, limit: 2) == .moved)
            #expect(try await store.addNote(thread: row.id, epoch: clinic.epoch + 1, sealed: sealed, expected: nil, today: C.today, limit: 2) == .staleEpoch)
            #expect(try await store.addNote(thread: row.id, epoch: clinic.epoch, sealed: sealed, expected: (2, 2), today: C.today, limit: 2) == .stored("2"))
            #expect(try await store.addNote(thread: row.id, epoch: clinic.epoch, sealed: sealed, expected: nil, today: C.today, limit: 2) == .full)
            let notes = try await store.notes(thread: row.id)
            #expect(notes.map(\.seq) == [1, 2] && notes.map(\.afterSeq) == [1, 2])
            #expect(notes.allSatisfy { $0.sealed.bytes == sealed && $0.epoch == clinic.epoch && $0.date == C.today.description })
            try await store.deleteThread(row.id)
            #expect(try await store.addNote(thread: row.id, epoch: clinic.epoch, sealed: sealed, expected: nil, today: C.today, limit: 2) == .notFound)
        }
    }

    @Test("Templates: added, a new id already used is refused, replaced, bounded, only under the current epoch, deleted once")
    func templates() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let other = try await relay.makeClinic("andra")
            let store = relay.store
            let one = Random.bytes(60), two = Random.bytes(60)
            func put(_ slug: String, _ id: String, replacing: Bool = false, epoch: UInt32 = clinic.epoch, _ sealed: [UInt8], limit: Int = 2) async throws -> SealedOutcome {
                try await store.putTemplate(clinic: slug, id: id, replacing: replacing, epoch: epoch, sealed: sealed, today: C.today, limit: limit)
            }
            #expect(try await put(clinic.slug, "hej", one) == .stored("hej"))
            #expect(try await put(clinic.slug, "hej", two) == .moved)
            #expect(try await put(other.slug, "hej", two) == .moved)  // ids are unique across clinics
            #expect(try await put(clinic.slug, "hej", replacing: true, two) == .stored("hej"))
            #expect(try await put(clinic.slug, "nej", replacing: true, two) == .notFound)
            #expect(try await put(clinic.slug, "tack", epoch: clinic.epoch + 1, one) == .staleEpoch)
            #expect(try await put(clinic.slug, "tack", one) == .stored("tack"))
            #expect(try await put(clinic.slug, "mer", one) == .full)
            let stored = try await store.templates(clinic: clinic.slug)
            #expect(stored.map(\.id) == ["hej", "tack"] && stored.first?.sealed.bytes == two)
            #expect(try await store.templates(clinic: other.slug).isEmpty)
            #expect(try await store.deleteTemplate(clinic: other.slug, id: "hej") == false)
            #expect(try await store.deleteTemplate(clinic: clinic.slug, id: "hej") == true)
            #expect(try await store.deleteTemplate(clinic: clinic.slug, id: "hej") == false)
        }
    }
}
