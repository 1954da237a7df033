import Foundation
import Testing
@testable import LuckaCore

@Suite("Message envelopes")
struct EnvelopeTests {
    let writer: BoxKeyPair
    let inbox: BoxKeyPair
    init() throws {
        writer = try WriterKeys(code: .generate()).boxKeyPair
        inbox = try BoxKeyPair.generate()
    }

    @Test func writerAndClinicEachOpenWhatEitherSealed() throws {
        let question = Envelope(author: .writer, text: "Hej, jag behöver prata med någon. 🙏")
        let sealed = try MessageBox.seal(question, from: writer.secretKey, to: inbox.publicKey)
        let byClinic = try MessageBox.open(sealed, with: inbox.secretKey, from: writer.publicKey, expectedAuthor: .writer)
        let byWriter = try MessageBox.open(sealed, with: writer.secretKey, from: inbox.publicKey)
        #expect(byClinic.text == question.text && byWriter.text == question.text)
        #expect(byClinic.counsellorName == nil && byClinic.previous == nil)
        #expect(abs(byClinic.sentAt.timeIntervalSince(question.sentAt)) < 0.001)

        let answer = Envelope(author: .clinic, counsellorName: "Anna", text: "Välkommen. Vi finns här.", previous: nil)
        let reply = try MessageBox.seal(answer, from: inbox.secretKey, to: writer.publicKey)
        let read = try MessageBox.open(reply, with: writer.secretKey, from: inbox.publicKey, expectedAuthor: .clinic)
        #expect(read.counsellorName == "Anna" && read.author == .clinic && read.text == answer.text)
    }

    @Test(arguments: [(1, 1024), (900, 1024), (980, 4096), (4000, 4096), (4100, 16384), (20_000, 32768), (32_000, 32768)])
    func ciphertextsComeInBuckets(textLength: Int, bucket: Int) throws {
        let envelope = Envelope(author: .writer, text: String(repeating: "a", count: textLength))
        let sealed = try MessageBox.seal(envelope, from: writer.secretKey, to: inbox.publicKey)
        #expect(sealed.count == bucket + 40)
        #expect(MessageBox.isValidSealedLength(sealed.count))
        #expect(try MessageBox.open(sealed, with: inbox.secretKey, from: writer.publicKey).text.count == textLength)
    }

    @Test func tooLongTextAndNameAreClearErrors() {
        let long = Envelope(author: .writer, text: String(repeating: "ö", count: 16_001))  // 32,002 bytes
        #expect(luckaError { _ = try MessageBox.seal(long, from: writer.secretKey, to: inbox.publicKey) }?.code == .textTooLong)
        let longName = Envelope(author: .clinic, counsellorName: String(repeating: "x", count: 65), text: "hej")
        #expect(luckaError { _ = try MessageBox.seal(longName, from: inbox.secretKey, to: writer.publicKey) }?.code == .nameTooLong)
        let empty = Envelope(author: .writer, text: "")
        #expect(luckaError { _ = try MessageBox.seal(empty, from: writer.secretKey, to: inbox.publicKey) }?.code == .envelopeMalformed)
        let namedWriter = Envelope(author: .writer, counsellorName: "Anna", text: "hej")
        #expect(luckaError { _ = try MessageBox.seal(namedWriter, from: writer.secretKey, to: inbox.publicKey) }?.code == .envelopeMalformed)
        let anonymousClinic = Envelope(author: .clinic, text: "hej")
        #expect(luckaError { _ = try MessageBox.seal(anonymousClinic, from: inbox.secretKey, to: writer.publicKey) }?.code == .envelopeMalformed)
    }

    @Test func wrongKeyAndWrongEpochFail() throws {
        let sealed = try MessageBox.seal(Envelope(author: .writer, text: "hej"), from: writer.secretKey, to: inbox.publicKey)
        let nextEpoch = try BoxKeyPair.generate()
        #expect(luckaError { _ = try MessageBox.open(sealed, with: nextEpoch.secretKey, from: writer.publicKey) }?.code == .authenticationFailed)
        let stranger = try WriterKeys(code: .generate()).boxKeyPair
        #expect(luckaError { _ = try MessageBox.open(sealed, with: inbox.secretKey, from: stranger.publicKey) }?.code == .authenticationFailed)
    }

