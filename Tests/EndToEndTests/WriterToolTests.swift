import Foundation
import LuckaClient
import LuckaCore
import Testing

/// The writer's `lucka` client against a real relay, as a person (or a script) uses it.
@Suite("lucka end to end", .serialized)
struct WriterToolTests {
    /// `lucka` with an empty home and temporary folder of its own, to show it writes nothing.
    /// It speaks English unless told otherwise (`language`: the environment that chooses it).
    struct WriterCLI {
        let relay: String
        let home: String
        let language: [String: String]

        init(relay: String, workspace: String, language: [String: String] = ["LUCKA_LANG": "en"]) {
            self.relay = relay
            home = workspace + "/writer-home"
            self.language = language
            try? FileManager.default.createDirectory(atPath: home + "/tmp", withIntermediateDirectories: true)
        }

        @discardableResult
        func run(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, output: String, error: String) {
            let environment = ["HOME": home, "XDG_CONFIG_HOME": home + "/.config", "TMPDIR": home + "/tmp"]
            return try EndToEndTests.run("lucka", arguments, stdin: stdin, environment: environment.merging(language) { $1 })
        }

        /// `lucka COMMAND --relay URL ARGS`.
        @discardableResult
        func command(_ command: String, _ arguments: [String] = [], stdin: String? = nil) throws -> (status: Int32, output: String, error: String) {
            try run([command, "--relay", relay] + arguments, stdin: stdin)
        }
    }

    struct ClinicRow: Decodable {
        var slug: String
        var verified: Bool
        var fingerprint: String?
        var name: String?
        var answerTime: String?
        var phoneHours: String?
        var municipalities: [String]?
        var channels: [String]?
    }

    struct ConversationView: Decodable {
        typealias Message = ThreadView.Message
        var clinic: String
        var fingerprint: String
        var status: String
        var intact: Bool
        var problems: [String]
        var messages: [Message]
    }

    /// The lines of `output` that look like a conversation code.
    static func codes(in output: String) -> [String] {
        output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { line in
            let groups = line.split(separator: "-", omittingEmptySubsequences: false)
            return groups.count == 5 && groups.allSatisfy { $0.count == 4 && $0.allSatisfy { ConversationCode.alphabet.contains(UInt8(ascii: $0.unicodeScalars.first!)) } }
        }
    }

    /// Writes a first message and returns the code the tool printed (checking it is printed once).
    static func write(_ lucka: WriterCLI, _ text: String, pin: Fingerprint?, channel: String = "self") throws -> String {
        let written = try lucka.command("write", ["--clinic", "kast-e2e", "--channel", channel] + (pin.map { ["--pin", $0.description] } ?? []), stdin: text)
        #expect(written.status == 0, "\(written.error)")
        let code = try #require(codes(in: written.output).first)
        #expect(codes(in: written.output).count == 1)
        #expect(written.output.components(separatedBy: code).count == 2, "the code is printed exactly once")
        #expect(!written.error.contains(code))
        return code
    }

    @Test func aWholeConversationFromTheCommandLine() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let (anna, fingerprint) = try StaffToolTests.foundClinic(relay, workspace)
        let lucka = WriterCLI(relay: relay.url, workspace: workspace)

        // The clinics, each with its profile and fingerprint.
        let clinics = try lucka.command("clinics")
        #expect(clinics.status == 0, "\(clinics.error)")
        for needle in ["KAST Testköping", "kast-e2e", "Testlän", "Testköping", "036-10 74 74", "tisdagar 08:30–09:30", "inom tre arbetsdagar", fingerprint.description] {
            #expect(clinics.output.contains(needle), "clinics should show \(needle)")
        }
        let rows = try JSONDecoder().decode([ClinicRow].self, from: Data(try lucka.command("clinics", ["--json"]).output.utf8))
        #expect(rows.count == 1)
        #expect(rows.first?.slug == "kast-e2e" && rows.first?.verified == true && rows.first?.fingerprint == fingerprint.description)
        #expect(rows.first?.answerTime == "inom tre arbetsdagar" && rows.first?.channels == ["self", "relative", "professional"])

