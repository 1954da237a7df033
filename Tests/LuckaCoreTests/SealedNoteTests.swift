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
            .note(handle: "abc123"), text: "Intern: ring tillbaka.", epoch: 3, inboxSecret: inbox.secretKey, author: author)
        let opened = try SealedNote.open(sealed, .note(handle: "abc123"), epoch: 3, inboxSecret: inbox.secretKey)
        #expect(opened.text == "Intern: ring tillbaka." && opened.author == author.publicKey && opened.name.isEmpty)
        // Two seals of the same text differ (random nonce).
        #expect(
            try SealedNote.seal(
                .note(handle: "abc123"), text: "Intern: ring tillbaka.", epoch: 3, inboxSecret: inbox.secretKey, author: author)
                != sealed)
    }

    @Test func aNoteOpensOnlyWhereItWasWritten() throws {
        let sealed = try SealedNote.seal(
            .note(handle: "abc123"), text: "Text", epoch: 3, inboxSecret: inbox.secretKey, author: author)
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
            author: author)
        let opened = try SealedNote.open(sealed, .template, epoch: 1, inboxSecret: inbox.secretKey)
        #expect(opened.name == "första-svar" && opened.text == "Tack för att du skriver.")
    }

    @Test func sizesAreBounded() throws {
        #expect(throws: LuckaError.self) {
            try SealedNote.seal(
                .note(handle: "h"), text: String(repeating: "a", count: SealedNote.maximumNoteLength + 1), epoch: 1,
                inboxSecret: inbox.secretKey, author: author)
        }
        #expect(throws: LuckaError.self) {
            try SealedNote.seal(.note(handle: "h"), text: "", epoch: 1, inboxSecret: inbox.secretKey, author: author)
        }
        #expect(throws: LuckaError.self) {
            try SealedNote.seal(.template, name: "", text: "x", epoch: 1, inboxSecret: inbox.secretKey, author: author)
        }
        #expect(throws: LuckaError.self) {
            try SealedNote.seal(
                .template, name: "n", text: String(repeating: "a", count: SealedNote.maximumTemplateLength + 1), epoch: 1,
                inboxSecret: inbox.secretKey, author: author)
        }
        let longest = try SealedNote.seal(
            .template, name: String(repeating: "n", count: SealedNote.maximumNameLength),
            text: String(repeating: "a", count: SealedNote.maximumTemplateLength),
            epoch: 1, inboxSecret: inbox.secretKey, author: author)
        #expect(longest.count == SealedRequest.maximumSealedLength)
    }
}
