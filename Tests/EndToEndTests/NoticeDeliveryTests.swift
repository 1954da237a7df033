import Foundation
@testable import LuckaClient
import LuckaCore
import Testing

/// Notices through a real relay, msmtp as the sendmail command and a real SMTP server
/// (aiosmtpd) on loopback, and a web hook on loopback. A notice "minute" is shortened
/// (LUCKA_NOTICE_MINUTE_MILLISECONDS) so a 15-minute interval passes in seconds.
@Suite("Live relay: notices by e-mail and web hook", .serialized)
struct NoticeDeliveryTests {
    @Test func fiftyMessagesInOneIntervalGiveOneNoticePerTargetWithTheBytesOfOneAndStaffGiveNone() async throws {
        let workspace = RelayProcess.workspace()
        let maildir = workspace + "/maildir"
        let hookFolder = workspace + "/hook"
        try FileManager.default.createDirectory(atPath: hookFolder, withIntermediateDirectories: true)
        let smtp = try HelperServer.smtp(maildir: maildir)
        let hook = try HelperServer.hook(folder: hookFolder)
        defer { smtp.stop(); hook.stop() }
        // 15 notice minutes of one second: one slot is 15 s.
        // A 15-minute interval in 30 s: room for fifty posts on a busy two-core machine.
        let slot = 30.0
        let relay = try RelayProcess(
            workspace: workspace,
            environment: [
                "LUCKA_SENDMAIL_COMMAND": msmtpCommand(workspace: workspace, port: smtp.port),
                "LUCKA_NOTICE_FROM": "Lucka <lucka@relay.test>",
                "LUCKA_NOTICE_MINUTE_MILLISECONDS": "2000", "LUCKA_NOTICE_CHECK_SECONDS": "0.1",
                // A 15-minute interval, and a hook on this machine with its own certificate.
                "LUCKA_NOTICE_MINIMUM_INTERVAL_MINUTES": "15", "LUCKA_HOOK_ALLOWED_ADDRESSES": "127.0.0.1",
                "LUCKA_HOOK_TRUST_ROOTS_FILE": HelperServer.hookCertificate(folder: hookFolder),
            ])
        defer { relay.stop() }
        let clinic = try await LiveClinic.found(on: relay)
        let hookURL = "https://127.0.0.1:\(hook.port)/lucka-\(Random.bytes(4).hex)"
        let targets = ["anna@clinic.test", "team@clinic.test", hookURL]
        try await clinic.admin.setNoticeSettings(NoticeSettings(targets: targets, intervalMinutes: 15))
        #expect(try await clinic.admin.noticeSettings().targets == targets)

        // Fifty writer messages within one slot: five conversations of ten messages.
        try await waitForSlotStart(slotSeconds: slot)
        let first = noticeSlot(slotSeconds: slot)
        var conversations: [WriterConversation] = []
        for index in 0..<5 {
            let (_, conversation) = try await WriterConversation.start(
                relay: relay.client, clinic: clinic.slug, channel: index.isMultiple(of: 2) ? .self : .relative,
                text: "Hej \(index)", pin: clinic.fingerprint)
            conversations.append(conversation)
            for message in 1..<10 { _ = try await conversation.reply("Meddelande \(message)") }
        }
        try #require(noticeSlot(slotSeconds: slot) == first, "the fifty messages took longer than one slot")
        #expect(maildirMessages(maildir).isEmpty && filesIn(hookFolder).isEmpty, "no notice before the slot ends")
        #expect(
            try await eventually(seconds: slot + 10) { maildirMessages(maildir).count >= 2 && filesIn(hookFolder).count >= 1 })
        try await Task.sleep(for: .seconds(1))
        let round1 = maildirMessages(maildir)
        #expect(round1.count == 2 && filesIn(hookFolder).count == 1)
        #expect(Set(round1.compactMap { mailHeader("To", in: $0) }) == ["anna@clinic.test", "team@clinic.test"])

        // A slot in which only staff act: read, reply, close. No notice.
        try await waitForSlotStart(slotSeconds: slot)
        let keys = try await clinic.admin.clinicKeys()
        let handle = try await clinic.admin.inbox().threads[0].handle
        _ = try await clinic.admin.thread(handle, with: keys)
        _ = try await clinic.admin.reply(to: handle, text: "Välkommen.", displayName: clinic.adminName, with: keys)
        try await clinic.admin.setStatus(handle, .closed)
        try await waitForSlotStart(slotSeconds: slot, offset: 3)
        #expect(maildirMessages(maildir).count == 2 && filesIn(hookFolder).count == 1, "staff actions gave a notice")

