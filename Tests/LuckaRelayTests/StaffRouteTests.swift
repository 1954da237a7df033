import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import Testing

/// The counsellors' routes: me, keys, inbox, thread, reply, status, delete.
@Suite("Staff routes")
struct StaffRouteTests {
    // MARK: me and keys

    @Test("GET /v1/staff/me describes the signer")
    func me() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let response = try await relay.staff(.get, "/v1/staff/me", as: clinic.admin)
            #expect(response.status == .ok)
            let me = try response.decode(StaffMember.self)
            #expect(me.id == clinic.admin.id)
            #expect(me.clinic == clinic.slug)
            #expect(me.role == .admin && me.status == .active)
            #expect(me.displayName == clinic.admin.name)
            #expect(me.signingKey.bytes == clinic.admin.signing.publicKey)
            #expect(me.boxKey.bytes == clinic.admin.box.publicKey)
            #expect(me.created == Day.today().description)
        }
    }

    @Test("GET /v1/staff/keys gives the founder the clinic document and secrets it can unwrap")
    func founderKeys() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let response = try await relay.staff(.get, "/v1/staff/keys", as: clinic.admin)
            #expect(response.status == .ok)
            let bundle = try response.decode(StaffKeyBundle.self)
            #expect(bundle.clinic.slug == clinic.slug)
            _ = try bundle.clinic.verified(pin: Fingerprint(publicKey: clinic.signingKey.publicKey))
            #expect(bundle.wrappedKeys.count == 2)
            #expect(bundle.wrappedKeys.allSatisfy { $0.staffID == clinic.admin.id })
            let signing = try #require(bundle.wrappedKeys.first { $0.kind == .signing })
            let inbox = try #require(bundle.wrappedKeys.first { $0.kind == .inbox && $0.epoch == 1 })
            let seed = try SealedBox.open(signing.wrapped.bytes, with: clinic.admin.box)
            #expect(try SigningKeyPair(seed: seed).publicKey == clinic.signingKey.publicKey)
            let secret = try SealedBox.open(inbox.wrapped.bytes, with: clinic.admin.box)
            #expect(try BoxKeyPair(secretKey: secret).publicKey == clinic.currentInbox.publicKey)
        }
    }

    // MARK: Inbox

    @Test("The inbox filters by channel and by status")
    func inboxFilters() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let selfWriter = try await relay.newThread(in: clinic, channel: .self)
            let relative = try await relay.newThread(in: clinic, channel: .relative)
            let professional = try await relay.newThread(in: clinic, channel: .professional)
            let answeredHandle = try await relay.handle(of: relative, as: clinic.admin)
            #expect(try await relay.reply(to: answeredHandle, writerKey: relative.publicKey, in: clinic, as: clinic.admin).status == .created)
            let closedHandle = try await relay.handle(of: professional, as: clinic.admin)
            #expect(try await relay.staff(.post, "/v1/staff/threads/\(closedHandle)/status", json: StatusRequest(status: .closed), as: clinic.admin).status == .noContent)

            func page(_ query: String) async throws -> [InboxEntry] {
                let response = try await relay.staff(.get, "/v1/staff/inbox\(query)", as: clinic.admin)
                try #require(response.status == .ok, "\(query): \(response.text)")
                return try response.decode(InboxPage.self).threads
            }
            #expect(try await page("").count == 3)
            #expect(try await page("?channel=self").map(\.writerKey.bytes) == [selfWriter.publicKey])
            #expect(try await page("?channel=relative").map(\.handle) == [answeredHandle])
            #expect(try await page("?channel=professional").map(\.handle) == [closedHandle])
            #expect(try await page("?status=new").map(\.writerKey.bytes) == [selfWriter.publicKey])
            #expect(try await page("?status=answered").map(\.handle) == [answeredHandle])
            #expect(try await page("?status=closed").map(\.handle) == [closedHandle])
            #expect(try await page("?channel=relative&status=new").isEmpty)
            #expect(try await page("?channel=relative&status=answered").map(\.handle) == [answeredHandle])

            let answered = try #require(try await page("?status=answered").first)
            #expect(answered.messageCount == 2)
            #expect(answered.unread == 0)
            #expect(answered.latest?.author == .clinic)
            #expect(answered.latest?.seq == 2)
            let fresh = try #require(try await page("?status=new").first)
            #expect(fresh.messageCount == 1 && fresh.unread == 1 && fresh.latest?.author == .writer)
            #expect(fresh.created == Day.today().description && fresh.lastActivity == Day.today().description)
        }
    }

    @Test("The inbox pages with cursor and limit, each thread once")
    func inboxPaging() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            var writers: [Writer] = []
            for _ in 0..<5 { writers.append(try await relay.newThread(in: clinic)) }

            var seen: [[UInt8]] = []
            var pages: [Int] = []
            var cursor: String?
            repeat {
                let query = "/v1/staff/inbox?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let response = try await relay.staff(.get, query, as: clinic.admin)
                try #require(response.status == .ok, "\(response.text)")
                let page = try response.decode(InboxPage.self)
                pages.append(page.threads.count)
                seen += page.threads.map(\.writerKey.bytes)
                cursor = page.next
            } while cursor != nil && pages.count < 10
            #expect(pages == [2, 2, 1])
            // Same day: every thread once, in an order that says nothing of arrival
            // (row ids are random: SECURITY.md, property 12).
            #expect(seen.count == 5)
            #expect(Set(seen) == Set(writers.map(\.publicKey)))

            // Limit alone, and the default.
            let one = try await relay.staff(.get, "/v1/staff/inbox?limit=1", as: clinic.admin).decode(InboxPage.self)
            #expect(one.threads.count == 1 && one.next != nil)
            let all = try await relay.staff(.get, "/v1/staff/inbox", as: clinic.admin).decode(InboxPage.self)
            #expect(all.threads.count == 5 && all.next == nil)
        }
    }

    @Test("Bad inbox queries are 400 bad_request", arguments: [
        "channel=neighbour", "status=open", "cursor=abc", "cursor=1.2.3", "limit=0", "limit=201", "limit=ten", "limit=-1",
    ])
    func badInboxQuery(query: String) async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let response = try await relay.staff(.get, "/v1/staff/inbox?\(query)", as: clinic.admin)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "bad_request")
        }
    }

    @Test("The inbox lists only the staff member's own clinic")
    func inboxIsPerClinic() async throws {
        try await withRelay { relay in
            let first = try await relay.makeClinic("forsta")
            let second = try await relay.makeClinic("andra")
            _ = try await relay.newThread(in: first)
            let response = try await relay.staff(.get, "/v1/staff/inbox", as: second.admin)
            #expect(try response.decode(InboxPage.self).threads.isEmpty)
        }
    }

    // MARK: Thread, reply, status, delete

    @Test("GET /v1/staff/threads/{handle} returns the whole thread")
    func readThread() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let counsellor = try await relay.addActive("Kim", in: clinic)
            let writer = try await relay.newThread(in: clinic, channel: .professional)
            #expect(try await relay.post(writer, in: clinic, text: "Andra").status == .created)
            let handle = try await relay.handle(of: writer, as: counsellor)

            let response = try await relay.staff(.get, "/v1/staff/threads/\(handle)", as: counsellor)
            #expect(response.status == .ok)
            let thread = try response.decode(StaffThread.self)
            #expect(thread.handle == handle)
            #expect(thread.channel == .professional)
            #expect(thread.status == .new)
            #expect(thread.writerKey.bytes == writer.publicKey)
            // Nobody has answered yet: the short expiry of unanswered threads.
            #expect(thread.expires == Day.today().adding(days: 14).description)
            #expect(thread.messages.map(\.seq) == [1, 2])
            let texts = try thread.messages.map {
                try MessageBox.open($0.ciphertext.bytes, with: clinic.currentInbox.secretKey, from: writer.publicKey, expectedAuthor: .writer).text
            }
            #expect(texts == ["Hej, jag behöver prata med någon.", "Andra"])
        }
    }

    @Test("Status follows the conversation: reply answers, a writer message reopens, the status route sets it")
    func statusChanges() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            func writerStatus() async throws -> ThreadStatus { try await relay.read(writer).decode(WriterThread.self).status }
            func staffStatus() async throws -> ThreadStatus {
                try await relay.staff(.get, "/v1/staff/threads/\(handle)", as: clinic.admin).decode(StaffThread.self).status
            }

            #expect(try await writerStatus() == .new)
            #expect(try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: clinic.admin).status == .created)
            #expect(try await writerStatus() == .answered)
            #expect(try await relay.post(writer, in: clinic).status == .created)
            #expect(try await staffStatus() == .new)

            for status in [ThreadStatus.closed, .answered, .new, .closed] {
                let response = try await relay.staff(.post, "/v1/staff/threads/\(handle)/status", json: StatusRequest(status: status), as: clinic.admin)
                #expect(response.status == .noContent)
                #expect(try await writerStatus() == status)
            }
            // A closed thread reopens when the writer writes again.
            #expect(try await relay.post(writer, in: clinic).status == .created)
            #expect(try await staffStatus() == .new)
        }
    }

    @Test("Unread counts writer messages since the clinic last wrote")
    func unread() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            #expect(try await relay.post(writer, in: clinic).status == .created)
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            func entry() async throws -> InboxEntry {
                try #require(try await relay.staff(.get, "/v1/staff/inbox", as: clinic.admin).decode(InboxPage.self).threads.first)
            }
            #expect(try await entry().unread == 2)
            #expect(try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: clinic.admin).status == .created)
            #expect(try await entry().unread == 0)
            #expect(try await relay.post(writer, in: clinic).status == .created)
            #expect(try await entry().unread == 1)
            #expect(try await entry().messageCount == 4)
        }
    }

    @Test("A reply is stored as the clinic's, with its sequence number")
    func replyStored() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let counsellor = try await relay.addActive("Sam", in: clinic)
            let writer = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: counsellor)
            let response = try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: counsellor, text: "Hej från Sam")
            #expect(response.status == .created)
            let posted = try response.decode(PostedMessage.self)
            #expect(posted.seq == 2 && posted.date == Day.today().description)
            let last = try #require(try await relay.read(writer).decode(WriterThread.self).messages.last)
            #expect(last.author == .clinic && last.epoch == 1)
            let envelope = try MessageBox.open(last.ciphertext.bytes, with: writer.keys.boxKeyPair.secretKey, from: clinic.currentInbox.publicKey)
            #expect(envelope.counsellorName == "Sam" && envelope.text == "Hej från Sam")
        }
    }

    @Test("Bad replies: malformed JSON, a non-bucket ciphertext, a stale epoch, an unknown handle")
    func badReplies() async throws {
        try await withRelay { relay in
            var clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            let path = "/v1/staff/threads/\(handle)/messages"

            for body in ["", "{", #"{"epoch": "one", "message": ""}"#, #"{"epoch": 1}"#, #"{"epoch": 1, "message": "%%%"}"#] {
                let response = try await relay.staff(.post, path, body: Array(body.utf8), as: clinic.admin)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.errorCode == "bad_request")
            }
            for size in [0, 100, 1063, 1065, 5000] {
                let response = try await relay.staff(.post, path, json: ReplyRequest(epoch: 1, message: Random.bytes(size)), as: clinic.admin)
                #expect(response.status == .badRequest)
                #expect(response.errorCode == "bad_ciphertext")
            }
            let old = clinic
            try await relay.rotate(&clinic)
            let stale = try await relay.reply(to: handle, writerKey: writer.publicKey, in: old, as: clinic.admin)
            #expect(stale.status == .conflict)
            #expect(stale.errorCode == "stale_epoch")
            #expect(try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: clinic.admin).status == .created)

            let unknown = try await relay.reply(to: "zzzzzzzzzzzz", writerKey: writer.publicKey, in: clinic, as: clinic.admin)
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "unknown_thread")
        }
    }

    @Test("Bad status requests are 400; an unknown handle is 404", arguments: ["", "{}", #"{"status":"open"}"#, #"{"status":1}"#])
    func badStatus(body: String) async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            let response = try await relay.staff(.post, "/v1/staff/threads/\(handle)/status", body: Array(body.utf8), as: clinic.admin)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "bad_request")
            let unknown = try await relay.staff(.post, "/v1/staff/threads/unknown/status", json: StatusRequest(status: .closed), as: clinic.admin)
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "unknown_thread")
        }
    }

    @Test("Staff delete a thread: it is gone for the writer and the inbox")
    func deleteThread() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let counsellor = try await relay.addActive("Alex", in: clinic)
            let writer = try await relay.newThread(in: clinic)
            let keep = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: counsellor)
            let response = try await relay.staff(.post, "/v1/staff/threads/\(handle)/delete", as: counsellor)
            #expect(response.status == .noContent)
            #expect(try await relay.read(writer).status == .notFound)
            #expect(try await relay.read(keep).status == .ok)
            let again = try await relay.staff(.post, "/v1/staff/threads/\(handle)/delete", as: counsellor)
            #expect(again.status == .notFound)
            #expect(again.errorCode == "unknown_thread")
            let inbox = try await relay.staff(.get, "/v1/staff/inbox", as: counsellor).decode(InboxPage.self)
            #expect(inbox.threads.map(\.writerKey.bytes) == [keep.publicKey])
            let read = try await relay.staff(.get, "/v1/staff/threads/\(handle)", as: counsellor)
            #expect(read.status == .notFound)
        }
    }

    @Test("Staff routes accept no oversized body: 413 too_large")
    func oversizedStaffBody() async throws {
        try await withRelay({ $0.maximumBodyBytes = 4_000 }) { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            let body = try json(ReplyRequest(epoch: 1, message: Random.bytes(4136)))
            #expect(body.count > 4_000)
            let response = try await relay.staff(.post, "/v1/staff/threads/\(handle)/messages", body: body, as: clinic.admin)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "too_large")
        }
    }
}
