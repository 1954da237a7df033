internal import CSodium

/// An Ed25519 key pair (`crypto_sign`, detached signatures): clinic identity keys and
/// staff request keys.
public struct SigningKeyPair: Sendable {
    public let publicKey: [UInt8]
    /// libsodium's 64-byte secret key (seed ‖ public key).
    public let secretKey: SecureBytes

    public static var publicKeyLength: Int { Int(crypto_sign_publickeybytes()) }
    public static var secretKeyLength: Int { Int(crypto_sign_secretkeybytes()) }
    public static var seedLength: Int { Int(crypto_sign_seedbytes()) }
    public static var signatureLength: Int { Int(crypto_sign_bytes()) }

    public static func generate() throws(LuckaError) -> SigningKeyPair {
        try SigningKeyPair(seed: SecureBytes.random(count: seedLength))
    }

    /// The key pair determined by a 32-byte seed (`crypto_sign_seed_keypair`).
    public init(seed: SecureBytes) throws(LuckaError) {
        try Sodium.checkSize(seed.count, Self.seedLength, "signing seed")
        var publicKey = [UInt8](repeating: 0, count: Self.publicKeyLength)
        let secretKey = try SecureBytes(count: Self.secretKeyLength) { (sk) throws(LuckaError) in
            let result = seed.withUnsafeBytes {
                crypto_sign_seed_keypair(&publicKey, sk.baseAddress!, $0.baseAddress!)
            }
            try Sodium.check(result, "crypto_sign_seed_keypair")
        }
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The 32-byte seed, which is all that needs storing.
    public func seed() throws(LuckaError) -> SecureBytes {
        try SecureBytes(count: Self.seedLength) { (out) throws(LuckaError) in
            let result = secretKey.withUnsafeBytes {
                crypto_sign_ed25519_sk_to_seed(out.baseAddress!, $0.baseAddress!)
            }
            try Sodium.check(result, "crypto_sign_ed25519_sk_to_seed")
        }
    }

    /// A detached 64-byte signature of `message`.
    public func sign(_ message: [UInt8]) throws(LuckaError) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: Self.signatureLength)
        let result = secretKey.withUnsafeBytes {
            crypto_sign_detached(&signature, nil, message, UInt64(message.count), $0.baseAddress!)
        }
        try Sodium.check(result, "crypto_sign_detached")
        return signature
    }

    /// Verifies a detached signature; throws `badSignature` if it does not verify.
    public static func verify(signature: [UInt8], of message: [UInt8], publicKey: [UInt8]) throws(LuckaError) {
        Sodium.ready()
        try Sodium.checkSize(publicKey.count, publicKeyLength, "signing public key")
        guard signature.count == signatureLength else {
            throw LuckaError(.badSignature, "signature must be \(signatureLength) bytes")
        }
        guard crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0 else {
            throw LuckaError(.badSignature, "the signature does not verify")
        }
    }
}
