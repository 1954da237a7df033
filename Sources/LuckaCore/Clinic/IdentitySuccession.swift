/// A clinic's statement that its identity (signing) key changed from `previousKey` to
/// `nextKey` on `day`, signed by both keys.
///
/// Signed bytes (both signatures, detached Ed25519): "lucka/succession/v1" ‖ 0x00 ‖
/// u8 slug length ‖ slug ‖ 32-byte previous public key ‖ 32-byte next public key ‖
/// 10-byte day (ASCII `YYYY-MM-DD`).
///
/// Security caveat: every admin holds the previous key, so a removed admin (with the
/// relay's operator) can sign a succession too. A verified chain therefore never makes a
/// client switch by itself: the new fingerprint must be confirmed with the clinic out of
/// band first (see `ClinicDocument.verified(pin:)`).
public struct IdentitySuccession: Codable, Hashable, Sendable {
    static let domain: [UInt8] = Array("lucka/succession/v1".utf8) + [0]

    public let clinic: String
    public let previousKey: [UInt8]
    public let nextKey: [UInt8]
    /// The day of the change, `YYYY-MM-DD` (UTC).
    public let day: String
    public let previousSignature: [UInt8]
    public let nextSignature: [UInt8]

    enum CodingKeys: String, CodingKey { case clinic, previousKey, nextKey, day, previousSignature, nextSignature }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clinic = try c.decode(String.self, forKey: .clinic)
        previousKey = try c.decodeBase64(.previousKey, length: SigningKeyPair.publicKeyLength)
        nextKey = try c.decodeBase64(.nextKey, length: SigningKeyPair.publicKeyLength)
        day = try c.decode(String.self, forKey: .day)
        previousSignature = try c.decodeBase64(.previousSignature, length: SigningKeyPair.signatureLength)
        nextSignature = try c.decodeBase64(.nextSignature, length: SigningKeyPair.signatureLength)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clinic, forKey: .clinic)
        try c.encodeBase64(previousKey, forKey: .previousKey)
        try c.encodeBase64(nextKey, forKey: .nextKey)
        try c.encode(day, forKey: .day)
        try c.encodeBase64(previousSignature, forKey: .previousSignature)
        try c.encodeBase64(nextSignature, forKey: .nextSignature)
    }

    public init(
        clinic: String, previousKey: [UInt8], nextKey: [UInt8], day: String, previousSignature: [UInt8], nextSignature: [UInt8]
    ) {
        self.clinic = clinic
        self.previousKey = previousKey
        self.nextKey = nextKey
        self.day = day
        self.previousSignature = previousSignature
        self.nextSignature = nextSignature
    }

    /// The statement that `clinic`'s identity passes from `previous` to `next` on `day`,
    /// signed by both.
    public static func issue(clinic: String, from previous: SigningKeyPair, to next: SigningKeyPair, day: String)
        throws(LuckaError) -> IdentitySuccession
    {
        let message = try signedBytes(clinic: clinic, previousKey: previous.publicKey, nextKey: next.publicKey, day: day)
        return IdentitySuccession(
            clinic: clinic, previousKey: previous.publicKey, nextKey: next.publicKey, day: day,
            previousSignature: try previous.sign(message), nextSignature: try next.sign(message))
    }

    /// The new key's fingerprint: what the clinic publishes after the change.
    public var nextFingerprint: Fingerprint { Fingerprint(publicKey: nextKey) }

    /// Throws `successionInvalid` unless both signatures verify over this statement and
    /// the statement is well formed (two different keys, a valid slug and day).
    public func verify() throws(LuckaError) {
        let message: [UInt8]
        do { message = try Self.signedBytes(clinic: clinic, previousKey: previousKey, nextKey: nextKey, day: day) } catch {
            throw LuckaError(.successionInvalid, "the clinic's identity change is malformed: \(error.reason)")
        }
        guard previousKey != nextKey else {
            throw LuckaError(.successionInvalid, "the clinic's identity change names the same key twice")
        }
        do {
            try SigningKeyPair.verify(signature: previousSignature, of: message, publicKey: previousKey)
            try SigningKeyPair.verify(signature: nextSignature, of: message, publicKey: nextKey)
        } catch {
            throw LuckaError(
                .successionInvalid, "the clinic's identity change is not signed by both keys: do not trust this relay")
        }
    }

    static func signedBytes(clinic: String, previousKey: [UInt8], nextKey: [UInt8], day: String) throws(LuckaError) -> [UInt8] {
        guard ClinicProfile.isValidSlug(clinic) else { throw LuckaError(.successionInvalid, "invalid clinic slug") }
        guard previousKey.count == SigningKeyPair.publicKeyLength, nextKey.count == SigningKeyPair.publicKeyLength else {
            throw LuckaError(.wrongSize, "signing public keys must be \(SigningKeyPair.publicKeyLength) bytes")
        }
        guard Self.isDay(day) else { throw LuckaError(.successionInvalid, "the day must be YYYY-MM-DD") }
        let slug = Array(clinic.utf8)
        return domain + [UInt8(slug.count)] + slug + previousKey + nextKey + Array(day.utf8)
    }

    /// `YYYY-MM-DD` with digits in the right places and a plausible month and day.
    static func isDay(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        for index in [0, 1, 2, 3, 5, 6, 8, 9] where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            return false
        }
        let month = Int(bytes[5] - 48) * 10 + Int(bytes[6] - 48)
        let day = Int(bytes[8] - 48) * 10 + Int(bytes[9] - 48)
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// The successions that lead from the key with fingerprint `pinned` to `currentKey`,
    /// in order, each verified and for `clinic`; nil if there is no such chain.
    public static func chain(
        _ successions: [IdentitySuccession], from pinned: Fingerprint, to currentKey: [UInt8], clinic: String
    ) -> [IdentitySuccession]? {
        let valid = successions.filter { $0.clinic == clinic && (try? $0.verify()) != nil }
        guard var step = valid.first(where: { Fingerprint(publicKey: $0.previousKey) == pinned }) else { return nil }
        var path = [step]
        // Bounded by the number of statements, so a cycle cannot loop forever.
        while step.nextKey != currentKey {
            guard path.count < valid.count, let next = valid.first(where: { $0.previousKey == step.nextKey }) else { return nil }
            step = next
            path.append(next)
        }
        return path
    }
}

/// A clinic whose signing key changed since a client pinned it: what to tell the person.
public struct IdentityChange: Hashable, Sendable {
    /// The clinic's current key's fingerprint, to confirm out of band.
    public let fingerprint: Fingerprint
    /// The day of the last change.
    public let day: String
    /// The verified statements from the pinned key to the current one.
    public let steps: [IdentitySuccession]

    public init(fingerprint: Fingerprint, day: String, steps: [IdentitySuccession]) {
        self.fingerprint = fingerprint
        self.day = day
        self.steps = steps
    }
}
