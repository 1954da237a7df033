import Foundation
import Spawn
import Testing
@testable import LuckaCore

/// LuckaCore against interop/lucka_interop.py, an independent implementation written
/// from docs/PROTOCOL.md with PyNaCl. Each side opens, verifies and derives what the other
/// produced; the worked example of PROTOCOL.md is checked here too.
@Suite("Interoperability with docs/PROTOCOL.md")
struct InteropTests {
    static let slug = "kast-jonkoping"

    @Test func pythonAndSwiftReadEachOther() throws {
        // Swift's side of a thread: a code, a clinic, and one message from each end.
        let code = ConversationCode.generate()
        let shown = code.grouped()
        let writer = try WriterKeys(code: code)
        let signing = try SigningKeyPair.generate()
        let inbox = try BoxKeyPair.generate()
        let certificate = try InboxCertificate.issue(clinic: Self.slug, epoch: 1, publicKey: inbox.publicKey, signingKey: signing)
        let profile = try SignedProfile.sign(Self.profile, with: signing)
        let question = Envelope(
            author: .writer, sentAt: Date(timeIntervalSince1970: 1_767_225_600.25),
            text: "Hej! Jag köper sex ibland och vill sluta. Får jag vara anonym? 🙏")
        let answer = Envelope(
            author: .clinic, counsellorName: "Åsa Öberg", sentAt: Date(timeIntervalSince1970: 1_767_312_000.5),
            text: String(
                repeating: "Tack för att du skrev. Du är helt anonym här, och vi svarar inom tre arbetsdagar. ☕️\n", count: 25))
        let swiftMessages = [
            try MessageBox.seal(question, from: writer.boxKeyPair.secretKey, to: inbox.publicKey),
            try MessageBox.seal(answer, from: inbox.secretKey, to: writer.boxKeyPair.publicKey),
        ]
        #expect(swiftMessages.map(\.count) == [1064, 4136])
        let staff = try StaffKeys.generate()
        let passphrase = "korrekt häst batteri häftklammer"
        let keystore = try StaffKeystore(keys: staff, settings: StaffSettings(clinic: Self.slug, displayName: "Åsa Öberg"))
            .sealed(passphrase: .of(passphrase))
        let staffSeed = try staff.signing.seed().copyBytes()
        let requestBody = Array(#"{"text":"Hej igen, välkommen åter 👋"}"#.utf8)
        let requestPath = "/v1/staff/threads/h_7Qx2/reply?notify=0"
        let reply = (
            writer: "Tack! Då skriver jag mer här: det gäller min sambo. 😅", clinic: "Vi läser och återkommer. Hälsningar, Åsa",
            name: "Åsa Ö.", ms: Int64(1_767_398_400_789)
        )

        let input: [String: Any] = [
            "code": shown,
            "codeVariants": Self.messyVariants(of: shown),
            "codeMistyped": try Self.typos(of: shown),
            "lookupHash": writer.lookupHash.hex,
            "writerPublicKey": writer.boxKeyPair.publicKey.hex,
            "clinic": [
                "slug": Self.slug, "name": Self.profile.name, "signingPublicKey": signing.publicKey.hex,
                "fingerprint": Fingerprint(publicKey: signing.publicKey).description,
                "inboxSecretKey": inbox.secretKey.copyBytes().hex,
                "certificate": try Self.jsonObject(certificate), "profile": try Self.jsonObject(profile),
            ] as [String: Any],
            "messages": zip([question, answer], swiftMessages).map { envelope, sealed in
                [
                    "sealed": sealed.base64, "author": Int(envelope.author.rawValue), "sentAtMs": envelope.sentAtMilliseconds,
                    "text": envelope.text, "name": envelope.counsellorName.map { $0 as Any } ?? NSNull(), "previous": NSNull(),
                ] as [String: Any]
            },
            "keystore": [
                "file": keystore.base64, "passphrase": passphrase, "displayName": "Åsa Öberg",
                "signingPublicKey": staff.signing.publicKey.hex, "boxPublicKey": staff.box.publicKey.hex,
            ],
            "reply": [
                "writerText": reply.writer, "clinicText": reply.clinic, "counsellorName": reply.name, "sentAtMs": reply.ms,
            ],
            "request": ["seed": staffSeed.hex, "method": "POST", "path": requestPath, "body": requestBody.base64],
        ]
        guard let output = try Self.runPython(input) else { return }

        // Python's messages open with LuckaCore, on both ends, with the expected fields.
        let pythonMessages = try #require(output["messages"] as? [[String: Any]]).compactMap {
            ($0["sealed"] as? String).flatMap { [UInt8](base64: $0) }
        }
        try #require(pythonMessages.count == 2)
        let byClinic = try MessageBox.open(
            pythonMessages[0], with: inbox.secretKey, from: writer.boxKeyPair.publicKey, expectedAuthor: .writer)
        let byWriter = try MessageBox.open(
            pythonMessages[0], with: writer.boxKeyPair.secretKey, from: inbox.publicKey, expectedAuthor: .writer)
        #expect(byClinic == byWriter)
        #expect(byClinic.text == reply.writer && byClinic.counsellorName == nil)
        #expect(byClinic.previous == MessageBox.hash(of: swiftMessages[0]))
        #expect(Int64((byClinic.sentAt.timeIntervalSince1970 * 1000).rounded()) == reply.ms)
        let fromClinic = try MessageBox.open(
            pythonMessages[1], with: writer.boxKeyPair.secretKey, from: inbox.publicKey, expectedAuthor: .clinic)
        #expect(fromClinic.text == reply.clinic && fromClinic.counsellorName == reply.name)
        #expect(fromClinic.previous == MessageBox.hash(of: swiftMessages[1]))

        // The combined thread's author chains link up; without Swift's question they do not.
        var thread: [(hash: [UInt8], envelope: Envelope)] = []
        for sealed in swiftMessages + pythonMessages {
            let envelope = try MessageBox.open(sealed, with: inbox.secretKey, from: writer.boxKeyPair.publicKey)
            thread.append((hash: MessageBox.hash(of: sealed), envelope: envelope))
        }
        #expect(AuthorChains.check(thread).isEmpty)
        #expect(AuthorChains.check(Array(thread.dropFirst())).map(\.kind) == [.missingPrevious])

        // A code Python made parses here and derives the same keys.
        let pythonCode = try #require(output["code"] as? [String: String])
        let pythonKeys = try WriterKeys(code: ConversationCode(parsing: try #require(pythonCode["code"])))
        #expect(pythonKeys.lookupHash.hex == pythonCode["lookupHash"])
        #expect(pythonKeys.boxKeyPair.publicKey.hex == pythonCode["writerPublicKey"])

        // Python's signed request verifies; the same headers with another body do not.
        let headers = try #require(output["requestHeaders"] as? [String: String])
        let request = try SignedRequest(header: { headers[$0] })
        #expect(request.publicKey == staff.signing.publicKey)
        try request.verify(method: "POST", path: requestPath, body: requestBody)
        #expect(
            luckaError { try request.verify(method: "POST", path: requestPath, body: requestBody + [0x20]) }?.code
                == .requestInvalid)
    }

    /// The values printed in docs/PROTOCOL.md, "Worked example" (`lucka_interop.py example`).
    @Test func workedExampleMatchesTheDocument() throws {
        let code = try ConversationCode(parsing: "k7qm-oxr9-wdlh-tn5b-pf4w")
        #expect(code.grouped() == "K7QM-0XR9-WD1H-TN5B-PF4W")
        let writer = try WriterKeys(code: code)
        #expect(writer.lookupToken.copyBytes().hex == "f149045236bba96545e5eb7374f01fd69786c947b39f3abcf63e59542d84effc")
        #expect(writer.lookupHash.hex == "6618c0cab45f5756374283f6695523236aeffa29bbeab3746a6fb0aa907203b3")
        #expect(writer.boxKeyPair.publicKey.hex == "f54f60a63ab1b6dbcbb2dbd14a58ca077afb72e48413e565123fe3899ed8e805")

        let signing = try SigningKeyPair(seed: SecureBytes(copying: Array(UInt8(0)..<32)))
        #expect(signing.publicKey.hex == "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8")
        #expect(Fingerprint(publicKey: signing.publicKey).description == "17147 72010 76191 70325 65484 51110 82541 09405")
        let inbox = try BoxKeyPair(seed: SecureBytes(copying: Array(UInt8(32)..<64)))
        #expect(inbox.publicKey.hex == "5730800ab340fcb18ce5111eda9d705f91388b41e4544cbd103ba5942db2233e")
        let certificate = try InboxCertificate.issue(clinic: Self.slug, epoch: 1, publicKey: inbox.publicKey, signingKey: signing)
        #expect(
            try InboxCertificate.signedBytes(clinic: Self.slug, epoch: 1, publicKey: inbox.publicKey).hex == """
                6c75636b612f696e626f782d636572742f7631000e6b6173742d6a6f6e6b6f70696e67000000015730800ab340fc\
                b18ce5111eda9d705f91388b41e4544cbd103ba5942db2233e
                """)
        #expect(
            certificate.signature.hex == """
                ba76f8760be3c7e8feb491b6f50afe40836aba42b6dad5572b908d07835e5f4458e93eff19ecdf266585272a2950\
                9807c8a91fb9a7dfb266b782c35514eeb90f
                """)

