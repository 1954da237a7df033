import Foundation
import Logging
import LuckaCore
import Testing

@testable import LuckaRelay

/// Notice settings through the signed routes, the "writers have written" flag, and the
/// notice service's rounds with a mail command that writes what it is given to a file.
@Suite("Notices")
struct NoticeRouteTests {
    @Test func adminsSetTargetsEveryMemberReadsThemAndBadOnesAreRefused() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let counsellor = try await relay.addActive("Bertil", in: clinic)
            let empty = try await relay.staff(.get, "/v1/staff/notices", as: counsellor)
            #expect(empty.status == .ok)
            #expect(try empty.decode(NoticeSettings.self) == NoticeSettings())

            let settings = NoticeSettings(
                targets: ["mottagningen@kommun.example", "https://hooks.example/kast"], intervalMinutes: 60)
            #expect(try await relay.staff(.post, "/v1/staff/notices", json: settings, as: counsellor).errorCode == "admin_only")
            #expect(try await relay.staff(.post, "/v1/staff/notices", json: settings, as: clinic.admin).status == .noContent)
            // A counsellor sees that a hook exists, not its URL (often a secret); an admin sees it.
            let seen = try await relay.staff(.get, "/v1/staff/notices", as: counsellor)
            #expect(try seen.decode(NoticeSettings.self) == settings.hidingHooks())
            #expect(try seen.decode(NoticeSettings.self).targets == ["mottagningen@kommun.example", NoticeSettings.hiddenHook])
            #expect(!seen.text.contains("hooks.example"))
            #expect(try await relay.staff(.get, "/v1/staff/notices", as: clinic.admin).decode(NoticeSettings.self) == settings)
            #expect(
                try await relay.store.auditLog(clinic: clinic.slug, limit: 50).contains {
                    $0.action == "notices" && $0.thread == nil
                })

            let bad: [NoticeSettings] = [
                NoticeSettings(targets: (0..<11).map { "a\($0)@kommun.example" }),
                NoticeSettings(targets: ["a@kommun.example\r\nBcc: spy@evil.example"]),
                NoticeSettings(targets: ["a@kommun.example, spy@evil.example"]),
                NoticeSettings(targets: ["ftp://hooks.example/x"]),
                NoticeSettings(targets: ["https://user:pw@hooks.example/x"]),
                NoticeSettings(targets: ["a@kommun.example"], intervalMinutes: 5),
                NoticeSettings(targets: ["a@kommun.example"], intervalMinutes: 59),
                NoticeSettings(targets: ["http://hooks.example/kast"]),
                NoticeSettings(targets: ["HTTP://hooks.example/kast"]),
                NoticeSettings(targets: ["a@kommun.example"], intervalMinutes: 1441),
                NoticeSettings(targets: ["a@kommun.example"], dailyHour: 24),
                NoticeSettings(targets: ["a@kommun.example", "a@kommun.example"]),
            ]
            for settings in bad {
                let response = try await relay.staff(.post, "/v1/staff/notices", json: settings, as: clinic.admin)
                #expect(response.status == .badRequest, "\(settings.targets)")
            }
            let plain = try await relay.staff(.post, "/v1/staff/notices", json: NoticeSettings(targets: ["http://hooks.example/kast"]), as: clinic.admin)
            #expect(plain.text.contains(#"web hooks must use https:\/\/"#))
            // Unchanged by the refused ones; an empty list removes them.
            #expect(try await relay.staff(.get, "/v1/staff/notices", as: clinic.admin).decode(NoticeSettings.self) == settings)
            #expect(
                try await relay.staff(.post, "/v1/staff/notices", json: NoticeSettings(), as: clinic.admin).status == .noContent)
            #expect(try await relay.store.noticeClinics().isEmpty)
            #expect(try await relay.staff(.post, "/v1/staff/notices/test", as: clinic.admin).errorCode == "no_targets")
        }
    }

    @Test("The interval is at least 60 minutes unless the operator lowers the minimum; stored shorter ones are held to it")
    func intervalMinimum() async throws {
        #expect(RelayConfiguration().minimumNoticeIntervalMinutes == 60)
        try await withRelay({ $0.minimumNoticeIntervalMinutes = 15 }) { relay in
            let clinic = try await relay.makeClinic()
            let quick = NoticeSettings(targets: ["a@kommun.example"], intervalMinutes: 15)
            #expect(try await relay.staff(.post, "/v1/staff/notices", json: quick, as: clinic.admin).status == .noContent)
            let tooQuick = NoticeSettings(targets: ["a@kommun.example"], intervalMinutes: 14)
            #expect(try await relay.staff(.post, "/v1/staff/notices", json: tooQuick, as: clinic.admin).status == .badRequest)
        }
        var configuration = RelayConfiguration()
        let stored = NoticeSettings(targets: ["a@kommun.example"], intervalMinutes: 15)
        let start = Date(timeIntervalSince1970: Double(1_800_000_000 - 1_800_000_000 % 3600))
        let first = NoticeService.slot(stored, now: start, configuration: configuration)
        #expect(NoticeService.slot(stored, now: start.addingTimeInterval(3599), configuration: configuration) == first)
        configuration.minimumNoticeIntervalMinutes = 15
        #expect(NoticeService.slot(stored, now: start.addingTimeInterval(900), configuration: configuration) != NoticeService.slot(stored, now: start, configuration: configuration))
    }

    @Test func writersRaiseTheFlagAndStaffNever() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            try await relay.store.setNoticeSettings(clinic: clinic.slug, NoticeSettings(targets: ["a@kommun.example"]))
            #expect(try await relay.store.noticeClinics().map(\.pending) == [false])
            let writer = try await relay.newThread(in: clinic)
            #expect(try await relay.store.noticeClinics().map(\.pending) == [true])
            #expect(try await relay.store.takeNoticeFlag(clinic: clinic.slug))
            #expect(try await !relay.store.takeNoticeFlag(clinic: clinic.slug))

            // Staff read, reply, set status: no flag.
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            #expect(try await relay.staff(.get, "/v1/staff/threads/\(handle)", as: clinic.admin).status == .ok)
            #expect(
                try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: clinic.admin).status == .created)
            #expect(
                try await relay.staff(
                    .post, "/v1/staff/threads/\(handle)/status", json: StatusRequest(status: .closed), as: clinic.admin
                ).status == .noContent)
            #expect(try await relay.store.noticeClinics().map(\.pending) == [false])

            // A writer's message raises it again.
            #expect(try await relay.post(writer, in: clinic).status == .created)
            #expect(try await relay.store.noticeClinics().map(\.pending) == [true])
        }
    }

    /// A mail command that appends each message it is given to its own file in `folder`.
    static func recordingMail(_ folder: String) -> [String] {
        ["/bin/sh", "-c", "cat > \"$0/mail-$$-$(date +%s%N)\"", folder]
    }

    static func messages(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().compactMap {
            try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8)
        }
    }

    static func body(of message: String) -> String {
        guard let range = message.range(of: "\r\n\r\n") else { return "" }
        return String(message[range.upperBound...])
    }

    @Test func oneNoticePerSlotTheSameBytesForOneMessageOrFiftyAndNoneForStaff() async throws {
        let folder = NSTemporaryDirectory() + "lucka-mail-" + Random.bytes(4).hex
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try await withRelay({
            $0.sendmailCommand = Self.recordingMail(folder)
            $0.minimumNoticeIntervalMinutes = 15
        }) { relay in
            let clinic = try await relay.makeClinic()
            try await relay.store.setNoticeSettings(
                clinic: clinic.slug, NoticeSettings(targets: ["a@kommun.example", "b@kommun.example"], intervalMinutes: 15))
            let service = NoticeService(store: relay.store, configuration: relay.configuration, logger: Logger(label: "test"))
            var memory = NoticeService.Memory()
            let start = Date(timeIntervalSince1970: 1_800_000_000)  // a slot boundary of 15 minutes
            try await service.look(&memory, now: start)

            // Fifty writer messages within one slot: five conversations of ten (a writer may
            // send 40 a day to one conversation).
            var writers: [Writer] = []
            for _ in 0..<5 {
                let writer = try await relay.newThread(in: clinic)
                for _ in 0..<9 { #expect(try await relay.post(writer, in: clinic).status == .created) }
                writers.append(writer)
            }
            let writer = writers[0]
            try await service.look(&memory, now: start.addingTimeInterval(600))
            #expect(Self.messages(in: folder).isEmpty, "nothing before the slot ends")
            try await service.look(&memory, now: start.addingTimeInterval(900))
            let fifty = Self.messages(in: folder)
            #expect(fifty.count == 2)
            #expect(
                fifty.contains { $0.contains("To: a@kommun.example\r\n") }
                    && fifty.contains { $0.contains("To: b@kommun.example\r\n") })

            // A slot with staff work only: nothing.
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            #expect(
                try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: clinic.admin).status == .created)
            try await service.look(&memory, now: start.addingTimeInterval(1800))
            #expect(Self.messages(in: folder).count == 2)

            // One message in the next slot: the same body, byte for byte.
            #expect(try await relay.post(writer, in: clinic).status == .created)
            try await service.look(&memory, now: start.addingTimeInterval(2700))
            let all = Self.messages(in: folder)
            #expect(all.count == 4)
            let bodies = Set(all.map(Self.body))
            #expect(bodies.count == 1)
            let body = try #require(bodies.first)
            #expect(
                body
                    == "Testmottagningen\r\n\r\nDet finns nya meddelanden i Lucka.\r\nThere are new messages in Lucka.\r\n\r\nÖppna lucka-staff för att läsa dem. / Open lucka-staff to read them.\r\n"
            )
            for message in all {
                #expect(message.hasPrefix("From: Lucka <lucka@localhost>\r\nTo: "))
                #expect(message.contains("\r\nSubject: Lucka: nya meddelanden / new messages\r\n"))
            }
        }
    }

    @Test func aFailedTargetIsRetriedNextSlotAloneAndADailyClinicWaitsForItsHour() async throws {
        let folder = NSTemporaryDirectory() + "lucka-mail-" + Random.bytes(4).hex
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try await withRelay({
            $0.sendmailCommand = Self.recordingMail(folder)
            $0.minimumNoticeIntervalMinutes = 15
        }) { relay in
            let clinic = try await relay.makeClinic()
            // A hook on a closed loopback port fails; the e-mail goes through.
            try await relay.store.setNoticeSettings(
                clinic: clinic.slug,
                NoticeSettings(targets: ["a@kommun.example", "https://127.0.0.1:9/hook"], intervalMinutes: 15))
            let service = NoticeService(store: relay.store, configuration: relay.configuration, logger: Logger(label: "test"))
            var memory = NoticeService.Memory()
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            try await service.look(&memory, now: start)
            _ = try await relay.newThread(in: clinic)
            try await service.look(&memory, now: start.addingTimeInterval(900))
            #expect(Self.messages(in: folder).count == 1)
            #expect(memory.owed[clinic.slug] == [1])
            // Next slot, no new message: only the failed target is tried (and fails again).
            try await service.look(&memory, now: start.addingTimeInterval(1800))
            #expect(Self.messages(in: folder).count == 1)
            #expect(memory.owed[clinic.slug] == [1])
        }
        var configuration = RelayConfiguration()
        configuration.noticeTimeZone = "UTC"
        let daily = NoticeSettings(targets: ["a@kommun.example"], dailyHour: 8)
        let day = 1_800_000_000 - 1_800_000_000 % 86_400
        let before = NoticeService.slot(
            daily, now: Date(timeIntervalSince1970: Double(day + 7 * 3600 + 3599)), configuration: configuration)
        let at = NoticeService.slot(daily, now: Date(timeIntervalSince1970: Double(day + 8 * 3600)), configuration: configuration)
        let evening = NoticeService.slot(
            daily, now: Date(timeIntervalSince1970: Double(day + 23 * 3600)), configuration: configuration)
        #expect(at == before + 1 && evening == at)
    }
}
