import Foundation

/// An internal note on a thread, or a clinic answer template: readable by every staff
/// member who holds the clinic's inbox key of its epoch, never by the writer or the relay,
/// and signed by the staff member who wrote it. docs/PROTOCOL.md section 18 has the bytes.
///
/// Format v2 (written since issue 20) also signs where the note sits: a note's `seq` and
/// `after_seq`, a template's id and version, so a relay can neither replay, reorder nor
/// move a note, nor serve a template under another id. v1 (without them) still opens.
public struct SealedNote: Sendable, Equatable {
    /// What is sealed: a note belongs to a thread (by handle), a template to the clinic.
    public enum Kind: Sendable, Equatable {
        case note(handle: String)
        case template

        func domain(_ version: Int) -> [UInt8] {
            switch self {
            case .note: Array("lucka/note/v\(version)".utf8) + [0]
            case .template: Array("lucka/template/v\(version)".utf8) + [0]
            }
        }

        var keyID: UInt64 {
            switch self {
            case .note: 1
            case .template: 2
            }
        }

        var scope: [UInt8] {
            switch self {
            case .note(let handle): [UInt8(Array(handle.utf8).count)] + Array(handle.utf8)
            case .template: [0]
            }
        }
    }

    /// Where a note or template sits, signed inside it from format v2.
    public enum Place: Sendable, Equatable {
        /// A note: its number in the thread, and the message count it follows.
        case note(seq: Int, afterSeq: Int)
        /// A template: its id (1 to `maximumTemplateIDLength` bytes) and version (1, 2, ...).
        case template(id: String, version: Int)

