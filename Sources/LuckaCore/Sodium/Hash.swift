internal import CSodium

/// BLAKE2b (`crypto_generichash`), unkeyed.
public enum Hash {
    /// BLAKE2b of the concatenation of `parts`, `length` bytes long (16...64).
    public static func blake2b(_ parts: [UInt8]..., length: Int = 32) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        out.withUnsafeMutableBytes { target in
            withBuffers(parts) { hash($0, into: target) }
        }
        return out
    }

    /// BLAKE2b of `prefix` ‖ `secret` where the digest is not secret (a lookup hash).
    public static func blake2b(prefix: [UInt8], secret: SecureBytes, length: Int = 32) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        out.withUnsafeMutableBytes { target in
            prefix.withUnsafeBytes { p in secret.withUnsafeBytes { s in hash([p, s], into: target) } }
        }
        return out
    }

    /// BLAKE2b of `prefix` ‖ `secret` where the digest is itself a secret (a master key).
    public static func secretBlake2b(prefix: [UInt8], secret: SecureBytes, length: Int = 32) throws(LuckaError) -> SecureBytes {
        try SecureBytes(count: length) { target in
            prefix.withUnsafeBytes { p in secret.withUnsafeBytes { s in hash([p, s], into: target) } }
        }
    }

    /// Keyed BLAKE2b of the concatenation of `parts`: a MAC, or a pseudonym that links
    /// nothing without the key. `key` is secret and 16 to 64 bytes long.
    public static func keyedBlake2b(key: SecureBytes, _ parts: [UInt8]..., length: Int = 16) -> [UInt8] {
        precondition(key.count >= Int(crypto_generichash_keybytes_min()) && key.count <= Int(crypto_generichash_keybytes_max()))
        var out = [UInt8](repeating: 0, count: length)
        out.withUnsafeMutableBytes { target in
            key.withUnsafeBytes { k in withBuffers(parts) { hash($0, into: target, key: k) } }
        }
        return out
    }

    private static func withBuffers<R>(_ parts: [[UInt8]], _ body: ([UnsafeRawBufferPointer]) -> R) -> R {
        // Nested closures keep every part's storage alive and pinned while hashing.
        func step(_ index: Int, _ acc: [UnsafeRawBufferPointer]) -> R {
            if index == parts.count { return body(acc) }
            return parts[index].withUnsafeBytes { step(index + 1, acc + [$0]) }
        }
        return step(0, [])
    }

    private static func hash(_ parts: [UnsafeRawBufferPointer], into out: UnsafeMutableRawBufferPointer, key: UnsafeRawBufferPointer? = nil) {
        Sodium.ready()
        precondition(out.count >= Int(crypto_generichash_bytes_min()) && out.count <= Int(crypto_generichash_bytes_max()))
        // The state is opaque to Swift and wants 64-byte alignment.
        let stateSize = crypto_generichash_statebytes()
        let stateMemory = UnsafeMutableRawPointer.allocate(byteCount: stateSize, alignment: 64)
        defer {
            sodium_memzero(stateMemory, stateSize)
            stateMemory.deallocate()
        }
        let state = OpaquePointer(stateMemory)
        // With valid lengths these calls cannot fail; check anyway.
        var result = crypto_generichash_init(
            state, key?.baseAddress?.assumingMemoryBound(to: UInt8.self), key?.count ?? 0, out.count)
        for part in parts where result == 0 && part.count > 0 {
            result = crypto_generichash_update(
                state, part.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(part.count))
        }
        if result == 0 {
            result = crypto_generichash_final(state, out.baseAddress!.assumingMemoryBound(to: UInt8.self), out.count)
        }
        precondition(result == 0, "crypto_generichash failed")
    }
}
