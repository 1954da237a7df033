import Foundation

/// A profile document and its Ed25519 signature. The relay stores and serves `document`
/// byte for byte; readers verify the signature over exactly those bytes before parsing.
///
/// Signed bytes: "lucka/profile/v1" ‖ 0x00 ‖ document (UTF-8 JSON).
public struct SignedProfile: Codable, Hashable, Sendable {
    package static let domain: [UInt8] = Array("lucka/profile/v1".utf8) + [0]
    /// Largest document accepted, in bytes.
    public static let maximumDocumentLength = 16 * 1024

    public let document: [UInt8]
    public let signature: [UInt8]

    enum CodingKeys: String, CodingKey { case document, signature }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        document = try c.decodeBase64(.document)
        signature = try c.decodeBase64(.signature, length: SigningKeyPair.signatureLength)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeBase64(document, forKey: .document)
        try c.encodeBase64(signature, forKey: .signature)
    }

    public init(document: [UInt8], signature: [UInt8]) {
        self.document = document
        self.signature = signature
    }

    /// Serialises and signs `profile`.
    public static func sign(_ profile: ClinicProfile, with signingKey: SigningKeyPair) throws(LuckaError) -> SignedProfile {
        guard ClinicProfile.isValidSlug(profile.slug) else {
            throw LuckaError(.profileInvalid, "the clinic slug must be 2 to 48 of a-z, 0-9 and dashes")
        }
        try profile.checkAnswerDays()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let document: [UInt8]
        do { document = Array(try encoder.encode(profile)) } catch {
            throw LuckaError(.profileInvalid, "the profile could not be encoded")
        }
        guard document.count <= maximumDocumentLength else {
            throw LuckaError(.profileInvalid, "the profile is longer than \(maximumDocumentLength) bytes")
        }
        return SignedProfile(document: document, signature: try signingKey.sign(domain + document))
    }

    /// Verifies the signature with `signingPublicKey`, then parses the document and checks
    /// that it is `slug`'s profile. Throws `profileInvalid` on any failure.
    public func verify(signingPublicKey: [UInt8], slug: String) throws(LuckaError) -> ClinicProfile {
        guard document.count <= Self.maximumDocumentLength else {
            throw LuckaError(.profileInvalid, "the profile document is too long")
        }
        do {
            try SigningKeyPair.verify(signature: signature, of: Self.domain + document, publicKey: signingPublicKey)
        } catch {
            throw LuckaError(.profileInvalid, "the clinic profile's signature does not verify: do not trust this relay")
        }
        let profile: ClinicProfile
        do { profile = try JSONDecoder().decode(ClinicProfile.self, from: Data(document)) } catch {
            throw LuckaError(.profileInvalid, "the clinic profile is signed but cannot be read")
        }
        guard profile.version == ClinicProfile.currentVersion else {
            throw LuckaError(.profileInvalid, "the clinic profile has an unknown version")
        }
        guard profile.slug == slug else {
            throw LuckaError(.profileInvalid, "the signed profile belongs to another clinic")
        }
        try profile.checkAnswerDays()
        return profile
    }
}
