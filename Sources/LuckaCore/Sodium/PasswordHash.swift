internal import CSodium

/// Argon2id (`crypto_pwhash`): a key from a passphrase, for the staff keystore.
public enum PasswordHash {
    public struct Limits: Sendable, Equatable {
        public let operations: UInt64
        public let memory: UInt64

        public init(operations: UInt64, memory: UInt64) {
            self.operations = operations
            self.memory = memory
        }

        /// libsodium's MODERATE limits: the least a keystore accepts.
        public static var moderate: Limits {
            Limits(operations: UInt64(crypto_pwhash_opslimit_moderate()), memory: UInt64(crypto_pwhash_memlimit_moderate()))
        }

        /// libsodium's SENSITIVE limits.
        public static var sensitive: Limits {
            Limits(operations: UInt64(crypto_pwhash_opslimit_sensitive()), memory: UInt64(crypto_pwhash_memlimit_sensitive()))
        }

        public func isAtLeast(_ other: Limits) -> Bool { operations >= other.operations && memory >= other.memory }
    }

    public static var saltLength: Int { Int(crypto_pwhash_saltbytes()) }

    /// Derives a `length`-byte key. Slow by design (hundreds of milliseconds): run it off
    /// any event loop.
    public static func deriveKey(
        passphrase: SecureBytes, salt: [UInt8], limits: Limits, length: Int = 32
    ) throws(LuckaError) -> SecureBytes {
        Sodium.ready()
        try Sodium.checkSize(salt.count, saltLength, "Argon2id salt")
        return try SecureBytes(count: length) { (out) throws(LuckaError) in
            let result = passphrase.withUnsafeBytes { pw in
                crypto_pwhash(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(length),
                    pw.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(pw.count),
                    salt, limits.operations, Int(limits.memory), crypto_pwhash_alg_argon2id13())
            }
            // Fails only when memory cannot be allocated.
            try Sodium.check(result, "crypto_pwhash (out of memory?)")
        }
    }
}
