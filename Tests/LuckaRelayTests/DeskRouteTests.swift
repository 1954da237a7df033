import Foundation
import GRDB
import Hummingbird
import LuckaCore
import Testing
@testable import LuckaRelay

/// The counsellors' desk on the relay (issue 13): the queue's order and paging, who
/// handles a thread, unread per staff member, the count for `watch`, the audit range.
@Suite("Desk routes")
struct DeskRouteTests {
    /// Sets a thread's waiting day (and last activity) directly: the relay's clock is the day.
    static func backdate(_ handle: String, waitingSince: Day?, lastActivity: Day? = nil, in relay: Harness) async throws {
        let waiting = waitingSince.map { "'\($0)'" } ?? "NULL"
        try await relay.sql("UPDATE thread SET waiting_since = \(waiting) WHERE handle = '\(handle)'")
        if let lastActivity { try await relay.sql("UPDATE thread SET last_activity = '\(lastActivity)' WHERE handle = '\(handle)'") }
    }

    static func pages(_ relay: Harness, as staff: StaffIdentity, query: String = "", limit: Int = 2) async throws -> [InboxEntry]
    {
        var all: [InboxEntry] = []
        var cursor: String?
        repeat {
            let path = "/v1/staff/inbox?limit=\(limit)" + query + (cursor.map { "&cursor=\($0)" } ?? "")
            let response = try await relay.staff(.get, path, as: staff)
            try #require(response.status == .ok, "\(response.text)")
            let page = try response.decode(InboxPage.self)
            all += page.threads
            cursor = page.next
        } while cursor != nil && all.count < 500
        return all
    }