        var bytes: [UInt8] {
            switch self {
            case .note(let seq, let afterSeq):
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: seq).bigEndian, Array.init)
                    + withUnsafeBytes(of: UInt32(truncatingIfNeeded: afterSeq).bigEndian, Array.init)
            case .template(let id, let version):
                [UInt8(Array(id.utf8).count)] + Array(id.utf8) + withUnsafeBytes(of: UInt32(truncatingIfNeeded: version).bigEndian, Array.init)
            }
        }

        /// Reads a place of `kind` from the front of `bytes`; nil if it does not fit.
        static func read(_ kind: Kind, from bytes: ArraySlice<UInt8>) -> (Place, Int)? {
            func u32(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
            let start = bytes.startIndex
            switch kind {
            case .note:
                guard bytes.count >= 8 else { return nil }
                return (.note(seq: u32(start), afterSeq: u32(start + 4)), 8)
            case .template:
                guard let length = bytes.first.map(Int.init), bytes.count >= 1 + length + 4,
                    let id = String(validating: bytes[(start + 1)..<(start + 1 + length)], as: UTF8.self)
                else { return nil }
                return (.template(id: id, version: u32(start + 1 + length)), 1 + length + 4)
            }
        }

        func fits(_ kind: Kind) -> Bool {
            switch (kind, self) {
            case (.note, .note(let seq, let afterSeq)): seq >= 1 && afterSeq >= 0 && seq <= Int(UInt32.max) && afterSeq <= Int(UInt32.max)
            case (.template, .template(let id, let version)):
                (1...SealedNote.maximumTemplateIDLength).contains(id.utf8.count) && version >= 1 && version <= Int(UInt32.max)
            default: false
            }
        }
    }

    /// Longest template id signed into a v2 template, in bytes.
    public static let maximumTemplateIDLength = 40

    /// Largest note text, and largest template (name and text), in bytes.
    public static let maximumNoteLength = 4096
    public static let maximumTemplateLength = 8192
    public static let maximumNameLength = 64

    /// What a reader gets back after opening and verifying.
    public struct Opened: Sendable, Equatable {
        /// The author's staff signing public key (compare with the clinic's members).
        public var author: [UInt8]
        /// A template's name; empty for a note.
        public var name: String
        public var text: String
        /// Where the author put it (format v2); nil for a v1 note or template, which
        /// does not say. Readers compare it with where the relay says it is.
        public var place: Place? = nil
    }

    static let context: StaticString = "lk-notes"

    /// The AEAD key of `kind` for the inbox secret of one epoch.
    static func key(_ kind: Kind, inboxSecret: SecureBytes) throws(LuckaError) -> SecureBytes {
        try KeyDerivation.derive(from: inboxSecret, id: kind.keyID, context: context)
    }

    static func header(_ kind: Kind, epoch: UInt32, version: Int) -> [UInt8] {
        kind.domain(version) + kind.scope + withUnsafeBytes(of: epoch.bigEndian, Array.init)
    }

    /// Seals `text` (and a template's `name`) at `place` under the epoch's inbox secret,
    /// signed by `author`, in format v2. Returns nonce ‖ AEAD ciphertext.
    public static func seal(
        _ kind: Kind, name: String = "", text: String, epoch: UInt32, inboxSecret: SecureBytes, author: SigningKeyPair,
        place: Place
    ) throws(LuckaError) -> [UInt8] {
        guard place.fits(kind) else { throw LuckaError(.wrongSize, "the place does not fit a \(kind)") }
        return try seal(kind, name: name, text: text, epoch: epoch, inboxSecret: inboxSecret, author: author, placeBytes: place.bytes)
    }

    /// Format v1 (no place), for tests of old notes only.
    static func sealV1(
        _ kind: Kind, name: String = "", text: String, epoch: UInt32, inboxSecret: SecureBytes, author: SigningKeyPair
    ) throws(LuckaError) -> [UInt8] {
        try seal(kind, name: name, text: text, epoch: epoch, inboxSecret: inboxSecret, author: author, placeBytes: nil)
    }

    private static func seal(
        _ kind: Kind, name: String, text: String, epoch: UInt32, inboxSecret: SecureBytes, author: SigningKeyPair,
        placeBytes: [UInt8]?
    ) throws(LuckaError) -> [UInt8] {
        let nameBytes = Array(name.utf8)
        let textBytes = Array(text.utf8)
        switch kind {
        case .note:
            guard nameBytes.isEmpty else { throw LuckaError(.wrongSize, "a note has no name") }
            guard (1...maximumNoteLength).contains(textBytes.count) else {
                throw LuckaError(.wrongSize, "a note is 1 to \(maximumNoteLength) bytes")
            }
        case .template:
            guard (1...maximumNameLength).contains(nameBytes.count) else {
                throw LuckaError(.wrongSize, "a template's name is 1 to \(maximumNameLength) bytes")
            }
            guard (1...maximumTemplateLength).contains(textBytes.count) else {
                throw LuckaError(.wrongSize, "a template is 1 to \(maximumTemplateLength) bytes")
            }
        }
        let header = header(kind, epoch: epoch, version: placeBytes == nil ? 1 : 2)
        let body = (placeBytes ?? []) + [UInt8(nameBytes.count)] + nameBytes + textBytes
        let signature = try author.sign(header + author.publicKey + body)
        let plaintext = SecureBytes(copying: signature + author.publicKey + body)
        let nonce = Random.bytes(AEAD.nonceLength)
        return nonce
            + (try AEAD.seal(plaintext, additionalData: header, nonce: nonce, key: try key(kind, inboxSecret: inboxSecret)))
    }

    /// Opens and verifies, format v2 or v1; `authenticationFailed` for a wrong key, a note
    /// moved to another thread or epoch, or a bad signature. The caller compares
    /// `Opened.place` with the relay's seq/after_seq or template id.
    public static func open(_ sealed: [UInt8], _ kind: Kind, epoch: UInt32, inboxSecret: SecureBytes) throws(LuckaError) -> Opened
    {
        let nonceLength = AEAD.nonceLength
        guard sealed.count > nonceLength + AEAD.tagLength else { throw LuckaError(.wrongSize, "the sealed note is too short") }
        let key = try key(kind, inboxSecret: inboxSecret)
        var version = 2
        var header = header(kind, epoch: epoch, version: 2)
        let plaintext: SecureBytes
        do {
            plaintext = try AEAD.open(Array(sealed[nonceLength...]), additionalData: header, nonce: Array(sealed[..<nonceLength]), key: key)
        } catch {
            version = 1
            header = Self.header(kind, epoch: epoch, version: 1)
            plaintext = try AEAD.open(Array(sealed[nonceLength...]), additionalData: header, nonce: Array(sealed[..<nonceLength]), key: key)
        }
        var bytes = plaintext.copyBytes()
        defer { for index in bytes.indices { bytes[index] = 0 } }
        let signatureLength = SigningKeyPair.signatureLength
        let keyLength = SigningKeyPair.publicKeyLength
        guard bytes.count > signatureLength + keyLength else { throw LuckaError(.wrongSize, "the note is too short") }
        let signature = Array(bytes[..<signatureLength])
        let author = Array(bytes[signatureLength..<(signatureLength + keyLength)])
        let signed = Array(bytes[(signatureLength + keyLength)...])
        try SigningKeyPair.verify(signature: signature, of: header + author + signed, publicKey: author)
        var place: Place?
        var body = signed
        if version == 2 {
            guard let (read, length) = Place.read(kind, from: signed[...]), signed.count > length else {
                throw LuckaError(.wrongSize, "the note's place runs past its end")
            }
            place = read
            body = Array(signed[length...])
        }
        let nameLength = Int(body[0])
        guard body.count >= 1 + nameLength else { throw LuckaError(.wrongSize, "the note's name runs past its end") }
        guard let name = String(validating: body[1..<(1 + nameLength)], as: UTF8.self),
            let text = String(validating: body[(1 + nameLength)...], as: UTF8.self)
        else { throw LuckaError(.authenticationFailed, "the note is not UTF-8") }
        return Opened(author: author, name: name, text: text, place: place)
    }
}
