/// Seals envelopes into the padded ciphertexts the relay stores, and opens them.
///
/// sealed = nonce (24) ‖ crypto_box_easy(pad(envelope, bucket), nonce, their pk, my sk).
/// One ciphertext serves both ends: the writer and the clinic share the box key.
public enum MessageBox {
    /// Padded plaintext sizes. Every sealed message is one of these plus 40 bytes.
    public static let buckets = [1024, 4096, 16384, 32768]

    /// Every length a sealed message may have; the relay rejects any other.
    public static var sealedLengths: [Int] { buckets.map { $0 + overhead } }

    static var overhead: Int { Box.nonceLength + Box.macLength }

    /// Pads, encrypts and authenticates `envelope` from `senderSecretKey` to `recipientPublicKey`.
    public static func seal(
        _ envelope: Envelope, from senderSecretKey: SecureBytes, to recipientPublicKey: [UInt8]
    ) throws(LuckaError) -> [UInt8] {
        var plaintext = try envelope.serialised()
        defer { wipe(&plaintext) }
        return try seal(plaintext: &plaintext, from: senderSecretKey, to: recipientPublicKey)
    }

    /// Pads and seals already serialised envelope bytes (tests use it to forge fields).
    package static func seal(
        plaintext: inout [UInt8], from senderSecretKey: SecureBytes, to recipientPublicKey: [UInt8]
    ) throws(LuckaError) -> [UInt8] {
        guard let bucket = buckets.first(where: { plaintext.count < $0 }) else {
            throw LuckaError(.textTooLong, "the message is too long")
        }
        try Padding.pad(&plaintext, blockSize: bucket)
        let nonce = Random.bytes(Box.nonceLength)
        return nonce + (try Box.seal(plaintext, nonce: nonce, to: recipientPublicKey, from: senderSecretKey))
    }

    /// Authenticates, decrypts, unpads and parses. `expectedAuthor`, when given, is the
    /// side the relay says wrote the message; a different author inside is an error.
    public static func open(
        _ sealed: [UInt8], with mySecretKey: SecureBytes, from theirPublicKey: [UInt8], expectedAuthor: Author? = nil
    ) throws(LuckaError) -> Envelope {
        guard let bucket = buckets.first(where: { $0 + overhead == sealed.count }) else {
            throw LuckaError(.wrongSize, "a sealed message of \(sealed.count) bytes is not one of the padded sizes")
        }
        let nonce = Array(sealed[0..<Box.nonceLength])
        var padded = try Box.open(Array(sealed[Box.nonceLength...]), nonce: nonce, from: theirPublicKey, to: mySecretKey)
        defer { wipe(&padded) }
        let length = try Padding.unpaddedLength(padded, blockSize: bucket)
        var plaintext = Array(padded[0..<length])
        defer { wipe(&plaintext) }
        let envelope = try Envelope(parsing: plaintext)
        if let expectedAuthor, envelope.author != expectedAuthor {
            throw LuckaError(.envelopeMalformed, "the message's author does not match the side that posted it")
        }
        return envelope
    }

    /// BLAKE2b-256 of a sealed message: what the next message of the same author names.
    public static func hash(of sealed: [UInt8]) -> [UInt8] { Hash.blake2b(sealed) }

    /// Whether the relay should accept a ciphertext of this length.
    public static func isValidSealedLength(_ length: Int) -> Bool { sealedLengths.contains(length) }
}