        let question = Envelope(
            author: .writer, sentAt: Date(timeIntervalSince1970: 1_767_225_600), text: "Hej! Får jag fråga något? 🙂")
        var plaintext = try question.serialised()
        #expect(
            plaintext.hex == """
                01010000019b76daa80000000000000000000000000000000000000000000000000000000000000000000000000021\
                48656a212046c3a572206a6167206672c3a56761206ec3a5676f743f20f09f9982
                """)
        // MessageBox.seal with a fixed nonce, to get reproducible bytes.
        let nonce = Array(UInt8(0)..<24)
        try Padding.pad(&plaintext, blockSize: 1024)
        let sealed = nonce + (try Box.seal(plaintext, nonce: nonce, to: inbox.publicKey, from: writer.boxKeyPair.secretKey))
        #expect(sealed.count == 1064 && MessageBox.sealedLengths == [1064, 4136, 16424, 32808])
        #expect(
            Array(sealed.prefix(48)).hex
                == "000102030405060708090a0b0c0d0e0f1011121314151617830e94a26f08454e0f1a85bee117545d29abdedf452b3801")
        #expect(MessageBox.hash(of: sealed).hex == "c5da88860f064adf2615cd6e0a98a642ad21906cb14a2686b6a04736b0d19474")
        #expect(try MessageBox.open(sealed, with: inbox.secretKey, from: writer.boxKeyPair.publicKey) == question)

        let answer = Envelope(
            author: .clinic, counsellorName: "Anna", sentAt: Date(timeIntervalSince1970: 1_767_312_000),
            text: "Hej, välkommen hit.", previous: MessageBox.hash(of: sealed))
        #expect(
            try answer.serialised().hex == """
                01020000019b7c010400c5da88860f064adf2615cd6e0a98a642ad21906cb14a2686b6a04736b0d1947404416e6e61\
                0000001448656a2c2076c3a46c6b6f6d6d656e206869742e
                """)

        let staff = try SigningKeyPair(seed: SecureBytes(copying: Array(UInt8(64)..<96)))
        #expect(staff.publicKey.hex == "2543b92ff1095511476adc8369db6ddc933665a11978dda1404ee1066ca9559d")
        let (path, nonceText, body) = (
            "/v1/staff/threads/abc/reply?x=1", "000102030405060708090a0b0c0d0e0f", Array(#"{"a":1}"#.utf8)
        )
        let canonical = SignedRequest.canonical(
            method: "post", path: path, timestamp: 1_767_225_600, nonce: nonceText, body: body)
        #expect(
            String(decoding: canonical, as: UTF8.self) == """
                lucka/request/v1
                POST
                /v1/staff/threads/abc/reply?x=1
                1767225600
                000102030405060708090a0b0c0d0e0f
                10a7ff3e312baec0c356be489739b93f63af84416c40f1c13023eb96c7ed50aa
                """)
        let signature = "vbfSPID6hKlhwYnn3kQ5vQZFU5CmMlhevvf/MzwqjEl2kugdSRWSJoWpWbJE1IKMcS7zI6OIQwzyw7NS/tZ6DQ=="
        #expect(try staff.sign(canonical).base64 == signature)
        let request = SignedRequest(
            publicKey: staff.publicKey, timestamp: 1_767_225_600, nonce: nonceText, signature: [UInt8](base64: signature)!)
        try request.verify(method: "POST", path: path, body: body, now: Date(timeIntervalSince1970: 1_767_225_700))
    }

    // MARK: Helpers

    static let profile = ClinicProfile(
        slug: slug, name: "KAST Jönköping", region: "Jönköpings län", municipalities: ["Jönköping", "Habo", "Mullsjö"],
        phone: "036-10 74 74", phoneHours: "tisdagar och torsdagar 08:30–09:30", answerTime: "inom tre arbetsdagar",
        channels: [.self, .relative, .professional], languages: ["sv", "en"], about: "Stöd för dig som köper sex / vill sluta.")

    /// Ways a person may type the code: lower case, O for 0, I or l for 1, other separators.
    static func messyVariants(of shown: String) -> [String] {
        [
            shown.replacingOccurrences(of: "-", with: ""),
            " "
                + shown.lowercased().replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "0", with: "o")
                .replacingOccurrences(of: "1", with: "l") + "\n",
            shown.replacingOccurrences(of: "-", with: ".").replacingOccurrences(of: "1", with: "I")
                .replacingOccurrences(of: "0", with: "O"),
            shown.replacingOccurrences(of: "-", with: "_\t"),
        ]
    }

    /// Three single-symbol typos, which Swift must itself reject by the check symbol.
    static func typos(of shown: String) throws -> [String] {
        var typos: [String] = []
        for position in [0, 11, 23] {
            var bytes = Array(shown.utf8)
            bytes[position] = ConversationCode.alphabet.first { $0 != bytes[position] }!
            #expect(luckaError { _ = try ConversationCode(parsing: bytes) }?.code == .codeChecksum)
            typos.append(String(decoding: bytes, as: UTF8.self))
        }
        return typos
    }

    static func jsonObject(_ value: some Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))
    }

    /// Writes IN.json, runs the Python side, and returns OUT.json; nil (with a recorded
    /// issue) when Python or PyNaCl is missing or a Python check failed.
    static func runPython(_ input: [String: Any]) throws -> [String: Any]? {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("interop/lucka_interop.py").path
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (inPath, outPath) = (directory + "/IN.json", directory + "/OUT.json")
        try JSONSerialization.data(withJSONObject: input, options: [.prettyPrinted, .sortedKeys]).write(
            to: URL(fileURLWithPath: inPath))

        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "run", inPath, outPath]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let said = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0:
            return try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: outPath))) as? [String: Any]
        case 127:
            Issue.record("python3 is not installed, so the interop test cannot run: \(said)")
        case 3:
            Issue.record("PyNaCl is missing (pip install pynacl), so the interop test cannot run: \(said)")
        default:
            Issue.record("the Python implementation disagrees with LuckaCore (exit \(process.terminationStatus)): \(said)")
        }
        return nil
    }
}
