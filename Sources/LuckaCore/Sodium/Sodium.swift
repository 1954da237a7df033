internal import CSodium

/// Initialises libsodium exactly once, before any other call into it.
///
/// Every public entry point that reaches libsodium goes through `Sodium.ready()`.
enum Sodium {
    private static let initialised: Bool = {
        // 0: initialised now, 1: already initialised, -1: failure.
        sodium_init() >= 0
    }()

    static func ready() {
        precondition(initialised, "libsodium could not be initialised")
    }

    /// Throws `cryptoFailure` unless a libsodium call returned 0.
    static func check(_ result: Int32, _ operation: StaticString, file: String = #fileID, line: UInt = #line) throws(LuckaError) {
        guard result == 0 else {
            throw LuckaError(.cryptoFailure, "\(operation) failed", file: file, line: line)
        }
    }

    static func checkSize(_ actual: Int, _ expected: Int, _ what: StaticString, file: String = #fileID, line: UInt = #line) throws(LuckaError) {
        guard actual == expected else {
            throw LuckaError(.wrongSize, "\(what) must be \(expected) bytes, got \(actual)", file: file, line: line)
        }
    }
}

/// Overwrites a byte array with zeros in a way the optimiser keeps.
public func wipe(_ bytes: inout [UInt8]) {
    Sodium.ready()
    bytes.withUnsafeMutableBytes { buffer in
        if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
    }
}

/// Constant-time equality of two byte sequences of the same length.
public func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    Sodium.ready()
    guard a.count == b.count else { return false }
    if a.isEmpty { return true }
    return a.withUnsafeBytes { pa in
        b.withUnsafeBytes { pb in sodium_memcmp(pa.baseAddress!, pb.baseAddress!, a.count) == 0 }
    }
}
