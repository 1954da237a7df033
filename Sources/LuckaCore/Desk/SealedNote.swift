import Foundation

/// An internal note on a thread, or a clinic answer template: readable by every staff
/// member who holds the clinic's inbox key of its epoch, never by the writer or the relay,
/// and signed by the staff member who wrote it. docs/PROTOCOL.md section 18 has the bytes.
public struct SealedNote: Sendable, Equatable {
    /// What is sealed: a note belongs to a thread (by handle), a template to the clinic.
    public enum Kind: Sendable, Equatable {
        case note(handle: String)
        case template

        var domain: [UInt8] {
            switch self {
            case .note: Array("lucka/note/v1".utf8) + [0]
            case .template: Array("lucka/template/v1".utf8) + [0]
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
    }

    static let context: StaticString = "lk-notes"

    /// The AEAD key of `kind` for the inbox secret of one epoch.
    static func key(_ kind: Kind, inboxSecret: SecureBytes) throws(LuckaError) -> SecureBytes {
        try KeyDerivation.derive(from: inboxSecret, id: kind.keyID, context: context)
    }

    static func header(_ kind: Kind, epoch: UInt32) -> [UInt8] {
        kind.domain + kind.scope + withUnsafeBytes(of: epoch.bigEndian, Array.init)
    }

    /// Seals `text` (and a template's `name`) under the epoch's inbox secret, signed by
    /// `author`. Returns nonce ‖ AEAD ciphertext.
    public static func seal(
        _ kind: Kind, name: String = "", text: String, epoch: UInt32, inboxSecret: SecureBytes, author: SigningKeyPair
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
        let header = header(kind, epoch: epoch)
        let body = [UInt8(nameBytes.count)] + nameBytes + textBytes
        let signature = try author.sign(header + author.publicKey + body)
        let plaintext = SecureBytes(copying: signature + author.publicKey + body)
        let nonce = Random.bytes(AEAD.nonceLength)
        return nonce
            + (try AEAD.seal(plaintext, additionalData: header, nonce: nonce, key: try key(kind, inboxSecret: inboxSecret)))
    }

    /// Opens and verifies; `authenticationFailed` for a wrong key, a note moved to another
    /// thread or epoch, or a bad signature.
    public static func open(_ sealed: [UInt8], _ kind: Kind, epoch: UInt32, inboxSecret: SecureBytes) throws(LuckaError) -> Opened
    {
        let nonceLength = AEAD.nonceLength
        guard sealed.count > nonceLength + AEAD.tagLength else { throw LuckaError(.wrongSize, "the sealed note is too short") }
        let header = header(kind, epoch: epoch)
        let plaintext = try AEAD.open(
            Array(sealed[nonceLength...]), additionalData: header, nonce: Array(sealed[..<nonceLength]),
            key: try key(kind, inboxSecret: inboxSecret))
        var bytes = plaintext.copyBytes()
        defer { for index in bytes.indices { bytes[index] = 0 } }
        let signatureLength = SigningKeyPair.signatureLength
        let keyLength = SigningKeyPair.publicKeyLength
        guard bytes.count > signatureLength + keyLength else { throw LuckaError(.wrongSize, "the note is too short") }
        let signature = Array(bytes[..<signatureLength])
        let author = Array(bytes[signatureLength..<(signatureLength + keyLength)])
        let body = Array(bytes[(signatureLength + keyLength)...])
        try SigningKeyPair.verify(signature: signature, of: header + author + body, publicKey: author)
        let nameLength = Int(body[0])
        guard body.count >= 1 + nameLength else { throw LuckaError(.wrongSize, "the note's name runs past its end") }
        guard let name = String(validating: body[1..<(1 + nameLength)], as: UTF8.self),
            let text = String(validating: body[(1 + nameLength)...], as: UTF8.self)
        else { throw LuckaError(.authenticationFailed, "the note is not UTF-8") }
        return Opened(author: author, name: name, text: text)
    }
}
