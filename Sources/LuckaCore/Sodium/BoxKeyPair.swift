internal import CSodium

/// An X25519 key pair for `crypto_box` (writer keys, clinic inbox keys, staff keys).
public struct BoxKeyPair: Sendable {
    public let publicKey: [UInt8]
    public let secretKey: SecureBytes

    public static var publicKeyLength: Int { Int(crypto_box_publickeybytes()) }
    public static var secretKeyLength: Int { Int(crypto_box_secretkeybytes()) }
    public static var seedLength: Int { Int(crypto_box_seedbytes()) }

    /// A fresh random key pair.
    public static func generate() throws(LuckaError) -> BoxKeyPair {
        Sodium.ready()
        var publicKey = [UInt8](repeating: 0, count: publicKeyLength)
        let secretKey = try SecureBytes(count: secretKeyLength) { (sk) throws(LuckaError) in
            try Sodium.check(crypto_box_keypair(&publicKey, sk.baseAddress!), "crypto_box_keypair")
        }
        return BoxKeyPair(publicKey: publicKey, secretKey: secretKey)
    }

    /// The key pair determined by a 32-byte seed (`crypto_box_seed_keypair`).
    public init(seed: SecureBytes) throws(LuckaError) {
        try Sodium.checkSize(seed.count, Self.seedLength, "box seed")
        var publicKey = [UInt8](repeating: 0, count: Self.publicKeyLength)
        let secretKey = try SecureBytes(count: Self.secretKeyLength) { (sk) throws(LuckaError) in
            let result = seed.withUnsafeBytes {
                crypto_box_seed_keypair(&publicKey, sk.baseAddress!, $0.baseAddress!)
            }
            try Sodium.check(result, "crypto_box_seed_keypair")
        }
        self.init(publicKey: publicKey, secretKey: secretKey)
    }

    /// Rebuilds a key pair from a stored secret key, recomputing the public key.
    public init(secretKey: SecureBytes) throws(LuckaError) {
        try Sodium.checkSize(secretKey.count, Self.secretKeyLength, "box secret key")
        var publicKey = [UInt8](repeating: 0, count: Self.publicKeyLength)
        let result = secretKey.withUnsafeBytes { crypto_scalarmult_base(&publicKey, $0.baseAddress!) }
        try Sodium.check(result, "crypto_scalarmult_base")
        self.init(publicKey: publicKey, secretKey: secretKey)
    }

    public init(publicKey: [UInt8], secretKey: SecureBytes) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }
}
