import Foundation
import GRDB
import LuckaCore
import Testing

@testable import LuckaRelay

/// The statistics counters: kept as things happen, through deletion and expiry, by the
/// month of each event; the answer-time histogram and the promise from a scripted history.
@Suite("Statistics")
struct StatisticsTests {
    static func day(_ text: String) -> Day { Day(text)! }

    /// A thread created on `created`, straight through the store.
    static func thread(_ clinic: ClinicFixture, channel: Channel, created: Day) -> NewThread {
        NewThread(
            lookupHash: Random.bytes(32), handle: Random.bytes(6).hex, clinic: clinic.slug, channel: channel,
            writerKey: Random.bytes(32),
            epoch: clinic.epoch, ciphertext: Random.bytes(MessageBox.sealedLengths[0]), today: created,
            expires: created.adding(days: 14))
    }

    static func append(_ store: any RelayStore, _ thread: NewThread, author: Author, on day: Day) async throws {
        let row = try #require(try await store.thread(lookupHash: thread.lookupHash))
        let outcome = try await store.append(
            NewMessage(
                thread: row.id, author: author, epoch: thread.epoch, ciphertext: Random.bytes(MessageBox.sealedLengths[0]),
                today: day, expires: day.adding(days: 90)),
            dailyLimit: 100)
        guard case .stored = outcome else { Issue.record("append failed: \(outcome)"); return }
    }

    @Test func aScriptedHistoryAcrossMonthsSurvivesDeletionAndExpiry() async throws {
        try await withRelay { relay in
            var clinic = try await relay.makeClinic()
            // The clinic promises an answer within 3 days.
            clinic.profile.answerDays = 3
            let update = ProfileUpdate(profile: try SignedProfile.sign(clinic.profile, with: clinic.signingKey))
            #expect(try await relay.staff(.post, "/v1/staff/profile", json: update, as: clinic.admin).status == .noContent)
            let store = relay.store

            // January: A answered the same day; B started on the 30th, answered 3 days later (February).
            let a = Self.thread(clinic, channel: .self, created: Self.day("2026-01-05"))
            let b = Self.thread(clinic, channel: .relative, created: Self.day("2026-01-30"))
            // February: C answered 19 days later (March); D (professional) never answered.
            let c = Self.thread(clinic, channel: .self, created: Self.day("2026-02-10"))
            let d = Self.thread(clinic, channel: .professional, created: Self.day("2026-02-11"))
            for thread in [a, b, c, d] { try await store.createThread(thread) }
            try await Self.append(store, a, author: .clinic, on: Self.day("2026-01-05"))
            try await Self.append(store, a, author: .writer, on: Self.day("2026-01-06"))
            try await Self.append(store, a, author: .clinic, on: Self.day("2026-01-07"))  // not a first answer
            try await Self.append(store, b, author: .writer, on: Self.day("2026-01-31"))
            try await Self.append(store, b, author: .clinic, on: Self.day("2026-02-02"))
            try await Self.append(store, c, author: .clinic, on: Self.day("2026-03-01"))

            // March: the writer deletes A, staff delete B. June: the sweep expires C (answered,
            // so 90 days after its last message) and D.
            try await store.deleteThread(
                try #require(try await store.thread(lookupHash: a.lookupHash)).id, cause: .writer, today: Self.day("2026-03-02"))
            try await store.deleteThread(
                try #require(try await store.thread(lookupHash: b.lookupHash)).id, cause: .staff, today: Self.day("2026-03-03"))
            #expect(try await store.sweep(today: Self.day("2026-06-30"), auditBefore: Self.day("2025-01-01")) == 2)
            #expect(try await store.threadCounts().isEmpty)

            let response = try await relay.staff(.get, "/v1/staff/statistics?from=2026-01&to=2026-06", as: clinic.admin)
            #expect(response.status == .ok, "\(response.text)")
            let report = try response.decode(StatisticsReport.self)
            #expect(report.from == "2026-01" && report.to == "2026-06" && report.buckets.count == 9)
            let stats = try #require(report.clinics.first)
            #expect(
                report.clinics.count == 1 && stats.clinic == clinic.slug && stats.promiseDays == 3
                    && stats.name == "Testmottagningen")
            func row(_ month: String, _ channel: Channel) -> StatisticsRow? {
                stats.rows.first { $0.month == month && $0.channel == channel }
            }

            let janSelf = try #require(row("2026-01", .self))
            #expect(
                janSelf.newConversations == 1 && janSelf.writerMessages == 2 && janSelf.clinicReplies == 2
                    && janSelf.answered == 1)
            #expect(janSelf.answerDays == [1, 0, 0, 0, 0, 0, 0, 0, 0] && janSelf.answeredWithinPromise == 1)
            let janRelative = try #require(row("2026-01", .relative))
            #expect(janRelative.newConversations == 1 && janRelative.writerMessages == 2 && janRelative.answered == 0)
            let febRelative = try #require(row("2026-02", .relative))
            #expect(
                febRelative.answered == 1 && febRelative.answerDays == [0, 0, 0, 1, 0, 0, 0, 0, 0]
                    && febRelative.answeredWithinPromise == 1)
            let marSelf = try #require(row("2026-03", .self))
            #expect(
                marSelf.answered == 1 && marSelf.answerDays == [0, 0, 0, 0, 0, 0, 0, 1, 0] && marSelf.answeredWithinPromise == 0)
            #expect(marSelf.deletedByWriter == 1 && marSelf.expired == 0)
            #expect(try #require(row("2026-03", .relative)).deletedByStaff == 1)
            #expect(try #require(row("2026-06", .self)).expired == 1)
            #expect(try #require(row("2026-06", .professional)).expired == 1)
            #expect(try #require(row("2026-02", .professional)).newConversations == 1)