    @Test func everyRegionOfTheCiphertextIsAuthenticated() throws {
        let sealed = try MessageBox.seal(Envelope(author: .writer, text: "hej"), from: writer.secretKey, to: inbox.publicKey)
        // nonce, tag, start, middle and end of the padded body.
        for index in [0, 12, 23, 24, 30, 39, 40, 100, 500, sealed.count - 1] {
            var tampered = sealed
            tampered[index] ^= 0x04
            #expect(luckaError { _ = try MessageBox.open(tampered, with: inbox.secretKey, from: writer.publicKey) }?.code == .authenticationFailed)
        }
    }

    @Test(arguments: [0, 1, 40, 1063, 1065, 4136 - 1, 40_000])
    func truncatedOrOddSizedCiphertextsAreRefused(length: Int) {
        #expect(luckaError { _ = try MessageBox.open(Random.bytes(length), with: inbox.secretKey, from: writer.publicKey) }?.code == .wrongSize)
    }

    @Test func authorMismatchWithTheRelaysSideIsReported() throws {
        // A writer could seal a message that claims to be the clinic's; the relay knows
        // which side posted it, and the reader compares.
        let forged = Envelope(author: .clinic, counsellorName: "Anna", text: "falskt svar")
        let sealed = try MessageBox.seal(forged, from: writer.secretKey, to: inbox.publicKey)
        #expect(luckaError { _ = try MessageBox.open(sealed, with: inbox.secretKey, from: writer.publicKey, expectedAuthor: .writer) }?.code == .envelopeMalformed)
    }

    /// Seals hand-made plaintext so that each field can be made wrong.
    func openForged(_ bytes: [UInt8]) -> LuckaError? {
        luckaError {
            var plaintext = bytes
            let sealed = try MessageBox.seal(plaintext: &plaintext, from: writer.secretKey, to: inbox.publicKey)
            _ = try MessageBox.open(sealed, with: inbox.secretKey, from: writer.publicKey)
        }
    }

    static func layout(version: UInt8 = 1, author: UInt8 = 1, name: [UInt8] = [], nameLength: UInt8? = nil, text: [UInt8] = Array("hej".utf8), textLength: UInt32? = nil, trailing: [UInt8] = []) -> [UInt8] {
        var bytes: [UInt8] = [version, author]
        bytes += Int64(1_700_000_000_000).bigEndianBytes
        bytes += [UInt8](repeating: 0, count: 32)
        bytes.append(nameLength ?? UInt8(name.count))
        bytes += name
        bytes += (textLength ?? UInt32(text.count)).bigEndianBytes
        bytes += text
        bytes += trailing
        return bytes
    }

    @Test func everyEnvelopeFieldIsChecked() {
        #expect(openForged(Self.layout()) == nil)
        #expect(openForged(Self.layout(version: 2))?.code == .envelopeVersion)
        #expect(openForged(Self.layout(version: 0))?.code == .envelopeVersion)
        #expect(openForged(Self.layout(author: 0))?.code == .envelopeMalformed)
        #expect(openForged(Self.layout(author: 3))?.code == .envelopeMalformed)
        #expect(openForged(Self.layout(author: 1, name: Array("Anna".utf8)))?.code == .envelopeMalformed)
        #expect(openForged(Self.layout(author: 2))?.code == .envelopeMalformed)
        #expect(openForged(Self.layout(author: 2, name: Array("Anna".utf8))) == nil)
        #expect(openForged(Self.layout(author: 2, name: [0x41, 0x07]))?.code == .envelopeMalformed)
        #expect(openForged(Self.layout(author: 2, name: [0xff, 0xfe]))?.code == .envelopeMalformed)
        #expect(openForged(Self.layout(text: [0xc3, 0x28]))?.code == .envelopeMalformed)
        #expect(openForged(Self.layout(textLength: 4))?.code == .envelopeMalformed)
        #expect(openForged(Self.layout(textLength: 2))?.code == .envelopeMalformed)
        #expect(openForged(Self.layout(textLength: 40_000))?.code == .textTooLong)
        #expect(openForged(Self.layout(text: []))?.code == .envelopeMalformed)
        #expect(openForged(Self.layout(trailing: [0]))?.code == .envelopeMalformed)
        #expect(openForged(Array(Self.layout().prefix(20)))?.code == .envelopeMalformed)
        #expect(openForged([])?.code == .envelopeMalformed)
    }

