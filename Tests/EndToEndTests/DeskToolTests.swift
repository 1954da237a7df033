import Foundation
import Spawn
@testable import LuckaClient
import LuckaCore
import Testing

/// The counsellors' desk with the real executables (issue 13): two counsellors of one
/// clinic share a queue of 60 conversations.
@Suite("The desk end to end", .serialized)
struct DeskToolTests {
    struct Row: Decodable {
        var number: Int
        var handle: String
        var status: String
        var waitingDays: Int?
        var overdue: Bool
        var handler: String?
        var handlerName: String?
        var unreadForMe: Int
    }

    /// Sets waiting days on the relay's live database, as if the writers had written on
    /// earlier days (the relay's clock is the day; SQLite takes a second writer).
    static func backdate(_ data: String, _ days: [String: Int]) throws {
        let today = Date().timeIntervalSince1970 / 86_400
        let statements = days.map { handle, back in
            let day = Date(timeIntervalSince1970: (today.rounded(.down) - Double(back)) * 86_400)
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd"
            formatter.timeZone = TimeZone(identifier: "UTC")
            return "UPDATE thread SET waiting_since = '\(formatter.string(from: day))' WHERE handle = '\(handle)';"
        }
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], timeout=30)
            db.executescript(sys.stdin.read())
            db.commit()
            """
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, data + "/lucka.sqlite"]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(statements.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }

    @Test func aTeamsDay() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let (anna, fingerprint) = try StaffToolTests.foundClinic(relay, workspace)
        let (bertil, bertilRow) = try StaffToolTests.addCounsellor(relay, workspace, admin: anna, fingerprint: fingerprint)
        // The profile promises an answer within 3 days.
        _ = try await anna.succeeding(["clinic", "profile", "--answer-days", "3", "--answer-days-kind", "calendar"])

        // 60 writers.
        var codes: [ConversationCode] = []
        for index in 0..<60 {
            let (code, _) = try await WriterConversation.start(
                relay: relay.client, clinic: "kast-e2e", channel: .self, text: "Fråga nummer \(index)", pin: fingerprint)
            codes.append(code)
        }
        let first = try await anna.decoding([Row].self, ["inbox", "--limit", "100"])
        #expect(first.count == 60)
        // Each waits 0 to 14 days; ten were answered.
        var days: [String: Int] = [:]
        for (index, row) in first.enumerated() { days[row.handle] = index % 15 }
        try Self.backdate(relay.dataDirectory, days)
        let answered = Array(first.suffix(10).map(\.handle))
        for handle in answered { _ = try await anna.succeeding(["reply", handle], stdin: "Tack för att du skriver.") }

        // The queue: the longest waiting first, across the relay's pages (50 a page), then the answered ones.
        let queue = try await bertil.decoding([Row].self, ["inbox", "--limit", "60"])
        #expect(queue.count == 60)
        #expect(queue.map(\.number) == Array(1...60))
        let waiting = queue.prefix(50)
        #expect(waiting.allSatisfy { $0.status == "new" && $0.waitingDays != nil })
        let expected = first.prefix(50).map(\.handle).sorted { (days[$0]!, $1) > (days[$1]!, $0) }
        #expect(waiting.map(\.handle) == expected)
        #expect(waiting.map { $0.waitingDays ?? -1 } == expected.map { days[$0]! })
        #expect(Set(queue.suffix(10).map(\.handle)) == Set(answered))
        #expect(queue.suffix(10).allSatisfy { $0.waitingDays == nil && !$0.overdue })
        // Overdue: more than 3 days.
        #expect(waiting.allSatisfy { $0.overdue == (($0.waitingDays ?? 0) > 3) })
        let overdue = try await bertil.decoding([Row].self, ["inbox", "--overdue", "--limit", "100"])
        #expect(overdue.map(\.handle) == waiting.filter(\.overdue).map(\.handle))
        // The human listing, in Swedish and in English.
        let swedish = try await bertil.running(["inbox", "--limit", "5"], environment: ["LUCKA_LANG": "sv"])
        #expect(swedish.status == 0 && swedish.output.contains("VÄNTAT") && swedish.output.contains("14 d !"))
        #expect(swedish.output.contains("har väntat längre än mottagningens löfte (3 dagar)"))
        #expect(swedish.output.contains("fler finns"))
        let english = try await bertil.running(["inbox", "--limit", "5", "--lang", "en"], environment: ["LUCKA_LANG": "sv"])
        #expect(english.status == 0 && english.output.contains("WAITING") && english.output.contains("more: 5 shown"))

        // Anna takes row 1 of her listing; Bertil sees it. Then she gives it to Bertil.
        let annasQueue = try await anna.decoding([Row].self, ["inbox", "--limit", "60"])
        let top = annasQueue[0].handle
        #expect(try await anna.succeeding(["take", "1"], environment: ["LUCKA_LANG": "sv"]).contains("Du handlägger nu \(top)"))
        #expect(try await bertil.decoding([Row].self, ["inbox", "--limit", "60"]).first { $0.handle == top }?.handlerName == "Anna")
        #expect(try await bertil.decoding([Row].self, ["inbox", "--unassigned", "--limit", "100"]).allSatisfy { $0.handle != top })
        #expect(try await anna.succeeding(["give", top, "bertil"]).contains("is now handled by Bertil"))
        let mine = try await bertil.decoding([Row].self, ["inbox", "--mine"])
        #expect(mine.map(\.handle) == [top] && mine[0].handler == bertilRow.id && mine[0].handlerName == "you")
        #expect(try await bertil.succeeding(["read", "1"]).contains("Handler: Bertil"))
        let unknownColleague = try await bertil.running(["give", top, "Cecilia"])
        #expect(unknownColleague.status == 1 && unknownColleague.error.contains("no active colleague is called Cecilia"))
        let noRow = try await bertil.running(["read", "99"], environment: ["LUCKA_LANG": "sv"])
        #expect(noRow.status == 1 && noRow.error.contains("rad 99 finns inte"))

        // Unread is per counsellor: Bertil read `top`, Anna did not.
        #expect(try await bertil.decoding([Row].self, ["inbox", "--mine"])[0].unreadForMe == 0)
        #expect(try await anna.decoding([Row].self, ["inbox", "--limit", "60"]).first { $0.handle == top }?.unreadForMe == 1)

        // watch: one notice when a writer writes, none otherwise; notify-send is called too.
        let tools = workspace + "/bin"
        try FileManager.default.createDirectory(atPath: tools, withIntermediateDirectories: true)
        let notified = workspace + "/notified"
        let fake = "#!/bin/sh\necho \"$@\" >> \(notified)\n"
        _ = FileManager.default.createFile(
            atPath: tools + "/notify-send", contents: Data(fake.utf8), attributes: [.posixPermissions: 0o755])
        let path = tools + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let quiet = try await bertil.running(
            ["watch", "--interval", "1", "--polls", "3"], environment: ["PATH": path, "LUCKA_LANG": "sv"])
        #expect(quiet.status == 0 && !quiet.output.contains("Nya meddelanden"), "\(quiet.output) \(quiet.error)")
        let watching = try bertil.start(
            ["watch", "--interval", "1", "--polls", "6"], environment: ["PATH": path, "LUCKA_LANG": "sv"])
        // Written once the first count is in: from then on a new message is news.
        #expect(try await watching.waitForError("Bevakar inkorgen"))
        let (writer, _) = try await WriterConversation.resume(relay: relay.client, code: codes[0], pin: fingerprint)
        _ = try await writer.reply("Jag skriver igen.")
        let watched = try await watching.finish()
        #expect(watched.status == 0, "\(watched.error)")
        #expect(watched.output.components(separatedBy: "Nya meddelanden").count - 1 == 1, "\(watched.output)")
        #expect(!watched.output.contains("Jag skriver igen"))
        #expect(
            (try? String(contentsOfFile: notified, encoding: .utf8))?.components(separatedBy: "\n").filter { !$0.isEmpty } == [
                "Lucka Nya meddelanden"
            ])

        // Audit: Anna (admin) sees who took and gave what; Bertil may not.
        let audit = try await anna.succeeding(["audit", "--lang", "en"])
        #expect(audit.contains("took") && audit.contains("gave to Bertil") && audit.contains(top))
        let auditJSON = try await anna.decoding([AuditRow].self, ["audit", "--from", "2000-01-01"])
        #expect(auditJSON.contains { $0.action == "give \(bertilRow.id)" && $0.thread == top })
        #expect(try await bertil.running(["audit"]).status == 1)
        #expect(try await anna.running(["audit", "--from", "igår"]).status == 64)
        relay.stop()
    }
}

extension DeskToolTests {
    struct ThreadNotes: Decodable {
        struct Note: Decodable {
            var seq: Int
            var afterSeq: Int
            var author: String?
            var text: String?
        }
        struct Message: Decodable {
            var author: String
            var text: String?
        }
        var notes: [Note]
        var messages: [Message]
    }

    /// A script for $EDITOR: runs `body` with the file as $1 and keeps a copy of what it saw.
    static func editor(_ workspace: String, _ name: String, _ body: String) throws -> String {
        let path = workspace + "/editor-" + name
        let script = "#!/bin/sh\nset -e\ncp \"$1\" \"\(path).saw\"\necho \"$1\" > \"\(path).path\"\n\(body)\n"
        _ = FileManager.default.createFile(atPath: path, contents: Data(script.utf8), attributes: [.posixPermissions: 0o755])
        return path
    }

    @Test func notesTemplatesAndTheEditor() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let (anna, fingerprint) = try StaffToolTests.foundClinic(relay, workspace)
        let (bertil, _) = try StaffToolTests.addCounsellor(relay, workspace, admin: anna, fingerprint: fingerprint)
        let question = "Jag har köpt sex och vill sluta."
        let (code, _) = try await WriterConversation.start(
            relay: relay.client, clinic: "kast-e2e", channel: .self, text: question, pin: fingerprint)
        let handle = try #require(try await anna.decoding([Row].self, ["inbox"]).first?.handle)
        _ = try await bertil.decoding([Row].self, ["inbox"])

        // A note by Anna, read by Bertil, marked internal; the writer's side never has it.
        let noteText = "Internt: har ringt förut, var varsam."
        #expect(try await anna.succeeding(["note", "1", noteText]).contains("Internal note #1 saved"))
        let seen = try await bertil.decoding(ThreadNotes.self, ["read", "1"])
        #expect(
            seen.notes.count == 1 && seen.notes[0].text == noteText && seen.notes[0].author == "Anna"
                && seen.notes[0].afterSeq == 1)
        let human = try await bertil.succeeding(["read", handle], environment: ["LUCKA_LANG": "sv"])
        #expect(human.contains("── INTERN ANTECKNING #1 av Anna") && human.contains(noteText))
        let lucka = try run(
            "lucka", ["read", "--relay", relay.url, "--code-stdin", "--pin", fingerprint.description, "--json"],
            stdin: code.grouped() + "\n")
        #expect(
            lucka.status == 0 && lucka.output.contains(question) && !lucka.output.contains("Internt")
                && !lucka.output.lowercased().contains("note"))
        let page = try await Browser().post(relay.url + "/return", form: [("code", code.grouped())])
        #expect(page.body.contains(question) && !page.body.contains("Internt") && !page.body.contains("ANTECKNING"))
        let tooLong = try await anna.running(["note", "1", String(repeating: "a", count: 5000)])
        #expect(tooLong.status == 1 && tooLong.error.contains("at most 4096 fit"))
        let wrongRow = try await anna.running(["note", "7", "text"])
        #expect(wrongRow.status == 1 && wrongRow.error.contains("row 7 is not in the last listing"))

        // A template (admins), used in Bertil's reply through a scripted editor.
        #expect(
            try await anna.succeeding(["template", "add", "första-svar"], stdin: "Tack för att du skriver till oss. Hälsningar NAMN").contains(
                "is saved"))
        #expect(try await bertil.running(["template", "add", "egen"], stdin: "x").status == 1)
        #expect(try await bertil.succeeding(["template", "list"]).contains("första-svar: Tack för att du skriver"))
        let fill = try Self.editor(workspace, "fill", "sed -i 's/NAMN/Bertil/' \"$1\"")
        let sent = try await bertil.running(
            ["reply", "1", "--template", "första-svar", "--edit"], stdin: "j\n", environment: ["EDITOR": fill, "VISUAL": ""])
        #expect(sent.status == 0 && sent.error.contains("Send? (y/n)"), "\(sent.output) \(sent.error)")
        #expect(sent.output.contains("Sent as message 2"))
        let saw = try String(contentsOfFile: fill + ".saw", encoding: .utf8)
        #expect(
            saw.hasPrefix("Tack för att du skriver till oss. Hälsningar NAMN")
                && saw.contains("# ------------------------ >8 ------------------------") && saw.contains("# " + question))
        // The editor's file was in a private folder and is gone.
        let editedPath = try String(contentsOfFile: fill + ".path", encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(
            !FileManager.default.fileExists(atPath: editedPath)
                && !FileManager.default.fileExists(atPath: (editedPath as NSString).deletingLastPathComponent))
        var (writer, thread) = try await WriterConversation.resume(relay: relay.client, code: code, pin: fingerprint)
        #expect(thread.messages.last?.envelope?.text == "Tack för att du skriver till oss. Hälsningar Bertil")

        // An editor that fails sends nothing.
        let broken = try Self.editor(workspace, "broken", "exit 3")
        let failed = try await bertil.running(["reply", handle, "--edit"], stdin: "j\n", environment: ["EDITOR": broken, "VISUAL": ""])
        #expect(failed.status == 1 && failed.error.contains("status 3"))

        // A send that fails (the clinic's key changed while Bertil wrote) keeps the draft,
        // encrypted; the next reply offers it.
        _ = try await writer.reply("Tack. En fråga till.")
        let rotating = try Self.editor(
            workspace, "rotate",
            "printf 'Ett svar som först inte kom fram.\\n' | cat - \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"\n"
                + "\(RelayProcess.executable("lucka-staff")) clinic rotate --home \(anna.home) --passphrase-file \(anna.passphraseFile) > /dev/null"
        )
        let lost = try await bertil.running(["reply", handle, "--edit"], stdin: "j\n", environment: ["EDITOR": rotating, "VISUAL": ""])
        #expect(lost.status == 1 && lost.error.contains("kept encrypted"), "\(lost.error)")
        let drafts = try Data(contentsOf: URL(fileURLWithPath: bertil.home + "/drafts"))
        #expect(!drafts.isEmpty && drafts.range(of: Data("inte kom fram".utf8)) == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: bertil.home + "/drafts")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let keep = try Self.editor(workspace, "keep", "true")
        let again = try await bertil.running(["reply", handle, "--edit"], stdin: "j\n", environment: ["EDITOR": keep, "VISUAL": ""])
        #expect(again.status == 0 && again.error.contains("kept draft"), "\(again.error)")
        #expect(try String(contentsOfFile: keep + ".saw", encoding: .utf8).hasPrefix("Ett svar som först inte kom fram."))
        #expect(!FileManager.default.fileExists(atPath: bertil.home + "/drafts"))
        (writer, thread) = try await WriterConversation.resume(relay: relay.client, code: code, pin: fingerprint)
        #expect(thread.messages.last?.envelope?.text == "Ett svar som först inte kom fram.")

        // Saying no keeps it too; piped text is taken whole, a final "." included.
        let later = try Self.editor(workspace, "later", "printf 'Kanske senare.\\n' > \"$1\"")
        let no = try await bertil.running(["reply", handle, "--edit"], stdin: "n\n", environment: ["EDITOR": later, "VISUAL": ""])
        #expect(no.status == 0 && no.output.contains("Not sent"))
        try? FileManager.default.removeItem(atPath: bertil.home + "/drafts")
        _ = try await bertil.succeeding(["reply", handle], stdin: "Rad ett\n.\nRad tre\n")
        (writer, thread) = try await WriterConversation.resume(relay: relay.client, code: code, pin: fingerprint)
        #expect(thread.messages.last?.envelope?.text == "Rad ett\n.\nRad tre")
        let unknown = try await bertil.running(["reply", "abc123"], stdin: "Text som inte ska försvinna")
        #expect(unknown.status == 1 && !FileManager.default.fileExists(atPath: bertil.home + "/drafts"))
        _ = writer
        relay.stop()
    }
}