        // One message in a slot: the same notice, byte for byte.
        _ = try await conversations[0].reply("Bara ett meddelande")
        #expect(
            try await eventually(seconds: slot + 10) { maildirMessages(maildir).count >= 4 && filesIn(hookFolder).count >= 2 })
        try await Task.sleep(for: .seconds(1))
        let all = maildirMessages(maildir)
        #expect(all.count == 4)
        let bodies = Set(all.map(mailBody))
        #expect(bodies.count == 1, "the body differs between fifty messages and one")
        let hooks = filesIn(hookFolder)
        #expect(hooks.count == 2 && Set(hooks).count == 1)
        let expected =
            "KAST Testköping\n\nDet finns nya meddelanden i Lucka.\nThere are new messages in Lucka.\n\nÖppna lucka-staff för att läsa dem. / Open lucka-staff to read them.\n"
        #expect(bodies.first == expected)
        #expect(hooks.first == expected)
        for message in all {
            #expect(mailHeader("Subject", in: message) == "Lucka: nya meddelanden / new messages")
            #expect(mailHeader("From", in: message) == "Lucka <lucka@relay.test>")
            for word in ["Hej", "Meddelande", "self", "relative", clinic.slug] {
                #expect(!mailBody(message).contains(word), "\(word)")
            }
        }

        // The relay's log names no target; its data holds no time finer than a day.
        relay.stop()
        let log = relay.log()
        for target in targets + ["clinic.test", "\(hook.port)"] { #expect(!log.contains(target), "the log names \(target)") }
        // When notices went out is when writers wrote: logged at debug only, never at info.
        #expect(!log.contains("notices sent"))
        let clock = try NSRegularExpression(pattern: "[0-2][0-9]:[0-5][0-9]:[0-5][0-9]")
        for file in filesUnder(relay.dataDirectory) {
            let text = String(decoding: file.bytes, as: UTF8.self)
            #expect(
                clock.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil,
                "\(file.path) holds a time of day")
            for marker in ["Meddelande", "Bara ett"] { #expect(file.bytes.firstRange(of: Array(marker.utf8)) == nil) }
        }
    }

    @Test func aDeadTargetDoesNotSlowWriters() async throws {
        let workspace = RelayProcess.workspace()
        let deadSMTP = try HelperServer.dead()
        let deadHook = try HelperServer.dead()
        defer { deadSMTP.stop(); deadHook.stop() }
        // Slots of 1.5 s, deliveries that hang until their 3-second timeout.
        let relay = try RelayProcess(
            workspace: workspace,
            environment: [
                "LUCKA_SENDMAIL_COMMAND": msmtpCommand(workspace: workspace, port: deadSMTP.port),
                "LUCKA_NOTICE_MINUTE_MILLISECONDS": "100", "LUCKA_NOTICE_CHECK_SECONDS": "0.1",
                "LUCKA_NOTICE_TIMEOUT_SECONDS": "3",
                "LUCKA_NOTICE_MINIMUM_INTERVAL_MINUTES": "15", "LUCKA_HOOK_ALLOWED_ADDRESSES": "127.0.0.1",
            ])
        defer { relay.stop() }
        let clinic = try await LiveClinic.found(on: relay)

        func measure() async throws -> [Double] {
            var samples: [Double] = []
            for index in 0..<4 {
                let (_, conversation) = try await WriterConversation.start(
                    relay: relay.client, clinic: clinic.slug, channel: .self, text: "Start \(index)", pin: clinic.fingerprint)
                for message in 0..<30 {
                    let started = ContinuousClock.now
                    _ = try await conversation.reply("Meddelande \(message)")
                    let elapsed = ContinuousClock.now - started
                    samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                    // Paced over about five seconds: several slots end, and with targets
                    // set, deliveries hang while writers go on.
                    try await Task.sleep(for: .milliseconds(30))
                }
            }
            return samples
        }
        _ = try await measure()  // warm up
        let without = try await measure()
        try await clinic.admin.setNoticeSettings(
            NoticeSettings(
                targets: ["anna@clinic.test", "https://127.0.0.1:\(deadHook.port)/hook"], intervalMinutes: 15))
        let attemptsBefore = relay.log().components(separatedBy: "notice not delivered").count
        let with = try await measure()
        let (p99Without, p99With) = (p99(without), p99(with))
        print(
            "writer p99 without notice targets: \(Int(p99Without * 1000)) ms; with a dead e-mail and a dead hook target: \(Int(p99With * 1000)) ms (\(with.count) posts each)"
        )
        // A writer waiting on a delivery would wait its whole 3-second timeout.
        #expect(p99With < p99Without + 1.0)
        #expect(with.max()! < 2.5)

        // Deliveries were tried (and hung) while the writers posted.
        #expect(
            try await eventually(seconds: 30) {
                relay.log().components(separatedBy: "notice not delivered").count > attemptsBefore
            })
        // The failures are logged at warning by the target's index, never the address.
        let line = try waitForLine(containing: "notice not delivered", in: relay.logPath, seconds: 30) { relay.process.isRunning }
        #expect(line.contains("warning") && line.contains("lucka.target_index"))
        // Shutdown does not wait for hung deliveries: they are cancelled (the mail command killed).
        _ = try await clinic.admin.setNoticeSettings(NoticeSettings(targets: ["https://127.0.0.1:\(deadHook.port)/hook"], intervalMinutes: 15))
        _ = try await WriterConversation.start(relay: relay.client, clinic: clinic.slug, channel: .self, text: "Sist", pin: clinic.fingerprint)
        try await waitForSlotStart(slotSeconds: 1.5, offset: 0.5)
        let stopping = ContinuousClock.now
        relay.stop()
        let stopped = ContinuousClock.now - stopping
        print("relay stopped \(stopped) after SIGTERM with a delivery hanging")
        #expect(stopped < .seconds(2.5))
        let log = relay.log()
        for target in ["anna@clinic.test", "clinic.test", "\(deadHook.port)", "\(deadSMTP.port)"] {
            #expect(!log.contains(target), "the log names \(target)")
        }
    }
}
