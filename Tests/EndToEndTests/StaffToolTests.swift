import Foundation
@testable import LuckaClient
import LuckaCore
import Testing

/// `lucka-staff` as counsellors use it, against a real relay.
@Suite("lucka-staff end to end", .serialized)
struct StaffToolTests {
    static let profileJSON = """
        {"name": "KAST Testköping", "region": "Testlän", "municipalities": ["Testköping"], "phone": "036-10 74 74",
         "phoneHours": "tisdagar 08:30–09:30", "answerTime": "inom tre arbetsdagar",
         "channels": ["self", "relative", "professional"], "languages": ["sv", "en"], "about": "Test."}
        """

    /// Operator creates a clinic; Anna founds it with lucka-staff.
    static func foundClinic(_ relay: RelayProcess, _ workspace: String) throws -> (admin: StaffCLI, fingerprint: Fingerprint) {
        let created = try run("lucka-relay", ["clinic", "create", "kast-e2e", "--data-dir", relay.dataDirectory])
        let token = try #require(StaffCLI.token(in: created.output))
        let admin = StaffCLI(workspace: workspace, name: "anna")
        _ = try admin.ok(["keygen"])
        let profile = workspace + "/profile.json"
        _ = FileManager.default.createFile(atPath: profile, contents: Data(profileJSON.utf8))
        let enrolled = try admin.ok(["enroll", "--relay", relay.url, "--name", "Anna", "--token-stdin", "--found", "kast-e2e", "--profile", profile], stdin: token + "\n")
        #expect(enrolled.contains("Enrolled at kast-e2e as Anna (admin"))
        let line = try #require(try admin.ok(["fingerprint"]).split(separator: "\n").first { $0.hasPrefix("Clinic:") })
        let digits = line.dropFirst("Clinic:".count).split(separator: "(")[0]
        return (admin, try Fingerprint(parsing: String(digits)))
    }

    /// A running relay, its clinic founded by Anna, and one conversation a writer started
    /// with `text`: where the tests of what a counsellor does with one message begin.
    static func oneConversation(_ text: String) async throws -> (workspace: String, relay: RelayProcess, anna: StaffCLI, handle: String) {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let (anna, fingerprint) = try foundClinic(relay, workspace)
        _ = try await WriterConversation.start(relay: relay.client, clinic: "kast-e2e", channel: .self, text: text, pin: fingerprint)
        let handle = try #require(try anna.json([InboxRow].self, ["inbox"]).first?.handle)
        return (workspace, relay, anna, handle)
    }

