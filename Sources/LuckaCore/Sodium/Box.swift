internal import CSodium

/// Authenticated public-key encryption between two known parties
/// (`crypto_box_easy`: X25519, XSalsa20-Poly1305).
public enum Box {
    public static var nonceLength: Int { Int(crypto_box_noncebytes()) }
    public static var macLength: Int { Int(crypto_box_macbytes()) }

    /// Encrypts `message` from `secretKey`'s owner to `publicKey`'s owner under `nonce`.
    /// Returns MAC ‖ ciphertext (no nonce).
    public static func seal(
        _ message: [UInt8], nonce: [UInt8], to publicKey: [UInt8], from secretKey: SecureBytes
    ) throws(LuckaError) -> [UInt8] {
        Sodium.ready()
        try Sodium.checkSize(nonce.count, nonceLength, "box nonce")
        try Sodium.checkSize(publicKey.count, BoxKeyPair.publicKeyLength, "box public key")
        try Sodium.checkSize(secretKey.count, BoxKeyPair.secretKeyLength, "box secret key")
        var out = [UInt8](repeating: 0, count: message.count + macLength)
        let result = secretKey.withUnsafeBytes { sk in
            crypto_box_easy(&out, message, UInt64(message.count), nonce, publicKey, sk.baseAddress!)
        }
        try Sodium.check(result, "crypto_box_easy")
        return out
    }

    /// Decrypts and authenticates. Throws `authenticationFailed` for a wrong key or any
    /// altered byte. The caller wipes the returned plaintext.
    public static func open(
        _ ciphertext: [UInt8], nonce: [UInt8], from publicKey: [UInt8], to secretKey: SecureBytes
    ) throws(LuckaError) -> [UInt8] {
        Sodium.ready()
        try Sodium.checkSize(nonce.count, nonceLength, "box nonce")
        try Sodium.checkSize(publicKey.count, BoxKeyPair.publicKeyLength, "box public key")
        try Sodium.checkSize(secretKey.count, BoxKeyPair.secretKeyLength, "box secret key")
        guard ciphertext.count >= macLength else {
            throw LuckaError(.wrongSize, "ciphertext shorter than its authentication tag")
        }
        var out = [UInt8](repeating: 0, count: ciphertext.count - macLength)
        let result = secretKey.withUnsafeBytes { sk in
            crypto_box_open_easy(&out, ciphertext, UInt64(ciphertext.count), nonce, publicKey, sk.baseAddress!)
        }
        guard result == 0 else {
            throw LuckaError(.authenticationFailed, "the message did not authenticate (wrong key or altered bytes)")
        }
        return out
    }
}

/// Anonymous encryption to a public key (`crypto_box_seal`): used to wrap clinic secrets
/// for a staff member.
public enum SealedBox {
    public static var overhead: Int { Int(crypto_box_sealbytes()) }

    public static func seal(_ message: SecureBytes, to publicKey: [UInt8]) throws(LuckaError) -> [UInt8] {
        Sodium.ready()
        try Sodium.checkSize(publicKey.count, BoxKeyPair.publicKeyLength, "box public key")
        var out = [UInt8](repeating: 0, count: message.count + overhead)
        let result = message.withUnsafeBytes { m in
            crypto_box_seal(&out, m.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(m.count), publicKey)
        }
        try Sodium.check(result, "crypto_box_seal")
        return out
    }

    /// Opens a sealed box straight into a secret buffer.
    public static func open(_ ciphertext: [UInt8], with keyPair: BoxKeyPair) throws(LuckaError) -> SecureBytes {
        Sodium.ready()
        guard ciphertext.count >= overhead else {
            throw LuckaError(.wrongSize, "sealed box shorter than its overhead")
        }
        return try SecureBytes(count: ciphertext.count - overhead) { (out) throws(LuckaError) in
            let result = keyPair.secretKey.withUnsafeBytes { sk in
                crypto_box_seal_open(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), ciphertext, UInt64(ciphertext.count),
                    keyPair.publicKey, sk.baseAddress!)
            }
            guard result == 0 else {
                throw LuckaError(.authenticationFailed, "the sealed key did not open with this staff key")
            }
        }
    }
}
