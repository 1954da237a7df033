import Testing
@testable import LuckaCore

@Suite("Sealed notes and templates")
struct SealedNoteTests {
    let inbox: BoxKeyPair
    let author: SigningKeyPair

    init() throws {
        inbox = try BoxKeyPair.generate()
        author = try SigningKeyPair.generate()
    }

    @Test func aNoteRoundTripsAndNamesItsAuthor() throws {
        let sealed = try SealedNote.seal(
            .note(handle: "abc123"), text: "Intern: ring tillbaka.", epoch: 3, inboxSecret: inbox.secretKey, author: author, place: .note(seq: 1, afterSeq: 1))
        let opened = try SealedNote.open(sealed, .note(handle: "abc123"), epoch: 3, inboxSecret: inbox.secretKey)
        #expect(opened.text == "Intern: ring tillbaka." && opened.author == author.publicKey && opened.name.isEmpty)
        // Two seals of the same text differ (random nonce).
        #expect(
            try SealedNote.seal(
                .note(handle: "abc123"), text: "Intern: ring tillbaka.", epoch: 3, inboxSecret: inbox.secretKey, author: author, place: .note(seq: 1, afterSeq: 1))
                != sealed)
    }

    @Test func aNoteOpensOnlyWhereItWasWritten() throws {
        let sealed = try SealedNote.seal(
            .note(handle: "abc123"), text: "Text", epoch: 3, inboxSecret: inbox.secretKey, author: author, place: .note(seq: 1, afterSeq: 1))
        #expect(throws: LuckaError.self) {
            try SealedNote.open(sealed, .note(handle: "abc124"), epoch: 3, inboxSecret: inbox.secretKey)
        }
        #expect(throws: LuckaError.self) {
            try SealedNote.open(sealed, .note(handle: "abc123"), epoch: 4, inboxSecret: inbox.secretKey)
        }
        #expect(throws: LuckaError.self) { try SealedNote.open(sealed, .template, epoch: 3, inboxSecret: inbox.secretKey) }
        #expect(throws: LuckaError.self) {
            try SealedNote.open(sealed, .note(handle: "abc123"), epoch: 3, inboxSecret: try BoxKeyPair.generate().secretKey)
        }
        for index in [0, 30, sealed.count - 1] {
            var tampered = sealed
            tampered[index] ^= 1
            #expect(throws: LuckaError.self) {
                try SealedNote.open(tampered, .note(handle: "abc123"), epoch: 3, inboxSecret: inbox.secretKey)
            }
        }
        #expect(throws: LuckaError.self) {
            try SealedNote.open(Array(sealed.prefix(30)), .note(handle: "abc123"), epoch: 3, inboxSecret: inbox.secretKey)
        }
    }

    @Test func templatesCarryTheirName() throws {
        let sealed = try SealedNote.seal(
            .template, name: "första-svar", text: "Tack för att du skriver.", epoch: 1, inboxSecret: inbox.secretKey,
            author: author, place: .template(id: "t-0123456789", version: 1))
        let opened = try SealedNote.open(sealed, .template, epoch: 1, inboxSecret: inbox.secretKey)
        #expect(opened.name == "första-svar" && opened.text == "Tack för att du skriver.")
    }

    @Test func sizesAreBounded() throws {
        #expect(throws: LuckaError.self) {
            try SealedNote.seal(
                .note(handle: "h"), text: String(repeating: "a", count: SealedNote.maximumNoteLength + 1), epoch: 1,
                inboxSecret: inbox.secretKey, author: author, place: .note(seq: 1, afterSeq: 1))
        }
        #expect(throws: LuckaError.self) {
            try SealedNote.seal(.note(handle: "h"), text: "", epoch: 1, inboxSecret: inbox.secretKey, author: author, place: .note(seq: 1, afterSeq: 1))
        }
        #expect(throws: LuckaError.self) {
            try SealedNote.seal(.template, name: "", text: "x", epoch: 1, inboxSecret: inbox.secretKey, author: author, place: .template(id: "t-0123456789", version: 1))
        }
        #expect(throws: LuckaError.self) {
            try SealedNote.seal(
                .template, name: "n", text: String(repeating: "a", count: SealedNote.maximumTemplateLength + 1), epoch: 1,
                inboxSecret: inbox.secretKey, author: author, place: .template(id: "t-0123456789", version: 1))
        }
        let longest = try SealedNote.seal(
            .template, name: String(repeating: "n", count: SealedNote.maximumNameLength),
            text: String(repeating: "a", count: SealedNote.maximumTemplateLength),
            epoch: 1, inboxSecret: inbox.secretKey, author: author,
            place: .template(id: String(repeating: "t", count: SealedNote.maximumTemplateIDLength), version: 1))
        #expect(longest.count == SealedRequest.maximumSealedLength)
    }

    // MARK: Format v2: the place is signed

    @Test func aNoteSaysWhereItWasWritten() throws {
        let sealed = try SealedNote.seal(
            .note(handle: "abc123"), text: "Ring tillbaka.", epoch: 3, inboxSecret: inbox.secretKey, author: author,
            place: .note(seq: 4, afterSeq: 7))
        let opened = try SealedNote.open(sealed, .note(handle: "abc123"), epoch: 3, inboxSecret: inbox.secretKey)
        #expect(opened.place == .note(seq: 4, afterSeq: 7) && opened.text == "Ring tillbaka.")
        // A relay that replays or reorders it (another seq or after_seq) is caught by the
        // comparison the reader makes; it cannot rewrite the place without the signature.
        #expect(opened.place != .note(seq: 5, afterSeq: 7) && opened.place != .note(seq: 4, afterSeq: 6))
    }

    @Test func theSignedBytesOfV2() throws {
        // Known structure: header v2 ‖ author key ‖ seq ‖ after_seq ‖ name length ‖ text.
        let sealed = try SealedNote.seal(
            .note(handle: "ab"), text: "x", epoch: 1, inboxSecret: inbox.secretKey, author: author, place: .note(seq: 2, afterSeq: 3))
        let header = Array("lucka/note/v2".utf8) + [0, 2] + Array("ab".utf8) + [0, 0, 0, 1]
        #expect(SealedNote.header(.note(handle: "ab"), epoch: 1, version: 2) == header)
        let plain = try AEAD.open(
            Array(sealed[AEAD.nonceLength...]), additionalData: header, nonce: Array(sealed[..<AEAD.nonceLength]),
            key: try SealedNote.key(.note(handle: "ab"), inboxSecret: inbox.secretKey)
        ).copyBytes()
        let signed = Array(plain[64...])
        #expect(signed == author.publicKey + [0, 0, 0, 2, 0, 0, 0, 3, 0] + Array("x".utf8))
        try SigningKeyPair.verify(signature: Array(plain[..<64]), of: header + signed, publicKey: author.publicKey)
    }

    @Test func aTemplateSignsItsIdAndVersion() throws {
        let sealed = try SealedNote.seal(
            .template, name: "första-svar", text: "Tack.", epoch: 1, inboxSecret: inbox.secretKey, author: author,
            place: .template(id: "t-abcdefghjk", version: 3))
        let opened = try SealedNote.open(sealed, .template, epoch: 1, inboxSecret: inbox.secretKey)
        #expect(opened.place == .template(id: "t-abcdefghjk", version: 3) && opened.name == "första-svar")
        #expect(throws: LuckaError.self) {
            try SealedNote.seal(.template, name: "n", text: "x", epoch: 1, inboxSecret: inbox.secretKey, author: author, place: .note(seq: 1, afterSeq: 0))
        }
        #expect(throws: LuckaError.self) {
            try SealedNote.seal(
                .template, name: "n", text: "x", epoch: 1, inboxSecret: inbox.secretKey, author: author,
                place: .template(id: String(repeating: "t", count: SealedNote.maximumTemplateIDLength + 1), version: 1))
        }
    }

    @Test func aV1NoteStillOpensAndSaysNothingOfItsPlace() throws {
        let old = try SealedNote.sealV1(.note(handle: "abc123"), text: "Gammal.", epoch: 2, inboxSecret: inbox.secretKey, author: author)
        let opened = try SealedNote.open(old, .note(handle: "abc123"), epoch: 2, inboxSecret: inbox.secretKey)
        #expect(opened.text == "Gammal." && opened.place == nil)
        let template = try SealedNote.sealV1(.template, name: "n", text: "Gammal.", epoch: 2, inboxSecret: inbox.secretKey, author: author)
        #expect(try SealedNote.open(template, .template, epoch: 2, inboxSecret: inbox.secretKey).place == nil)
    }

    @Test func aV2NoteCannotPassForV1() throws {
        // The versions have separate domains: re-labelling is an AEAD failure, not a downgrade.
        let sealed = try SealedNote.seal(
            .note(handle: "abc123"), text: "Text", epoch: 3, inboxSecret: inbox.secretKey, author: author, place: .note(seq: 1, afterSeq: 1))
        let plain = try AEAD.open(
            Array(sealed[AEAD.nonceLength...]), additionalData: SealedNote.header(.note(handle: "abc123"), epoch: 3, version: 2),
            nonce: Array(sealed[..<AEAD.nonceLength]), key: try SealedNote.key(.note(handle: "abc123"), inboxSecret: inbox.secretKey))
        let nonce = Random.bytes(AEAD.nonceLength)
        let relabelled = nonce + (try AEAD.seal(
            plain, additionalData: SealedNote.header(.note(handle: "abc123"), epoch: 3, version: 1), nonce: nonce,
            key: try SealedNote.key(.note(handle: "abc123"), inboxSecret: inbox.secretKey)))
        // Only someone with the inbox key could even do this; the signature still fails.
        #expect(throws: LuckaError.self) { try SealedNote.open(relabelled, .note(handle: "abc123"), epoch: 3, inboxSecret: inbox.secretKey) }
    }
}
