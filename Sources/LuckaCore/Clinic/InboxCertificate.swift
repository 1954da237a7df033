/// A clinic inbox key of one epoch, certified by the clinic's signing key.
///
/// Signed bytes: "lucka/inbox-cert/v1" ‖ 0x00 ‖ u8 slug length ‖ slug ‖ u32 BE epoch ‖
/// 32-byte X25519 public key.
public struct InboxCertificate: Codable, Hashable, Sendable {
    static let domain: [UInt8] = Array("lucka/inbox-cert/v1".utf8) + [0]

    public let clinic: String
    public let epoch: UInt32
    public let publicKey: [UInt8]
    public let signature: [UInt8]

    enum CodingKeys: String, CodingKey { case clinic, epoch, publicKey, signature }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clinic = try c.decode(String.self, forKey: .clinic)
        epoch = try c.decode(UInt32.self, forKey: .epoch)
        publicKey = try c.decodeBase64(.publicKey, length: BoxKeyPair.publicKeyLength)
        signature = try c.decodeBase64(.signature, length: SigningKeyPair.signatureLength)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clinic, forKey: .clinic)
        try c.encode(epoch, forKey: .epoch)
        try c.encodeBase64(publicKey, forKey: .publicKey)
        try c.encodeBase64(signature, forKey: .signature)
    }

    public init(clinic: String, epoch: UInt32, publicKey: [UInt8], signature: [UInt8]) {
        self.clinic = clinic
        self.epoch = epoch
        self.publicKey = publicKey
        self.signature = signature
    }

    /// Certifies `publicKey` as `clinic`'s inbox key for `epoch`.
    public static func issue(
        clinic: String, epoch: UInt32, publicKey: [UInt8], signingKey: SigningKeyPair
    ) throws(LuckaError) -> InboxCertificate {
        let message = try signedBytes(clinic: clinic, epoch: epoch, publicKey: publicKey)
        return InboxCertificate(clinic: clinic, epoch: epoch, publicKey: publicKey, signature: try signingKey.sign(message))
    }

    /// Throws `certificateInvalid` unless this certificate was signed by `signingPublicKey`
    /// for `clinic`.
    public func verify(signingPublicKey: [UInt8], clinic expected: String) throws(LuckaError) {
        guard clinic == expected else {
            throw LuckaError(.certificateInvalid, "the inbox key belongs to another clinic")
        }
        do {
            let message = try Self.signedBytes(clinic: clinic, epoch: epoch, publicKey: publicKey)
            try SigningKeyPair.verify(signature: signature, of: message, publicKey: signingPublicKey)
        } catch {
            throw LuckaError(.certificateInvalid, "the clinic's inbox key fails its certificate: do not trust this relay")
        }
    }

    static func signedBytes(clinic: String, epoch: UInt32, publicKey: [UInt8]) throws(LuckaError) -> [UInt8] {
        let slug = Array(clinic.utf8)
        guard slug.count <= 255 else { throw LuckaError(.certificateInvalid, "clinic slug too long") }
        guard publicKey.count == BoxKeyPair.publicKeyLength else {
            throw LuckaError(.wrongSize, "inbox public key must be \(BoxKeyPair.publicKeyLength) bytes")
        }
        return domain + [UInt8(slug.count)] + slug + epoch.bigEndianBytes + publicKey
    }
}

extension FixedWidthInteger {
    var bigEndianBytes: [UInt8] {
        withUnsafeBytes(of: self.bigEndian) { Array($0) }
    }
}
