import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import Testing

/// The fixes of issue 12 that the router and the store can show; the attacks against the
/// real executables are in EndToEndTests/AbuseTests.swift.
@Suite("Abuse fixes")
struct AbuseFixTests {
    // MARK: Finding 1: the replay guard

    @Test("Replay guard: each key's nonces are its own, bounded, and expire with their timestamps")
    func replayGuardPerKey() {
        let guardian = ReplayGuard(skewSeconds: 300, perKey: 3)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let t = Int64(now.timeIntervalSince1970)
        let a: [UInt8] = [1], b: [UInt8] = [2]
        #expect(guardian.firstUse(key: a, nonce: "n1", timestamp: t, now: now))
        #expect(!guardian.firstUse(key: a, nonce: "n1", timestamp: t, now: now))
        #expect(guardian.firstUse(key: b, nonce: "n1", timestamp: t, now: now))
        #expect(guardian.firstUse(key: a, nonce: "n2", timestamp: t, now: now))
        #expect(guardian.firstUse(key: a, nonce: "n3", timestamp: t, now: now))
        // `a` is full: only `a` is refused.
        #expect(!guardian.firstUse(key: a, nonce: "n4", timestamp: t, now: now))
        #expect(guardian.firstUse(key: b, nonce: "n2", timestamp: t, now: now))
        // Once their timestamps can no longer be accepted, the nonces go.
        let later = now.addingTimeInterval(302)
        #expect(guardian.firstUse(key: a, nonce: "n4", timestamp: t + 302, now: later))
        // A timestamp five minutes ahead keeps its nonce until it, too, is stale.
        #expect(guardian.firstUse(key: b, nonce: "future", timestamp: t + 300, now: now))
        #expect(!guardian.firstUse(key: b, nonce: "future", timestamp: t + 300, now: now.addingTimeInterval(599)))
    }

    @Test("Signed requests from unknown keys leave no nonce behind: sent twice, both are 401 unknown, never `replayed`")
    func unknownKeysRecordNothing() async throws {
        try await withRelay { relay in
            _ = try await relay.makeClinic()
            let stranger = try SigningKeyPair.generate()
            let request = try relay.prepare(.get, "/v1/staff/inbox", as: stranger)
            for _ in 0..<2 {
                let response = try await relay.send(request)
                #expect(response.status == .unauthorized)
                #expect(response.errorCode != "replayed")
            }
            // A bad enrolment token records nothing either.
            let enrol = try relay.prepare(
                .post, "/v1/staff/enrol",
                body: try json(EnrolRequest(token: "AAAAAA-AAAAAA-AAAAAA-AAAAAA", displayName: "X", boxKey: try BoxKeyPair.generate().publicKey, setup: nil)),
                as: stranger)
            for _ in 0..<2 {
                let response = try await relay.send(enrol)
                #expect(response.errorCode == "bad_token")
            }
        }
    }