    /// Anna invites Bertil, who enrols pinning the clinic's fingerprint; Anna approves him.
    static func addCounsellor(_ relay: RelayProcess, _ workspace: String, admin: StaffCLI, fingerprint: Fingerprint) throws -> (StaffCLI, MemberRow) {
        let token = try #require(StaffCLI.token(in: try admin.ok(["staff", "invite"])))
        let bertil = StaffCLI(workspace: workspace, name: "bertil", passphrase: "bertils egen lösenfras")
        _ = try bertil.ok(["keygen"])
        let enrolled = try bertil.ok(["enroll", "--relay", relay.url, "--name", "Bertil", "--token-stdin", "--pin", fingerprint.description], stdin: token)
        #expect(enrolled.contains("An admin must now approve you"))
        let pending = try bertil.run(["inbox"])
        #expect(pending.status == 1 && pending.error.contains("not approved"))
        let member = try #require(try admin.json([MemberRow].self, ["staff", "list"]).first { $0.displayName == "Bertil" })
        #expect(member.status == "pending")
        let bertilsFingerprint = Fingerprint(publicKey: try #require([UInt8](base64: member.signingKey)))
        let wrong = try admin.run(["staff", "approve", member.id, "--fingerprint", String(repeating: "1", count: 40)])
        #expect(wrong.status == 1 && wrong.error.contains("does not match"))
        _ = try admin.ok(["staff", "approve", member.id, "--fingerprint", bertilsFingerprint.description])
        return (bertil, member)
    }

    @Test func twoCounsellorsAWriterAndARemoval() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let (anna, fingerprint) = try Self.foundClinic(relay, workspace)
        let (bertil, bertilRow) = try Self.addCounsellor(relay, workspace, admin: anna, fingerprint: fingerprint)

        // A writer opens a thread through the core library.
        let (code, _) = try await WriterConversation.start(
            relay: relay.client, clinic: "kast-e2e", channel: .relative, text: "Min partner köper sex. Vad gör jag?", pin: fingerprint)

        // Both counsellors see and read it.
        for counsellor in [anna, bertil] {
            let inbox = try counsellor.json([InboxRow].self, ["inbox"])
            #expect(inbox.count == 1 && inbox[0].status == "new" && inbox[0].channel == "relative")
            #expect(inbox[0].preview.hasPrefix("Min partner köper sex"))
            let thread = try counsellor.json(ThreadView.self, ["read", inbox[0].handle])
            #expect(thread.intact && thread.messages.map(\.author) == ["writer"])
            #expect(thread.messages[0].text == "Min partner köper sex. Vad gör jag?")
        }
        let handle = try anna.json([InboxRow].self, ["inbox"])[0].handle
        let human = try bertil.ok(["read", handle])
        #expect(human.contains("WRITER") && human.contains("Min partner köper sex"))

        // Bertil replies; the writer reads the reply and verifies it.
        let sent = try bertil.ok(["reply", handle], stdin: "Hej. Du är välkommen att ringa oss.\n")
        #expect(sent.contains("signed Bertil"))
        #expect(try anna.json([InboxRow].self, ["inbox"])[0].status == "answered")
        let (writer, thread) = try await WriterConversation.resume(relay: relay.client, code: code, pin: fingerprint)
        #expect(thread.isIntact)
        #expect(thread.messages.last?.envelope?.counsellorName == "Bertil")
        #expect(thread.messages.last?.envelope?.text == "Hej. Du är välkommen att ringa oss.")
        _ = try await writer.reply("Tack, jag ringer på tisdag.")

        // Anna removes Bertil: his key stops working and a new epoch begins.
        let bertilKeys = try StaffKeystore.open(at: bertil.home + "/keystore", passphrase: SecureBytes(copying: Array("bertils egen lösenfras".utf8)))
        let bertilsClinicKeys = try await StaffSession(relay: relay.client, keys: bertilKeys.keys, pin: fingerprint).clinicKeys()
        _ = try anna.ok(["staff", "remove", bertilRow.id, "--yes"])
        let refused = try bertil.run(["inbox"])
        #expect(refused.status == 1 && refused.error.contains("removed"))
        #expect(try bertil.run(["read", handle]).status == 1)

        // The writer writes again (after fetching the clinic's new key).
        let (again, _) = try await WriterConversation.resume(relay: relay.client, code: code, pin: fingerprint)
        #expect(again.clinic.current.epoch == 2)
        _ = try await again.reply("Ett meddelande efter bytet.")

        // Anna reads all of it, history and the new message.
        let afterRemoval = try anna.json(ThreadView.self, ["read", handle])
        #expect(afterRemoval.intact && afterRemoval.messages.count == 4)
        #expect(afterRemoval.messages.last?.text == "Ett meddelande efter bytet.")

        // Even holding the ciphertext, Bertil's keys cannot open what came after.
        let annaKeys = try StaffKeystore.open(at: anna.home + "/keystore", passphrase: SecureBytes(copying: Array("en lång och hemlig lösenfras".utf8)))
        let records = try await StaffSession(relay: relay.client, keys: annaKeys.keys, pin: fingerprint).thread(handle, with: try await StaffSession(relay: relay.client, keys: annaKeys.keys, pin: fingerprint).clinicKeys()).0
        let opened = StaffSession.open(records.messages, writerKey: records.writerKey.bytes, with: bertilsClinicKeys)
        #expect(opened.messages.prefix(3).allSatisfy { $0.envelope != nil })
        #expect(opened.messages.last?.envelope == nil)
        relay.stop()
    }

