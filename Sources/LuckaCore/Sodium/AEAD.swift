internal import CSodium

/// Secret-key authenticated encryption with associated data
/// (`crypto_aead_xchacha20poly1305_ietf`): the staff keystore file.
public enum AEAD {
    public static var keyLength: Int { Int(crypto_aead_xchacha20poly1305_ietf_keybytes()) }
    public static var nonceLength: Int { Int(crypto_aead_xchacha20poly1305_ietf_npubbytes()) }
    public static var tagLength: Int { Int(crypto_aead_xchacha20poly1305_ietf_abytes()) }

    public static func seal(
        _ plaintext: SecureBytes, additionalData: [UInt8], nonce: [UInt8], key: SecureBytes
    ) throws(LuckaError) -> [UInt8] {
        Sodium.ready()
        try Sodium.checkSize(key.count, keyLength, "AEAD key")
        try Sodium.checkSize(nonce.count, nonceLength, "AEAD nonce")
        var out = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var outLength: UInt64 = 0
        let result = plaintext.withUnsafeBytes { m in
            key.withUnsafeBytes { k in
                crypto_aead_xchacha20poly1305_ietf_encrypt(
                    &out, &outLength, m.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(m.count),
                    additionalData, UInt64(additionalData.count), nil, nonce,
                    k.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        try Sodium.check(result, "crypto_aead_xchacha20poly1305_ietf_encrypt")
        return out
    }

    /// Opens straight into a secret buffer; `authenticationFailed` on a wrong key or any
    /// altered byte of ciphertext or associated data.
    public static func open(
        _ ciphertext: [UInt8], additionalData: [UInt8], nonce: [UInt8], key: SecureBytes
    ) throws(LuckaError) -> SecureBytes {
        Sodium.ready()
        try Sodium.checkSize(key.count, keyLength, "AEAD key")
        try Sodium.checkSize(nonce.count, nonceLength, "AEAD nonce")
        guard ciphertext.count >= tagLength else {
            throw LuckaError(.wrongSize, "ciphertext shorter than its authentication tag")
        }
        return try SecureBytes(count: ciphertext.count - tagLength) { (out) throws(LuckaError) in
            var outLength: UInt64 = 0
            let result = key.withUnsafeBytes { k in
                crypto_aead_xchacha20poly1305_ietf_decrypt(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), &outLength, nil,
                    ciphertext, UInt64(ciphertext.count), additionalData, UInt64(additionalData.count),
                    nonce, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
            guard result == 0 else {
                throw LuckaError(.authenticationFailed, "the data did not authenticate (wrong key or altered bytes)")
            }
        }
    }
}
