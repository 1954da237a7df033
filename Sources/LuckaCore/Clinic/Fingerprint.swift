/// A clinic's (or a staff member's) Ed25519 public key in a form a person can read aloud
/// and compare by phone: 8 groups of 5 digits, e.g. `40392 11873 …`.
///
/// digest = BLAKE2b-320("lucka/fingerprint/v1" ‖ 0x00 ‖ public key); each 5-byte chunk,
/// read big-endian, gives one group as its value mod 100000 (about 133 bits in all).
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    static let domain: [UInt8] = Array("lucka/fingerprint/v1".utf8) + [0]
    public static let groups = 8

    /// The 40 digits, without separators.
    public let digits: String

    public init(publicKey: [UInt8]) {
        let digest = Hash.blake2b(Self.domain, publicKey, length: 40)
        var text = ""
        for group in 0..<Self.groups {
            let chunk = digest[(group * 5)..<(group * 5 + 5)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let value = String(chunk % 100_000)
            text += String(repeating: "0", count: 5 - value.count) + value
        }
        digits = text
    }

    /// Reads a fingerprint as a person would type it: digits, with any spaces or dashes.
    public init(parsing input: String) throws(LuckaError) {
        let digits = input.filter { $0 != " " && $0 != "-" && $0 != "\t" }
        guard digits.count == Self.groups * 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw LuckaError(.fingerprintMismatch, "a fingerprint is 40 digits (8 groups of 5)")
        }
        self.digits = digits
    }

    /// `40392 11873 …`: the form to print, publish and read aloud.
    public var description: String {
        stride(from: 0, to: digits.count, by: 5).map { start in
            let from = digits.index(digits.startIndex, offsetBy: start)
            return String(digits[from..<digits.index(from, offsetBy: 5)])
        }.joined(separator: " ")
    }

    /// Throws `fingerprintMismatch` unless `publicKey` has this fingerprint.
    public func verify(publicKey: [UInt8]) throws(LuckaError) {
        guard Fingerprint(publicKey: publicKey) == self else {
            throw LuckaError(.fingerprintMismatch, "the clinic key does not match the fingerprint you pinned: do not trust this relay")
        }
    }
}