    @Test func aRelayThatTampersIsCaughtByRead() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let (anna, fingerprint) = try Self.foundClinic(relay, workspace)
        let (_, conversation) = try await WriterConversation.start(relay: relay.client, clinic: "kast-e2e", channel: .self, text: "ett", pin: fingerprint)
        _ = try await conversation.reply("två")
        _ = try await conversation.reply("tre")
        let handle = try anna.json([InboxRow].self, ["inbox"])[0].handle
        #expect(try anna.json(ThreadView.self, ["read", handle]).intact)

        // Dropping a writer message breaks the writer's chain.
        try tamper(relay, "DELETE FROM message WHERE seq = 2")
        let dropped = try anna.run(["read", handle])
        #expect(dropped.status == 1)
        #expect(dropped.output.contains("WARNING") && dropped.output.contains("missing"))

        // Altering a stored ciphertext makes that message fail to open.
        try tamper(relay, "UPDATE message SET ciphertext = randomblob(length(ciphertext)) WHERE seq = 3")
        let altered = try anna.run(["read", handle, "--json"])
        #expect(altered.status == 1)
        let view = try JSONDecoder().decode(ThreadView.self, from: Data(altered.output.utf8))
        #expect(!view.intact && view.messages.first { $0.seq == 3 }?.verified == false)

        // Substituting the clinic's inbox key is caught against the certificate.
        try tamper(relay, "UPDATE inbox_key SET public_key = randomblob(32)")
        let substituted = try anna.run(["read", handle])
        #expect(substituted.status == 1 && substituted.error.contains("certificate"))
        relay.stop()
    }

    @Test func failuresGiveOneLineAndTheRightExitCode() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let (anna, _) = try Self.foundClinic(relay, workspace)

        let wrongPassphrase = StaffCLI(home: anna.home, wrongPassphraseIn: workspace)
        let wrong = try wrongPassphrase.run(["inbox"])
        #expect(wrong.status == 1 && wrong.error.contains("wrong passphrase"))
        #expect(wrong.error.split(separator: "\n").count == 1)

        let unknown = try anna.run(["read", "zzzzzzzzzzzz"])
        #expect(unknown.status == 1 && unknown.error.contains("No thread with that handle"), "\(unknown.error)")

        let badStatus = try anna.run(["status", "abc", "archived"])
        #expect(badStatus.status == 64)

        let noKeys = StaffCLI(workspace: workspace, name: "nobody")
        let missing = try noKeys.run(["inbox"])
        #expect(missing.status == 1 && missing.error.contains("keygen"))

        relay.stop()
        let unreachable = try anna.run(["inbox"])
        #expect(unreachable.status == 1 && unreachable.error.contains("cannot reach the relay"), "\(unreachable.error)")

        let help = try run("lucka-staff", ["--help"], environment: StaffCLI.english)
        #expect(help.status == 0 && help.output.contains("decrypted on this computer only"))
        for command in ["inbox", "read", "reply", "staff approve", "export"] {
            let sub = try run("lucka-staff", command.split(separator: " ").map(String.init) + ["--help"])
            #expect(sub.status == 0 && sub.output.contains("USAGE"))
        }
    }

    @Test func exportWritesOnlyWhenAskedAndSaysSo() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let (anna, fingerprint) = try Self.foundClinic(relay, workspace)
        _ = try await WriterConversation.start(relay: relay.client, clinic: "kast-e2e", channel: .self, text: "export me", pin: fingerprint)
        let handle = try anna.json([InboxRow].self, ["inbox"])[0].handle
        _ = try anna.ok(["read", handle])
        // The shell unlocks once and takes several commands.
        let shell = try anna.ok(["shell"], stdin: "inbox\nread \(handle)\nstatus \(handle) closed\nbogus\nexit\n")
        #expect(shell.contains("Unlocked") && shell.contains("export me") && shell.contains("is now closed") && shell.contains("Locked"))
        // Reading left nothing decrypted in the staff home.
        for file in filesUnder(anna.home) { #expect(file.bytes.firstRange(of: Array("export me".utf8)) == nil) }
        let target = workspace + "/record.txt"
        let said = try anna.ok(["export", handle, "--to", target])
        #expect(said.contains("unencrypted"))
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("export me"))
        let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        relay.stop()
    }
}