    @Test("Waiting threads come first, the longest waiting first, across pages; then the rest, newest first")
    func queueOrder() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            var handles: [String] = []
            var writers: [Writer] = []
            for _ in 0..<8 {
                let writer = try await relay.newThread(in: clinic)
                writers.append(writer)
                handles.append(try await relay.handle(of: writer, as: clinic.admin))
            }
            let today = Day.today()
            // Three answered threads (not waiting) with different last activity.
            for index in 5..<8 {
                #expect(
                    try await relay.reply(to: handles[index], writerKey: writers[index].publicKey, in: clinic, as: clinic.admin)
                        .status == .created)
                try await Self.backdate(
                    handles[index], waitingSince: nil, lastActivity: today.adding(days: -(index - 4)), in: relay)
            }
            // Five waiting ones: two on the same day.
            let waitingDays = [3, 10, 1, 10, 0]
            for (index, days) in waitingDays.enumerated() {
                try await Self.backdate(handles[index], waitingSince: today.adding(days: -days), in: relay)
            }
            let listed = try await Self.pages(relay, as: clinic.admin)
            #expect(listed.count == 8)
            let waiting = listed.prefix(5)
            #expect(waiting.map { $0.waitingDays ?? -1 } == [10, 10, 3, 1, 0])
            // Within a day by handle (random), never by arrival.
            #expect(waiting.prefix(2).map(\.handle) == [handles[1], handles[3]].sorted())
            #expect(listed.suffix(3).map(\.handle) == [handles[5], handles[6], handles[7]])
            #expect(listed.suffix(3).allSatisfy { $0.waitingDays == nil && !$0.overdue })
            // Every page size gives the same order.
            for limit in [1, 3, 50] {
                #expect(try await Self.pages(relay, as: clinic.admin, limit: limit).map(\.handle) == listed.map(\.handle))
            }

            // A reply ends the waiting; the writer's next message starts it today.
            #expect(
                try await relay.reply(to: handles[1], writerKey: writers[1].publicKey, in: clinic, as: clinic.admin).status
                    == .created)
            var entry = try #require(try await Self.pages(relay, as: clinic.admin, limit: 50).first { $0.handle == handles[1] })
            #expect(entry.waitingDays == nil && entry.status == .answered)
            #expect(try await relay.post(writers[1], in: clinic).status == .created)
            entry = try #require(try await Self.pages(relay, as: clinic.admin, limit: 50).first { $0.handle == handles[1] })
            #expect(entry.waitingDays == 0 && entry.status == .new)
            // A second writer message keeps the day the waiting began.
            #expect(try await relay.post(writers[0], in: clinic).status == .created)
            entry = try #require(try await Self.pages(relay, as: clinic.admin, limit: 50).first { $0.handle == handles[0] })
            #expect(entry.waitingDays == 3)
            // A closed thread is not waiting, whoever wrote last.
            #expect(
                try await relay.staff(
                    .post, "/v1/staff/threads/\(handles[0])/status", json: StatusRequest(status: .closed), as: clinic.admin
                ).status == .noContent)
            entry = try #require(try await Self.pages(relay, as: clinic.admin, limit: 50).first { $0.handle == handles[0] })
            #expect(entry.waitingDays == nil)
        }
    }

    @Test("Overdue follows the profile's answerDays, in calendar or working days")
    func overdue() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            var handles: [String] = []
            for _ in 0..<3 { handles.append(try await relay.handle(of: try await relay.newThread(in: clinic), as: clinic.admin)) }
            let today = Day.today()
            for (handle, days) in zip(handles, [2, 3, 4]) {
                try await Self.backdate(handle, waitingSince: today.adding(days: -days), in: relay)
            }
            // No promise: nothing is overdue, and asking for the overdue ones is a conflict.
            #expect(try await Self.pages(relay, as: clinic.admin).allSatisfy { !$0.overdue })
            let none = try await relay.staff(.get, "/v1/staff/inbox?overdue=true", as: clinic.admin)
            #expect(none.status == .conflict && none.errorCode == "no_answer_days")

            var profile = clinic.profile
            profile.answerDays = 3
            profile.answerDaysKind = .calendar
            let signed = try SignedProfile.sign(profile, with: clinic.signingKey)
            #expect(
                try await relay.staff(.post, "/v1/staff/profile", json: ProfileUpdate(profile: signed), as: clinic.admin).status
                    == .noContent)
            let listed = try await Self.pages(relay, as: clinic.admin)
            #expect(listed.map(\.handle) == [handles[2], handles[1], handles[0]])
            #expect(listed.map(\.overdue) == [true, false, false])
            #expect(try await Self.pages(relay, as: clinic.admin, query: "&overdue=true").map(\.handle) == [handles[2]])
            #expect(try await Self.pages(relay, as: clinic.admin, query: "&overdue=false").count == 3)
        }
    }

    @Test(
        "Working days skip Saturday and Sunday",
        arguments: [
            // (waiting began, today, working days elapsed)
            ("2026-11-27", "2026-11-30", 1),  // Friday to Monday
            ("2026-11-27", "2026-11-28", 0),  // Friday to Saturday
            ("2026-11-23", "2026-11-30", 5),  // Monday to Monday
            ("2026-11-30", "2026-11-30", 0),
        ])
    func workingDays(since: String, today: String, elapsed: Int) throws {
        let promise = AnswerPromise(days: 1, kind: .working)
        let start = try #require(Day(since))
        let end = try #require(Day(today))
        #expect(promise.elapsed(since: start, today: end) == elapsed)
        #expect(promise.isOverdue(since: start, today: end) == (elapsed > 1))
        #expect(promise.isOverdue(since: promise.overdueCutoff(today: end), today: end))
        #expect(!promise.isOverdue(since: promise.overdueCutoff(today: end).adding(days: 1), today: end))
        #expect(AnswerPromise(days: 2, kind: .calendar).elapsed(since: start, today: end) == end.number - start.number)
    }

    @Test("Take, give and release: seen by colleagues, filtered, audited with the handle")
    func handler() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let sam = try await relay.addActive("Sam", in: clinic)
            let writer = try await relay.newThread(in: clinic)
            let other = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: sam)
            let otherHandle = try await relay.handle(of: other, as: sam)
            func entry(_ as: StaffIdentity) async throws -> InboxEntry {
                try #require(try await Self.pages(relay, as: `as`).first { $0.handle == handle })
            }
            #expect(try await entry(sam).handler == nil)
            // Take: oneself.
            #expect(
                try await relay.staff(
                    .post, "/v1/staff/threads/\(handle)/handler", json: HandlerRequest(staffID: sam.id), as: sam
                ).status == .noContent)
            #expect(try await entry(clinic.admin).handler == sam.id)
            #expect(try await Self.pages(relay, as: sam, query: "&mine=true").map(\.handle) == [handle])
            #expect(try await Self.pages(relay, as: clinic.admin, query: "&mine=true").isEmpty)
            #expect(try await Self.pages(relay, as: clinic.admin, query: "&unassigned=true").map(\.handle) == [otherHandle])
            let thread = try await relay.staff(.get, "/v1/staff/threads/\(handle)", as: clinic.admin).decode(StaffThread.self)
            #expect(thread.handler == sam.id)
            // Give: to the admin.
            #expect(
                try await relay.staff(
                    .post, "/v1/staff/threads/\(handle)/handler", json: HandlerRequest(staffID: clinic.admin.id), as: sam
                ).status == .noContent)
            #expect(try await entry(sam).handler == clinic.admin.id)
            // Never to someone of another clinic, nor to a made-up id.
            let second = try await relay.makeClinic("andra")
            for id in [second.admin.id, "s-nobody", String(repeating: "x", count: 100)] {
                let refused = try await relay.staff(
                    .post, "/v1/staff/threads/\(handle)/handler", json: HandlerRequest(staffID: id), as: sam)
                #expect(refused.status == .notFound && refused.errorCode == "unknown_staff")
            }
            // Another clinic's staff cannot touch the thread at all.
            let foreign = try await relay.staff(
                .post, "/v1/staff/threads/\(handle)/handler", json: HandlerRequest(staffID: second.admin.id), as: second.admin)
            #expect(foreign.status == .notFound && foreign.errorCode == "unknown_thread")
            // Release.
            #expect(
                try await relay.staff(
                    .post, "/v1/staff/threads/\(handle)/handler", json: HandlerRequest(staffID: nil), as: clinic.admin
                ).status == .noContent)
            #expect(try await entry(sam).handler == nil)
            let log = try await relay.staff(.get, "/v1/staff/audit", as: clinic.admin).decode([AuditEntry].self)
            let actions = log.filter { $0.thread == handle }.map(\.action)
            #expect(Set(actions).isSuperset(of: ["take", "give \(clinic.admin.id)", "release"]))
            #expect(try await relay.staff(.get, "/v1/staff/inbox?mine=true&unassigned=true", as: sam).status == .badRequest)
            #expect(try await relay.staff(.get, "/v1/staff/inbox?mine=yes", as: sam).status == .badRequest)
        }
    }

    @Test("Unread is per staff member and clears when that member reads; the count says the same")
    func unreadPerMember() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let sam = try await relay.addActive("Sam", in: clinic)
            let writer = try await relay.newThread(in: clinic)
            #expect(try await relay.post(writer, in: clinic).status == .created)
            let handle = try await relay.handle(of: writer, as: sam)
            func unread(_ member: StaffIdentity) async throws -> Int {
                try #require(try await Self.pages(relay, as: member).first { $0.handle == handle }).unreadForMe
            }
            func count(_ member: StaffIdentity) async throws -> InboxCount {
                try await relay.staff(.get, "/v1/staff/inbox/count", as: member).decode(InboxCount.self)
            }
            #expect(try await unread(sam) == 2)
            #expect(try await unread(clinic.admin) == 2)
            #expect(try await count(sam) == InboxCount(waiting: 1, unreadForMe: 2))
            #expect(try await relay.staff(.get, "/v1/staff/threads/\(handle)", as: sam).status == .ok)
            #expect(try await unread(sam) == 0)
            #expect(try await unread(clinic.admin) == 2)
            #expect(try await count(sam) == InboxCount(waiting: 1, unreadForMe: 0))
            #expect(try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: sam).status == .created)
            #expect(try await count(sam) == InboxCount(waiting: 0, unreadForMe: 0))
            #expect(try await relay.post(writer, in: clinic).status == .created)
            #expect(try await unread(sam) == 1)
            #expect(try await unread(clinic.admin) == 3)
            #expect(try await count(clinic.admin) == InboxCount(waiting: 1, unreadForMe: 3))
            // The seen rows go with the thread.
            #expect(try await relay.staff(.post, "/v1/staff/threads/\(handle)/delete", as: sam).status == .noContent)
            #expect(try await relay.sql("SELECT count(*) FROM seen") == 0)
            #expect(try await count(sam) == InboxCount(waiting: 0, unreadForMe: 0))
        }
    }

    @Test("The audit log takes a range of days")
    func auditRange() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let handle = try await relay.handle(of: try await relay.newThread(in: clinic), as: clinic.admin)
            #expect(try await relay.staff(.get, "/v1/staff/threads/\(handle)", as: clinic.admin).status == .ok)
            let today = Day.today()
            try await relay.sql("UPDATE audit SET date = '\(today.adding(days: -5))' WHERE action = 'enrol-founder'")
            let all = try await relay.staff(.get, "/v1/staff/audit", as: clinic.admin).decode([AuditEntry].self)
            #expect(all.contains { $0.action == "enrol-founder" } && all.first?.date == today.description)
            let recent = try await relay.staff(.get, "/v1/staff/audit?from=\(today.adding(days: -1))", as: clinic.admin).decode(
                [AuditEntry].self)
            #expect(!recent.contains { $0.action == "enrol-founder" } && recent.contains { $0.action == "read" })
            let old = try await relay.staff(.get, "/v1/staff/audit?to=\(today.adding(days: -1))", as: clinic.admin).decode(
                [AuditEntry].self)
            #expect(old.map(\.action) == ["enrol-founder"])
            for bad in ["from=yesterday", "until=2026-01-01", "to=2026-02-30"] {
                #expect(try await relay.staff(.get, "/v1/staff/audit?\(bad)", as: clinic.admin).status == .badRequest)
            }
        }
    }

    @Test("The desk migration finds how long each existing thread has waited")
    func migrationBackfill() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "2026-12-v3-identity-succession")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO clinic (slug, created) VALUES ('k', '2026-01-01')")
            let key = Data(repeating: 1, count: 32)
            // 1: writer, clinic, writer, writer: waiting since the third message's day.
            // 2: writer, clinic: not waiting. 3: writer only.
            for (id, authors) in [(1, ["writer", "clinic", "writer", "writer"]), (2, ["writer", "clinic"]), (3, ["writer"])] {
                try db.execute(
                    sql: """
                        INSERT INTO thread (id, lookup_hash, handle, clinic, channel, status, writer_key, created, last_activity, expires, count_day)
                        VALUES (?, ?, ?, 'k', 'self', 'new', ?, '2026-01-01', '2026-01-09', '2026-04-01', '2026-01-09')
                        """, arguments: [id, Data(repeating: UInt8(id), count: 32), "h\(id)", key])
                for (seq, author) in authors.enumerated() {
                    try db.execute(
                        sql:
                            "INSERT INTO message (id, thread, seq, author, epoch, ciphertext, date) VALUES (?, ?, ?, ?, 1, x'00', ?)",
                        arguments: [id * 100 + seq, id, seq + 1, author, "2026-01-0\(seq + 1)"])
                }
            }
        }
        try Migrations.migrator.migrate(queue)
        let waiting = try queue.read { db in try Row.fetchAll(db, sql: "SELECT handle, waiting_since FROM thread ORDER BY handle")
        }
        #expect(waiting.map { $0["waiting_since"] as String? } == ["2026-01-03", nil, "2026-01-01"])
    }
}