    @Test func previousHashSurvivesTheRoundTrip() throws {
        let first = try MessageBox.seal(Envelope(author: .writer, text: "ett"), from: writer.secretKey, to: inbox.publicKey)
        let second = try MessageBox.seal(
            Envelope(author: .writer, text: "två", previous: MessageBox.hash(of: first)), from: writer.secretKey, to: inbox.publicKey)
        #expect(try MessageBox.open(second, with: inbox.secretKey, from: writer.publicKey).previous == MessageBox.hash(of: first))
        let badPrevious = Envelope(author: .writer, text: "x", previous: [1, 2, 3])
        #expect(luckaError { _ = try MessageBox.seal(badPrevious, from: writer.secretKey, to: inbox.publicKey) }?.code == .wrongSize)
    }
}

@Suite("Author chains")
struct AuthorChainTests {
    typealias Message = (hash: [UInt8], envelope: Envelope)

    static func message(_ author: Author, _ name: String, after previous: Message? = nil) -> Message {
        let envelope = Envelope(author: author, counsellorName: author == .clinic ? "Anna" : nil, text: name, previous: previous?.hash)
        return (Hash.blake2b(Array(name.utf8)), envelope)
    }

    @Test func anIntactThreadHasNoProblems() {
        let w1 = Self.message(.writer, "w1")
        let c1 = Self.message(.clinic, "c1")
        let w2 = Self.message(.writer, "w2", after: w1)
        let c2 = Self.message(.clinic, "c2", after: c1)
        #expect(AuthorChains.check([w1, c1, w2, c2]).isEmpty)
        #expect(AuthorChains.previousHash(for: .writer, in: [w1, c1, w2, c2]) == w2.hash)
        #expect(AuthorChains.previousHash(for: .clinic, in: [w1]) == nil)
    }

    @Test func twoCounsellorsAnsweringAtOnceIsNotAnError() {
        let w1 = Self.message(.writer, "w1")
        let a = Self.message(.clinic, "a")
        let b = Self.message(.clinic, "b")
        let c = Self.message(.clinic, "c", after: a)
        let d = Self.message(.clinic, "d", after: a)
        #expect(AuthorChains.check([w1, a, b, c, d]).isEmpty)
    }

    @Test func aDroppedMessageIsReported() {
        let w1 = Self.message(.writer, "w1")
        let w2 = Self.message(.writer, "w2", after: w1)
        let w3 = Self.message(.writer, "w3", after: w2)
        #expect(AuthorChains.check([w1, w3]) == [.init(kind: .missingPrevious, index: 1, author: .writer)])
    }

    @Test func reorderingIsReported() {
        let w1 = Self.message(.writer, "w1")
        let w2 = Self.message(.writer, "w2", after: w1)
        #expect(AuthorChains.check([w2, w1]) == [.init(kind: .outOfOrder, index: 0, author: .writer)])
    }

    @Test func aReplayedCopyIsReported() {
        let w1 = Self.message(.writer, "w1")
        #expect(AuthorChains.check([w1, w1]) == [.init(kind: .duplicate, index: 1, author: .writer)])
    }

    @Test func namingTheOtherAuthorsMessageIsABrokenChain() {
        let c1 = Self.message(.clinic, "c1")
        let w1 = Self.message(.writer, "w1", after: c1)
        #expect(AuthorChains.check([c1, w1]).map(\.kind) == [.missingPrevious])
    }
}