    @Test("A known key's request is still good once")
    func knownKeyReplayRefused() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let request = try relay.prepare(.get, "/v1/staff/inbox", as: clinic.admin.signing)
            #expect(try await relay.send(request).status == .ok)
            let again = try await relay.send(request)
            #expect(again.status == .unauthorized)
            #expect(again.errorCode == "replayed")
        }
    }

    // MARK: Finding 5: single-use form tokens

    @Test("Form tokens: fresh once, then spent; forged, expired and another process's are unknown")
    func formTokens() {
        let tokens = FormTokens(lifetimeSeconds: 60)
        let now = Date()
        let token = tokens.issue(now: now)
        #expect(token.count == 80)
        #expect(tokens.spend(token, now: now) == .fresh)
        #expect(tokens.spend(token, now: now) == .spent)
        let other = tokens.issue(now: now)
        var forged = Array(other.utf8)
        forged[10] = forged[10] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        #expect(tokens.spend(String(decoding: forged, as: UTF8.self), now: now) == .unknown)
        #expect(tokens.spend(other, now: now.addingTimeInterval(61)) == .unknown)
        #expect(FormTokens(lifetimeSeconds: 60).spend(other, now: now) == .unknown)
        for junk in [nil, "", "zz", String(repeating: "0", count: 80), String(repeating: "g", count: 80)] {
            #expect(tokens.spend(junk, now: now) == .unknown)
        }
        #expect(tokens.spend(other, now: now) == .fresh)
    }

    @Test("The pages: a re-sent form gets the neutral page and no second thread; an unknown token keeps the text and sends nothing")
    func resentFormPages() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let token = try await relay.formToken()
            let fields = [("lang", "sv"), ("form", token), ("channel", "self"), ("text", "Hemlig text")]
            let first = try await relay.submit("/c/\(clinic.slug)/write", fields)
            #expect(first.status == .ok)
            let code = try #require(WebChecks.code(in: first))
            let again = try await relay.submit("/c/\(clinic.slug)/write", fields)
            #expect(again.status == .gone)
            #expect(again.heading == "Den här sidan går inte att visa igen")
            #expect(!again.text.contains("Hemlig") && !again.text.contains(code))
            WebChecks.expectPage(again, "gone", lang: .sv)
            let inbox = try await relay.staff(.get, "/v1/staff/inbox", as: clinic.admin).decode(InboxPage.self)
            #expect(inbox.threads.count == 1)

            // A token that is not the relay's: nothing sent, the text kept, a fresh token.
            let stale = try await relay.submit("/c/\(clinic.slug)/write", [("lang", "sv"), ("form", String(repeating: "0", count: 80)), ("channel", "self"), ("text", "Min text")])
            #expect(stale.status == .badRequest)
            #expect(stale.heading == "Sidan hade varit öppen länge")
            #expect(stale.text.contains("Min text"))
            #expect(WebChecks.formToken(in: stale) != nil)

            // Reading: once; the same form again shows nothing of the conversation.
            let readToken = try await relay.formToken()
            let read = [("lang", "sv"), ("form", readToken), ("code", code)]
            #expect(try await relay.submit("/return", read).text.contains("Hemlig text"))
            let reread = try await relay.submit("/return", read)
            #expect(reread.status == .gone)
            #expect(!reread.text.contains("Hemlig text"))
            // The English page says it in English.
            let english = try await relay.submit("/return", [("lang", "en"), ("form", readToken), ("code", code)])
            #expect(english.heading == "This page cannot be shown again")
        }
    }

    @Test("Spent tokens stay bounded in memory")
    func formTokensBounded() {
        let tokens = FormTokens(lifetimeSeconds: 60, maximumSpent: 100)
        let now = Date()
        // Past the bound, tokens that may have been forgotten are refused, never fresh twice.
        for _ in 0..<1000 {
            let token = tokens.issue(now: now)
            #expect(tokens.spend(token, now: now) != .spent)
            #expect(tokens.spend(token, now: now) != .fresh)
            #expect(tokens.spentCount <= 100)
        }
    }

    // MARK: Finding 4: random identifiers

    @Test("Thread, message and audit ids are random, not increasing")
    func randomIDs() async throws {
        // SQLite's rowid gives the order rows were inserted in.
        try await withRelay(store: try SQLiteRelayStore.inMemory()) { relay in
            let clinic = try await relay.makeClinic()
            var writers: [Writer] = []
            for _ in 0..<12 { writers.append(try await relay.newThread(in: clinic)) }
            for writer in writers { _ = try await relay.post(writer, in: clinic) }
            let (threads, messages) = try await relay.sqlite.database.read { db in
                (try Int64.fetchAll(db, sql: "SELECT id FROM thread ORDER BY rowid"), try Int64.fetchAll(db, sql: "SELECT id FROM message"))
            }
            #expect(threads.count == 12)
            #expect(messages.count == 24)
            // Twelve random ids in creation order are sorted with probability 1/12!.
            let created = writers
            let creationOrder = try await relay.sqlite.database.read { db in
                try created.map { writer in
                    try Int64.fetchOne(db, sql: "SELECT id FROM thread WHERE writer_key = ?", arguments: [Data(writer.publicKey)])!
                }
            }
            #expect(creationOrder != creationOrder.sorted())
            #expect(threads.filter { $0 < 1_000_000 }.count <= 1)
            #expect(Set(messages).count == 24)
        }
    }

    @Test("Migrating a database with increasing ids gives random ids and keeps every row and link")
    func migrationToRandomIDs() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "2026-11-v1-initial")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO clinic (slug, created) VALUES ('c', '2026-01-01')")
            for t in 1...30 {
                try db.execute(
                    sql: """
                        INSERT INTO thread (id, lookup_hash, handle, clinic, channel, status, writer_key, created, last_activity, expires, count_day)
                        VALUES (?, ?, ?, 'c', 'self', 'new', ?, '2026-01-01', '2026-01-01', '2026-04-01', '2026-01-01')
                        """,
                    arguments: [t, Data(Random.bytes(32)), "h\(t)", Data(Random.bytes(32))])
                for seq in 1...3 {
                    try db.execute(
                        sql: "INSERT INTO message (thread, seq, author, epoch, ciphertext, date) VALUES (?, ?, ?, 1, ?, '2026-01-01')",
                        arguments: [t, seq, seq == 2 && t % 2 == 0 ? "clinic" : "writer", Data([UInt8(t), UInt8(seq)])])
                }
                try db.execute(sql: "INSERT INTO audit (staff, action, thread, date) VALUES ('s', 'read', ?, '2026-01-01')", arguments: ["h\(t)"])
            }
        }
        try Migrations.migrator.migrate(queue)
        try queue.read { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM thread")
            #expect(ids.count == 30)
            #expect(ids.filter { $0 <= 30 }.count <= 1)
            // Every message is still with its own thread, in order.
            for t in 1...30 {
                let bytes = try Data.fetchAll(
                    db, sql: "SELECT ciphertext FROM message JOIN thread ON thread.id = message.thread WHERE thread.handle = ? ORDER BY seq",
                    arguments: ["h\(t)"])
                #expect(bytes == (1...3).map { Data([UInt8(t), UInt8($0)]) })
                let replied = try Bool.fetchOne(db, sql: "SELECT clinic_replied FROM thread WHERE handle = ?", arguments: ["h\(t)"])
                #expect(replied == (t % 2 == 0))
            }
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM audit WHERE id > 30") ?? 0 >= 29)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
        }
    }

    // MARK: Finding 3: the short expiry of unanswered threads

    @Test("A thread nobody answered expires after the short retention; once answered, after the full one")
    func shortExpiry() async throws {
        try await withRelay({ $0.unansweredRetentionDays = 14 }) { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            let today = Day.today()
            func expires() async throws -> String { try await relay.read(writer).decode(WriterThread.self).expires }
            #expect(try await expires() == today.adding(days: 14).description)
            _ = try await relay.post(writer, in: clinic)
            #expect(try await expires() == today.adding(days: 14).description)
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            #expect(try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: clinic.admin).status == .created)
            #expect(try await expires() == today.adding(days: 90).description)
            _ = try await relay.post(writer, in: clinic)
            #expect(try await expires() == today.adding(days: 90).description)
        }
    }

    // MARK: Finding 8: the inbox cursor

    @Test("The inbox cursor cannot tell whether another clinic's handle exists")
    func cursorScopedToClinic() async throws {
        try await withRelay { relay in
            let mine = try await relay.makeClinic("mine")
            let theirs = try await relay.makeClinic("theirs")
            for _ in 0..<3 { _ = try await relay.newThread(in: mine) }
            let other = try await relay.newThread(in: theirs)
            let otherHandle = try await relay.handle(of: other, as: theirs.admin)
            let today = Day.today().description
            // The cursor carries its own sort key (waiting or not, day, handle); nothing is
            // looked up by it, so the answer depends on the cursor's text alone.
            let all = try await relay.staff(.get, "/v1/staff/inbox", as: mine.admin).decode(InboxPage.self).threads.map(\.handle)
            for cursor in [otherHandle, "zzzzzzzzzzzz", "000000000000"] {
                let waiting = try await relay.staff(.get, "/v1/staff/inbox?cursor=w.\(today).\(cursor)", as: mine.admin).decode(InboxPage.self)
                #expect(waiting.threads.map(\.handle) == all.filter { $0 > cursor })
                let rest = try await relay.staff(.get, "/v1/staff/inbox?cursor=r.\(today).\(cursor)", as: mine.admin).decode(InboxPage.self)
                #expect(rest.threads.isEmpty)
            }
        }
    }

    // MARK: Finding 9: audit rows

    @Test("Audit rows go with their thread (deleted or expired) and after the retention")
    func auditRowsGo() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            _ = try await relay.staff(.get, "/v1/staff/threads/\(handle)", as: clinic.admin)
            _ = try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: clinic.admin)
            func rows(_ handle: String) async throws -> Int {
                try await relay.sql("SELECT count(*) FROM audit WHERE thread = '\(handle)'") ?? 0
            }
            #expect(try await rows(handle) == 2)
            #expect(try await relay.staff(.post, "/v1/staff/threads/\(handle)/delete", as: clinic.admin).status == .noContent)
            #expect(try await rows(handle) == 0)

            // Expiry takes them too; and rows past the retention go whatever they name.
            let second = try await relay.newThread(in: clinic)
            let secondHandle = try await relay.handle(of: second, as: clinic.admin)
            _ = try await relay.staff(.get, "/v1/staff/threads/\(secondHandle)", as: clinic.admin)
            try await relay.store.audit(staffID: clinic.admin.id, action: "old", threadHandle: nil, today: Day.today().adding(days: -200))
            let future = Day.today().adding(days: 100)
            #expect(try await relay.store.sweep(today: future, auditBefore: Day.today().adding(days: -90)) == 1)
            #expect(try await rows(secondHandle) == 0)
            let old = try await relay.sql("SELECT count(*) FROM audit WHERE action = 'old'") ?? 0
            #expect(old == 0)
        }
    }

    // MARK: Junk sweep

    @Test("Junk deletion: only the caller's clinic's threads, audited once with the count")
    func junkDelete() async throws {
        try await withRelay { relay in
            let mine = try await relay.makeClinic("mine")
            let theirs = try await relay.makeClinic("theirs")
            let a = try await relay.newThread(in: mine)
            let b = try await relay.newThread(in: mine)
            let other = try await relay.newThread(in: theirs)
            let handles = [
                try await relay.handle(of: a, as: mine.admin), try await relay.handle(of: b, as: mine.admin),
                try await relay.handle(of: other, as: theirs.admin), "nosuchhandle",
            ]
            let response = try await relay.staff(.post, "/v1/staff/junk/delete", json: JunkDeleteRequest(handles: handles), as: mine.admin)
            #expect(response.status == .ok)
            #expect(try response.decode(JunkDeleteResult.self).deleted == 2)
            #expect(try await relay.read(other).status == .ok)
            #expect(try await relay.read(a).status == .notFound)
            let audit = try await relay.staff(.get, "/v1/staff/audit", as: mine.admin).text
            #expect(audit.contains("delete-junk 2"))
            let empty = try await relay.staff(.post, "/v1/staff/junk/delete", json: JunkDeleteRequest(handles: []), as: mine.admin)
            #expect(empty.status == .badRequest)
        }
    }

    @Test("Junk deletion leaves threads the clinic answered and reports them")
    func junkDeleteKeepsAnswered() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic("mine")
            let answered = try await relay.newThread(in: clinic)
            let junk = try await relay.newThread(in: clinic)
            let answeredHandle = try await relay.handle(of: answered, as: clinic.admin)
            let reply = try await relay.reply(to: answeredHandle, writerKey: answered.publicKey, in: clinic, as: clinic.admin)
            try #require(reply.status == .created, "reply: \(reply.status) \(reply.text)")
            let handles = [answeredHandle, try await relay.handle(of: junk, as: clinic.admin)]
            let response = try await relay.staff(.post, "/v1/staff/junk/delete", json: JunkDeleteRequest(handles: handles), as: clinic.admin)
            #expect(response.status == .ok)
            #expect(try response.decode(JunkDeleteResult.self) == JunkDeleteResult(deleted: 1, answered: 1))
            #expect(try await relay.read(answered).status == .ok)
            #expect(try await relay.read(junk).status == .notFound)
        }
    }

    @Test("Junk deletion is for admins: a counsellor gets 403 admin_only and nothing goes")
    func junkDeleteAdminOnly() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic("mine")
            let counsellor = try await relay.addActive("Berit", in: clinic)
            let writer = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: counsellor)
            let response = try await relay.staff(.post, "/v1/staff/junk/delete", json: JunkDeleteRequest(handles: [handle]), as: counsellor)
            #expect(response.status == .forbidden)
            #expect(response.text.contains("admin_only"))
            #expect(try await relay.read(writer).status == .ok)
        }
    }

    @Test("An approval that wraps only an epoch the clinic has since left is refused by the store itself")
    func approvalRacingAnEpoch() async throws {
        try await withRelay { relay in
            var clinic = try await relay.makeClinic("mine")
            let member = try await relay.addPending("Cecilia", in: clinic)
            let stale = try relay.approval(for: member, in: clinic)  // wraps epoch 1 only
            try await relay.rotate(&clinic)  // the epoch the approval raced with
            await #expect(throws: StoreError.self) {
                try await relay.store.approve(staffID: member.id, clinic: clinic.slug, wrappedKeys: stale.wrappedKeys)
            }
            #expect(try await relay.store.staff(id: member.id)?.status == .pending)
            #expect(try await relay.store.wrappedKeys(staffID: member.id).isEmpty)
            try await relay.store.approve(staffID: member.id, clinic: clinic.slug, wrappedKeys: try relay.approval(for: member, in: clinic).wrappedKeys)
            #expect(try await relay.store.staff(id: member.id)?.status == .active)
        }
    }
}
