internal import CSodium

/// A secret (key, seed, passphrase, code) in memory that is wiped when the last
/// reference goes away.
///
/// It never turns into a String: `description` names only its length. The bytes are
/// reachable only inside `withUnsafeBytes`, so every copy is visible in the code.
public final class SecureBytes: @unchecked Sendable, CustomStringConvertible {
    // Written only during init; that is what makes sharing across tasks safe.
    private let storage: UnsafeMutableRawBufferPointer
    public let count: Int

    private init(zeroedCount count: Int) {
        Sodium.ready()
        self.count = count
        // Never allocate zero bytes, so baseAddress is never nil.
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
    }

    /// Fills a new secret of `count` bytes in place, so the bytes never sit in an array.
    public convenience init(
        count: Int,
        fill: (UnsafeMutableRawBufferPointer) throws(LuckaError) -> Void
    ) throws(LuckaError) {
        self.init(zeroedCount: count)
        try fill(UnsafeMutableRawBufferPointer(rebasing: storage[0..<count]))
    }

    /// Moves `bytes` into a new secret and wipes the array it came from.
    public convenience init(consuming bytes: inout [UInt8]) {
        self.init(zeroedCount: bytes.count)
        bytes.withUnsafeBytes { source in
            if source.count > 0 { storage.copyMemory(from: source) }
        }
        wipe(&bytes)
    }

    /// Copies bytes from a buffer that the caller wipes or that is not itself secret.
    public convenience init(copying bytes: some Collection<UInt8>) {
        self.init(zeroedCount: bytes.count)
        for (index, byte) in bytes.enumerated() { storage[index] = byte }
    }

    /// `count` random bytes from libsodium's CSPRNG.
    public static func random(count: Int) -> SecureBytes {
        let secret = SecureBytes(zeroedCount: count)
        if count > 0 { randombytes_buf(secret.storage.baseAddress!, count) }
        return secret
    }

    deinit {
        sodium_memzero(storage.baseAddress!, storage.count)
        storage.deallocate()
    }

    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
    }

    /// A copy as a plain array, for code that needs one. The caller wipes it.
    public func copyBytes() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Constant-time comparison.
    public func equals(_ other: SecureBytes) -> Bool {
        guard count == other.count else { return false }
        if count == 0 { return true }
        return withUnsafeBytes { a in
            other.withUnsafeBytes { b in sodium_memcmp(a.baseAddress!, b.baseAddress!, count) == 0 }
        }
    }

    public var description: String { "SecureBytes(\(count) bytes)" }
}