        // Writing with the clinic's published fingerprint: the code comes once, with advice.
        let written = try lucka.command("write", ["--clinic", "kast-e2e", "--channel", "self", "--pin", fingerprint.description], stdin: "Jag har köpt sex och vill sluta.\n")
        #expect(written.status == 0, "\(written.error)")
        let codeText = try #require(Self.codes(in: written.output).first)
        #expect(written.output.components(separatedBy: codeText).count == 2, "the code is printed exactly once")
        let code = try ConversationCode(parsing: codeText)
        #expect(code.grouped() == codeText)
        #expect(written.output.contains("only you can see") && written.output.contains("not even the clinic"))
        #expect(written.output.contains("inom tre arbetsdagar"), "when to come back")
        #expect(written.output.contains("match the fingerprint you gave"))

        // The counsellors see it, encrypted by the client.
        let inbox = try anna.json([InboxRow].self, ["inbox"])
        #expect(inbox.count == 1 && inbox[0].channel == "self" && inbox[0].preview.hasPrefix("Jag har köpt sex"))
        let handle = inbox[0].handle

        // Reading with the code from standard input.
        let first = try lucka.command("read", ["--code-stdin", "--pin", fingerprint.description], stdin: codeText + "\n")
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.contains("Jag har köpt sex och vill sluta.") && first.output.contains("── You"))
        #expect(first.output.contains("waiting for the clinic's answer"))

        // A counsellor answers with lucka-staff; the writer sees her name on the reply.
        _ = try anna.ok(["reply", handle], stdin: "Hej! Bra att du skriver. Ring oss gärna på tisdag.\n")
        let answered = try lucka.command("read", ["--code-stdin"], stdin: codeText + "\n")
        #expect(answered.status == 0, "\(answered.error)")
        #expect(answered.output.contains("── Anna, KAST Testköping"))
        #expect(answered.output.contains("Ring oss gärna på tisdag.") && answered.output.contains("· answered"))
        #expect(answered.output.contains(fingerprint.description), "unpinned, the fingerprint is shown to compare")

        // The writer replies: first line of standard input is the code, the rest the text.
        let replied = try lucka.command("reply", ["--code-stdin", "--pin", fingerprint.description], stdin: codeText + "\nTack. Jag ringer på tisdag.\nHälsningar\n")
        #expect(replied.status == 0, "\(replied.error)")
        #expect(replied.output.contains("Sent"))
        let staffView = try anna.json(ThreadView.self, ["read", handle])
        #expect(staffView.intact && staffView.messages.map(\.author) == ["writer", "clinic", "writer"])
        #expect(staffView.messages.last?.text == "Tack. Jag ringer på tisdag.\nHälsningar")

        // Newest last, in text and in JSON.
        let all = try lucka.command("read", ["--code-stdin"], stdin: codeText + "\n").output
        let positions = ["Jag har köpt sex", "Ring oss gärna", "Jag ringer på tisdag"].compactMap { all.range(of: $0)?.lowerBound }
        #expect(positions.count == 3 && positions == positions.sorted())
        let view = try JSONDecoder().decode(ConversationView.self, from: Data(try lucka.command("read", ["--code-stdin", "--json"], stdin: codeText + "\n").output.utf8))
        #expect(view.intact && view.clinic == "kast-e2e" && view.status == "new" && view.fingerprint == fingerprint.description)
        #expect(view.messages.map(\.author) == ["writer", "clinic", "writer"])
        #expect(view.messages[1].counsellorName == "Anna" && view.messages.allSatisfy(\.verified))

        // Without --yes and without a "yes", nothing is deleted.
        let kept = try lucka.command("delete", ["--code-stdin"], stdin: codeText + "\nn\n")
        #expect(kept.status == 0 && kept.output.contains("Nothing was deleted"))
        #expect(try anna.json([InboxRow].self, ["inbox"]).count == 1)

        // Deleting: afterwards the code opens nothing, with the one uniform answer.
        let deleted = try lucka.command("delete", ["--code-stdin", "--yes"], stdin: codeText + "\n")
        #expect(deleted.status == 0 && deleted.output.contains("Deleted"), "\(deleted.error)")
        let gone = try lucka.command("read", ["--code-stdin"], stdin: codeText + "\n")
        #expect(gone.status == 1)
        #expect(gone.error.hasPrefix("lucka: no conversation matches this code"), "\(gone.error)")
        #expect(gone.error.split(separator: "\n").count == 1)
        #expect(try anna.json([InboxRow].self, ["inbox"]).isEmpty)

        // Nothing was written on the writer's side, and the code is in no argument or log.
        #expect(filesUnder(lucka.home).isEmpty)
        #expect(!relay.log().contains(codeText))
        relay.stop()
    }

    @Test func aPinThatDoesNotMatchIsRefused() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let (anna, fingerprint) = try StaffToolTests.foundClinic(relay, workspace)
        let lucka = WriterCLI(relay: relay.url, workspace: workspace)
        let other = try Fingerprint(parsing: String(fingerprint.digits.reversed()))
        #expect(other != fingerprint)

        // A different fingerprint: refused with one clear line, and nothing is created.
        let refused = try lucka.command("write", ["--clinic", "kast-e2e", "--channel", "relative", "--pin", other.description], stdin: "Hjälp.\n")
        #expect(refused.status == 1)
        #expect(refused.error.hasPrefix("lucka: refused: the keys this relay shows for kast-e2e do not match the fingerprint you gave"), "\(refused.error)")
        #expect(refused.error.contains("nothing was sent"))
        #expect(refused.error.split(separator: "\n").count == 1)
        #expect(Self.codes(in: refused.output).isEmpty)
        #expect(try anna.json([InboxRow].self, ["inbox"]).isEmpty)

        // Without a pin the fingerprint is shown for the writer to compare.
        let code = try Self.write(lucka, "Min man köper sex.", pin: nil, channel: "relative")
        let unpinned = try lucka.command("write", ["--clinic", "kast-e2e", "--channel", "self"], stdin: "Ett till.")
        #expect(unpinned.status == 0 && unpinned.output.contains(fingerprint.description) && unpinned.output.contains("Compare it with the one KAST Testköping publishes"))
        #expect(try anna.json([InboxRow].self, ["inbox"]).count == 2)

        // Reading and replying with the wrong pin are refused too.
        let read = try lucka.command("read", ["--code-stdin", "--pin", other.description], stdin: code + "\n")
        #expect(read.status == 1 && read.error.contains("does not match the fingerprint you pinned"), "\(read.error)")
        #expect(!read.output.contains("Min man köper sex"))
        let reply = try lucka.command("reply", ["--code-stdin", "--pin", other.description], stdin: code + "\nSvar.\n")
        #expect(reply.status == 1 && reply.error.contains("does not match the fingerprint you pinned"))
        #expect(try anna.json(ThreadView.self, ["read", try anna.json([InboxRow].self, ["inbox"]).first { $0.channel == "relative" }!.handle]).messages.count == 1)

        // A pin that is not a fingerprint at all is a usage error.
        let malformed = try lucka.command("write", ["--clinic", "kast-e2e", "--channel", "self", "--pin", "12345"], stdin: "x")
        #expect(malformed.status == 64 && malformed.error.contains("40 digits"))
        relay.stop()
    }

    @Test func aConversationThatDoesNotVerifyIsAWarning() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let (_, fingerprint) = try StaffToolTests.foundClinic(relay, workspace)
        let lucka = WriterCLI(relay: relay.url, workspace: workspace)
        let code = try Self.write(lucka, "ett", pin: fingerprint)
        #expect(try lucka.command("reply", ["--code-stdin"], stdin: code + "\ntvå").status == 0)
        #expect(try lucka.command("reply", ["--code-stdin"], stdin: code + "\ntre").status == 0)

        // The relay drops the writer's second message: the chain shows the gap.
        try tamper(relay, "DELETE FROM message WHERE seq = 2")
        let read = try lucka.command("read", ["--code-stdin"], stdin: code + "\n")
        #expect(read.status == 1)
        #expect(read.output.contains("WARNING") && read.output.contains("missing"))
        #expect(read.error.hasPrefix("lucka: this conversation did not check out"))
        #expect(read.error.split(separator: "\n").count == 1)
        let json = try lucka.command("read", ["--code-stdin", "--json"], stdin: code + "\n")
        #expect(json.status == 1)
        let view = try JSONDecoder().decode(ConversationView.self, from: Data(json.output.utf8))
        #expect(!view.intact && !view.problems.isEmpty)
        relay.stop()
    }

    @Test func typosAndAnUnreachableRelayAreToldApart() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let (_, fingerprint) = try StaffToolTests.foundClinic(relay, workspace)
        let lucka = WriterCLI(relay: relay.url, workspace: workspace)
        let code = try Self.write(lucka, "Finns det hjälp?", pin: fingerprint)

        // One symbol changed: caught by the check symbol. Lowercase and no dashes still work.
        var symbols = Array(code.replacingOccurrences(of: "-", with: ""))
        let alphabet = ConversationCode.alphabet.map { Character(UnicodeScalar($0)) }
        symbols[7] = alphabet[(alphabet.firstIndex(of: symbols[7])! + 5) % alphabet.count]
        let mistyped = String(symbols)
        #expect(try lucka.command("read", ["--code-stdin"], stdin: code.lowercased().replacingOccurrences(of: "-", with: " ") + "\n").status == 0)
        let typo = try lucka.command("read", ["--code-stdin"], stdin: mistyped + "\n")
        #expect(typo.status == 1 && typo.error.contains("typo"), "\(typo.error)")

        // The relay goes away: a typo is still reported as a typo, so it was caught before
        // anything was sent; a well-formed code gets the "cannot reach" answer.
        relay.stop()
        for command in ["read", "reply", "delete"] {
            let caught = try lucka.command(command, ["--code-stdin", "--yes"].filter { command == "delete" || $0 != "--yes" }, stdin: mistyped + "\nText.\n")
            #expect(caught.status == 1, "\(command)")
            #expect(caught.error.contains("typo") && caught.error.contains("Nothing was sent"), "\(command): \(caught.error)")
            #expect(!caught.error.contains("cannot reach"))
        }
        let short = try lucka.command("read", ["--code-stdin"], stdin: String(code.dropLast(3)) + "\n")
        #expect(short.status == 1 && short.error.contains("a code has 20 characters") && short.error.contains("typos"))
        let empty = try lucka.command("read", ["--code-stdin"], stdin: "\n")
        #expect(empty.status == 1 && empty.error.contains("no code was given"))

        let unreachable = try lucka.command("read", ["--code-stdin"], stdin: code + "\n")
        #expect(unreachable.status == 1 && unreachable.error.hasPrefix("lucka: cannot reach the relay at \(relay.url)"), "\(unreachable.error)")
        #expect(unreachable.error.split(separator: "\n").count == 1)
        let clinics = try lucka.command("clinics")
        #expect(clinics.status == 1 && clinics.error.contains("cannot reach the relay"))
        let write = try lucka.command("write", ["--clinic", "kast-e2e", "--channel", "self"], stdin: "x")
        #expect(write.status == 1 && write.error.contains("cannot reach the relay"))
    }

    @Test func theCodeIsNeverAnArgumentAndHelpIsThere() throws {
        let code = ConversationCode.generate().grouped()
        func run(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
            try EndToEndTests.run(name, arguments, environment: ["LUCKA_LANG": "en"])
        }
        // There is no option or argument that takes a code: usage error, exit 64.
        for command in ["read", "reply", "delete"] {
            #expect(try run("lucka", [command, "--relay", "http://127.0.0.1:9", code]).status == 64)
            #expect(try run("lucka", [command, "--relay", "http://127.0.0.1:9", "--code", code]).status == 64)
            let help = try run("lucka", [command, "--help"])
            #expect(help.status == 0 && help.output.contains("USAGE"))
            #expect(!help.output.contains("--code <") && !help.output.contains("<code>"))
            #expect(help.output.contains("--code-stdin"))
        }

        let root = try run("lucka", ["--help"])
        #expect(root.status == 0 && root.output.contains("encrypted on this computer") && root.output.contains("you get a code instead"))
        for command in ["clinics", "write", "read", "reply", "delete"] {
            let help = try run("lucka", [command, "--help"])
            #expect(help.status == 0 && help.output.contains("USAGE: lucka \(command) --relay <url>"), "\(command)")
        }
        let write = try run("lucka", ["write", "--help"]).output
        #expect(write.contains("not even the clinic") && write.contains("relative") && write.contains("--pin <fingerprint>"))

        // Usage errors.
        #expect(try run("lucka", ["write", "--relay", "http://127.0.0.1:9", "--clinic", "kast-e2e", "--channel", "friend"]).status == 64)
        #expect(try run("lucka", ["write", "--relay", "http://127.0.0.1:9", "--clinic", "Not A Slug", "--channel", "self"]).status == 64)
        #expect(try run("lucka", ["clinics", "--relay", "lucka.example.se"]).status == 64)
        #expect(try run("lucka", ["read"]).status == 64)
    }
}