            // Over the quarter: 4 conversations, 3 answered, 2 of them within the promise.
            let total = stats.rows.reduce(into: StatisticsRow(month: "", channel: .self)) { $0.add($1) }
            #expect(total.newConversations == 4 && total.answered == 3 && total.answeredWithinPromise == 2)
            #expect(total.deletedByWriter + total.deletedByStaff + total.expired == 4)

            // A narrower range, and refusals.
            let february = try await relay.staff(.get, "/v1/staff/statistics?from=2026-02&to=2026-02", as: clinic.admin).decode(
                StatisticsReport.self)
            #expect(Set(february.clinics[0].rows.map(\.month)) == ["2026-02"])
            for query in ["from=2026-13", "to=26-01", "from=2026-03&to=2026-01", "clinic=other"] {
                #expect(
                    try await relay.staff(.get, "/v1/staff/statistics?\(query)", as: clinic.admin).status == .badRequest,
                    "\(query)")
            }
        }
    }

    @Test func anotherClinicsCountsAreNotShownToStaff() async throws {
        try await withRelay { relay in
            let first = try await relay.makeClinic("forsta")
            let second = try await relay.makeClinic("andra")
            _ = try await relay.newThread(in: second)
            let month = Day.today().month
            let mine = try await relay.staff(.get, "/v1/staff/statistics?from=\(month)&to=\(month)", as: first.admin).decode(
                StatisticsReport.self)
            #expect(mine.clinics.map(\.clinic) == ["forsta"] && mine.clinics[0].rows.isEmpty)
            let all = try await StatisticsReader(store: relay.store).report(clinic: nil, from: month, to: month)
            #expect(all.clinics.map(\.clinic) == ["andra", "forsta"])
            #expect(all.clinics[0].rows.map(\.newConversations) == [1])
        }
    }

    @Test func migratingFillsTheCountersFromTheThreadsThatStillExist() async throws {
        let queue = try DatabaseQueue(configuration: SQLiteRelayStore.configuration())
        try Migrations.migrator.migrate(queue, upTo: "2026-12-v3-identity-succession")
        let profile = ClinicProfile(
            slug: "gammal", name: "Gamla mottagningen", region: "", municipalities: [], phone: "", phoneHours: "",
            answerTime: "inom två dagar",
            channels: Channel.allCases, languages: ["sv"], about: "", answerDays: 2)
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO clinic (slug, profile_document, created) VALUES ('gammal', ?, '2026-01-01')",
                arguments: [try JSONEncoder().encode(profile)])
            for (id, channel, created) in [
                (11, "self", "2026-01-10"), (12, "relative", "2026-02-01"), (13, "self", "2026-02-20"),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO thread (id, lookup_hash, handle, clinic, channel, status, writer_key, created, last_activity, expires, count_day)
                        VALUES (?, ?, ?, 'gammal', ?, 'new', ?, ?, ?, '2027-01-01', ?)
                        """,
                    arguments: [id, Data(Random.bytes(32)), "h\(id)", channel, Data(Random.bytes(32)), created, created, created])
            }
            let messages: [(Int, String, String)] = [
                (11, "writer", "2026-01-10"), (11, "clinic", "2026-01-12"), (11, "clinic", "2026-01-13"),
                (12, "writer", "2026-02-01"), (12, "clinic", "2026-02-09"), (13, "writer", "2026-02-20"),
            ]
            for (seq, (thread, author, date)) in messages.enumerated() {
                try db.execute(
                    sql:
                        "INSERT INTO message (id, thread, seq, author, epoch, ciphertext, date) VALUES (?, ?, ?, ?, 1, x'00', ?)",
                    arguments: [100 + seq, thread, seq + 1, author, date])
            }
        }
        try Migrations.migrator.migrate(queue)
        let rows = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM statistics ORDER BY month, channel").map { row -> String in
                let counts = [
                    "new_threads", "writer_messages", "clinic_messages", "answered", "answer_2", "answer_6", "within_promise",
                ].map { String(row[$0] as Int) }
                return ([row["month"] as String, row["channel"] as String] + counts).joined(separator: " ")
            }
        }
        // Thread 11: answered after 2 days (within the promise of 2); 12: after 8 days.
        #expect(
            rows == [
                "2026-01 self 1 1 2 1 1 0 1",
                "2026-02 relative 1 1 1 1 0 1 0",
                "2026-02 self 1 1 0 0 0 0 0",
            ])
        let since = try await queue.read { db in try String.fetchOne(db, sql: "SELECT month FROM statistics_since") }
        #expect(since == Day.today().month)
    }
}
