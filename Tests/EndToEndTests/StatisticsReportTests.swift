import Foundation
@testable import LuckaClient
import LuckaCore
import Testing

/// `lucka-staff stats`, `lucka-staff notices` and `lucka-relay stats` against a real relay;
/// the HTML report opened in headless Chromium, its screenshot kept in test-artifacts/.
@Suite("Live relay: statistics and the notice commands", .serialized)
struct StatisticsReportTests {
    @Test func staffAndOperatorReportsInEveryFormatAndThePageInABrowser() async throws {
        let workspace = RelayProcess.workspace()
        let maildir = workspace + "/maildir"
        let smtp = try HelperServer.smtp(maildir: maildir)
        defer { smtp.stop() }
        let relay = try RelayProcess(
            workspace: workspace, environment: ["LUCKA_SENDMAIL_COMMAND": msmtpCommand(workspace: workspace, port: smtp.port)])
        defer { relay.stop() }

        // Clinic one, through the library: it promises an answer within 3 days.
        let clinic = try await LiveClinic.found(on: relay)
        var keys = try await clinic.admin.clinicKeys()
        var profile = keys.clinic.profile
        profile.answerDays = 3
        try await clinic.admin.updateProfile(profile, with: keys)
        keys = try await clinic.admin.clinicKeys()
        var conversations: [WriterConversation] = []
        let channels: [Channel] = [.self, .self, .relative, .professional]
        for (index, channel) in channels.enumerated() {
            let (_, conversation) = try await WriterConversation.start(
                relay: relay.client, clinic: clinic.slug, channel: channel, text: "Hej \(index)", pin: clinic.fingerprint)
            conversations.append(conversation)
        }
        _ = try await conversations[0].reply("Ett till")
        for entry in try await clinic.admin.inbox().threads where entry.channel != .professional {
            _ = try await clinic.admin.reply(to: entry.handle, text: "Svar", displayName: clinic.adminName, with: keys)
        }
        try await conversations[1].delete()
        try await clinic.admin.delete(try await clinic.admin.inbox(channel: .professional).threads[0].handle)

        // Clinic two, through lucka-staff.
        let (anna, fingerprint) = try StaffToolTests.foundClinic(relay, workspace)
        _ = try await WriterConversation.start(
            relay: relay.client, clinic: "kast-e2e", channel: .relative, text: "Hej", pin: fingerprint)

        // Notices through lucka-staff: set, show, test (a real e-mail through msmtp).
        #expect(try anna.run(["notices", "set", "--target", "bad address"]).status != 0)
        // A plain http:// hook is refused before anything is sent, in either language.
        let plainSV = try anna.run(["notices", "set", "--target", "http://hooks.example/kast", "--lang", "sv"])
        #expect(plainSV.status == 64 && plainSV.error.contains("En webbhook måste börja med https:// (inte http://)"), "\(plainSV.error)")
        let plainEN = try anna.run(["notices", "set", "--target", "http://hooks.example/kast", "--lang", "en"])
        #expect(plainEN.status == 64 && plainEN.error.contains("A web hook must start with https:// (not http://)"), "\(plainEN.error)")
        // Below the relay's 60-minute floor: refused by the relay.
        #expect(try anna.run(["notices", "set", "--target", "mottagningen@clinic.test", "--interval", "30"]).status == 1)
        let set = try anna.ok(["notices", "set", "--target", "mottagningen@clinic.test", "--interval", "90", "--lang", "en"])
        #expect(
            set.contains("The notice settings are saved.") && set.contains("1. mottagningen@clinic.test")
                && set.contains("every 90 minutes"))
        #expect(try anna.ok(["notices", "show", "--lang", "sv"]).contains("Högst en avisering var 90:e minut"))
        let shown = try anna.json(NoticeSettings.self, ["notices", "show"])
        #expect(shown == NoticeSettings(targets: ["mottagningen@clinic.test"], intervalMinutes: 90))
        #expect(try anna.ok(["notices", "test", "--lang", "en"]).contains("1. mottagningen@clinic.test: delivered"))
        let test = try #require(maildirMessages(maildir).first)
        #expect(
            mailHeader("To", in: test) == "mottagningen@clinic.test"
                && mailHeader("Subject", in: test) == "Lucka: testavisering / test notice")
        #expect(mailBody(test).hasPrefix("KAST Testköping\n\nDet här är en testavisering från Lucka."))

        // The staff member's report: their clinic only.
        let month = String(ISO8601DateFormatter().string(from: Date()).prefix(7))  // UTC, as the relay counts
        let staffJSON = try JSONDecoder().decode(
            StatisticsReport.self, from: Data(try anna.ok(["stats", "--format", "json", "--from", month, "--to", month]).utf8))
        #expect(staffJSON.clinics.map(\.clinic) == ["kast-e2e"])
        #expect(staffJSON.clinics[0].rows.map(\.newConversations) == [1] && staffJSON.clinics[0].rows[0].channel == .relative)
        #expect(try anna.ok(["stats", "--lang", "en"]).contains("New conversations"))
        let staffCSV = try anna.ok(["stats", "--format", "csv"])
        #expect(
            staffCSV.hasPrefix("clinic,month,channel,new_conversations,")
                && staffCSV.contains("\r\nkast-e2e,\(month),relative,1,1,0,0,"))
        let staffHTML = workspace + "/staff-report.html"
        #expect(try anna.ok(["stats", "--format", "html", "--output", staffHTML, "--lang", "en"]).contains("Wrote \(staffHTML)"))
        #expect(try String(contentsOfFile: staffHTML, encoding: .utf8).contains("<html lang=\"en\" dir=\"ltr\">"))
        #expect(try anna.run(["stats", "--from", "2026-13"]).status == 64)

        // The operator's report: both clinics and the total.
        let data = ["--data-dir", relay.dataDirectory]
        let operatorJSON = try JSONDecoder().decode(
            StatisticsReport.self, from: Data(try run("lucka-relay", ["stats", "--format", "json"] + data).output.utf8))
        #expect(operatorJSON.clinics.map(\.clinic) == ["kast-e2e", "kast-test"])
        let rows = try #require(operatorJSON.clinics.last?.rows)
        let total = rows.reduce(into: StatisticsRow(month: "", channel: .self)) { $0.add($1) }
        #expect(total.newConversations == 4 && total.writerMessages == 5 && total.clinicReplies == 3 && total.answered == 3)
        #expect(
            total.answerDays[0] == 3 && total.answeredWithinPromise == 3 && total.deletedByWriter == 1
                && total.deletedByStaff == 1)
        #expect(operatorJSON.clinics.last?.promiseDays == 3 && operatorJSON.countedSince == month)
        let table = try run("lucka-relay", ["stats", "--lang", "sv"] + data)
        #expect(
            table.status == 0 && table.output.contains("Alla mottagningar")
                && table.output.contains("100 % av de besvarade samtalen"))
        let csv = try run("lucka-relay", ["stats", "--format", "csv"] + data).output
        #expect(csv.contains("\r\n(total),\(month),self,"))
        #expect(
            try run("lucka-relay", ["check"] + data).output.contains(
                "statistics: counted since \(month); conversations deleted before then cannot be counted"))

        // Counts stay after deletion and expiry: every thread of clinic one gone, same figures.
        for entry in try await clinic.admin.inbox().threads { try await clinic.admin.delete(entry.handle) }
        let after = try JSONDecoder().decode(
            StatisticsReport.self,
            from: Data(try run("lucka-relay", ["stats", "--format", "json", "--clinic", "kast-test"] + data).output.utf8))
        let totalAfter = after.clinics[0].rows.reduce(into: StatisticsRow(month: "", channel: .self)) { $0.add($1) }
        #expect(totalAfter.newConversations == 4 && totalAfter.answered == 3 && totalAfter.deletedByStaff == 3)

        // The page in a real browser: a screenshot that shows the charts.
        let html = workspace + "/report.html"
        #expect(try run("lucka-relay", ["stats", "--format", "html", "--output", html] + data).status == 0)
        let artifacts = repositoryRoot + "/test-artifacts"
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        for (page, name) in [(html, "statistics-report.png"), (staffHTML, "statistics-report-staff-en.png")] {
            let screenshot = artifacts + "/" + name
            try? FileManager.default.removeItem(atPath: screenshot)
            let chromium = try runSystemTool(
                "chromium",
                [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--screenshot=\(screenshot)",
                    "--window-size=1280,2000",
                    "file://" + page,
                ])
            #expect(chromium.status == 0, "\(chromium.error)")
            let png = try #require(FileManager.default.contents(atPath: screenshot), "no screenshot of \(page)")
            #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            // A blank page compresses to a few kilobytes; tables and charts do not.
            #expect(png.count > 40_000, "\(name) is \(png.count) bytes")
        }
    }
}
