internal import CSodium

/// Subkeys from a master key (`crypto_kdf_derive_from_key`, BLAKE2b-based).
public enum KeyDerivation {
    public static var masterKeyLength: Int { Int(crypto_kdf_keybytes()) }

    /// Derives `length` bytes for `id` in `context`, which must be exactly 8 ASCII bytes.
    public static func derive(
        from master: SecureBytes, id: UInt64, context: StaticString, length: Int = 32
    ) throws(LuckaError) -> SecureBytes {
        Sodium.ready()
        try Sodium.checkSize(master.count, masterKeyLength, "KDF master key")
        precondition(context.utf8CodeUnitCount == Int(crypto_kdf_contextbytes()), "KDF context must be 8 bytes")
        guard length >= Int(crypto_kdf_bytes_min()) && length <= Int(crypto_kdf_bytes_max()) else {
            throw LuckaError(.wrongSize, "KDF output length out of range")
        }
        return try SecureBytes(count: length) { (out) throws(LuckaError) in
            let result = master.withUnsafeBytes { key in
                context.withUTF8Buffer { ctx in
                    ctx.withMemoryRebound(to: CChar.self) { ctxChars in
                        crypto_kdf_derive_from_key(
                            out.baseAddress!.assumingMemoryBound(to: UInt8.self), length, id,
                            ctxChars.baseAddress!, key.baseAddress!.assumingMemoryBound(to: UInt8.self))
                    }
                }
            }
            try Sodium.check(result, "crypto_kdf_derive_from_key")
        }
    }
}
