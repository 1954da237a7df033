/// The writer's only credential: 19 random Crockford base32 symbols (95 bits) and one
/// Luhn mod 32 check symbol, shown as `XXXX-XXXX-XXXX-XXXX-XXXX`.
///
/// The normalised symbols live in a wiped buffer. Show the code once (`grouped()`), never
/// log it, never put it in a URL or on a command line.
public struct ConversationCode: Sendable {
    public static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    public static let randomSymbols = 19
    public static let length = 20

    /// The 20 normalised ASCII symbols, check symbol last.
    let symbols: SecureBytes

    private init(symbols: SecureBytes) { self.symbols = symbols }

    /// A new code from libsodium's CSPRNG.
    public static func generate() -> ConversationCode {
        var values = (0..<randomSymbols).map { _ in UInt8(Random.uniform(32)) }
        values.append(checkValue(for: values))
        var ascii = values.map { alphabet[Int($0)] }
        wipe(&values)
        return ConversationCode(symbols: SecureBytes(consuming: &ascii))
    }

    /// Parses what a person typed: case, spaces, dashes and other separators are ignored;
    /// O reads as 0, I and L as 1. Throws `codeCharacter`, `codeLength` or `codeChecksum`
    /// (a typo) before anything is sent anywhere. The input buffer is not modified; wipe it.
    public init(parsing input: [UInt8]) throws(LuckaError) {
        var values: [UInt8] = []
        values.reserveCapacity(Self.length)
        defer { wipe(&values) }
        for byte in input {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "\t"), UInt8(ascii: "\n"),
                UInt8(ascii: "\r"), UInt8(ascii: "_"), UInt8(ascii: "."):
                continue
            default:
                guard let value = Self.value(of: byte) else {
                    throw LuckaError(.codeCharacter, "the code contains a character that is not part of any code")
                }
                guard values.count < Self.length else {
                    throw LuckaError(.codeLength, "the code is too long: a code has 20 characters")
                }
                values.append(value)
            }
        }
        guard values.count == Self.length else {
            throw LuckaError(.codeLength, "the code is too short: a code has 20 characters")
        }
        guard Self.isValidLuhn(values) else {
            throw LuckaError(.codeChecksum, "the code does not check out: look for a typo")
        }
        var ascii = values.map { Self.alphabet[Int($0)] }
        symbols = SecureBytes(consuming: &ascii)
    }

    /// Convenience for input that already is a String (tests, prompts). Swift strings
    /// cannot be wiped; prefer the byte form.
    public init(parsing input: String) throws(LuckaError) {
        var bytes = Array(input.utf8)
        defer { wipe(&bytes) }
        try self.init(parsing: bytes)
    }

    /// The code as shown once to the writer: `XXXX-XXXX-XXXX-XXXX-XXXX`.
    public func grouped() -> String {
        symbols.withUnsafeBytes { raw in
            stride(from: 0, to: Self.length, by: 4)
                .map { String(decoding: raw[$0..<($0 + 4)], as: UTF8.self) }
                .joined(separator: "-")
        }
    }

    /// The grouped form as bytes, for callers that wipe what they print.
    public func groupedBytes() -> [UInt8] {
        symbols.withUnsafeBytes { raw in
            var out: [UInt8] = []
            for (index, byte) in raw.enumerated() {
                if index > 0 && index % 4 == 0 { out.append(UInt8(ascii: "-")) }
                out.append(byte)
            }
            return out
        }
    }

    // MARK: Crockford base32 and Luhn mod 32

    static func value(of byte: UInt8) -> UInt8? {
        var c = byte
        if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") { c -= 32 }
        switch c {
        case UInt8(ascii: "O"): return 0
        case UInt8(ascii: "I"), UInt8(ascii: "L"): return 1
        default: return alphabet.firstIndex(of: c).map { UInt8($0) }
        }
    }

    /// Luhn mod N (N = 32) check value for `payload` (values 0...31).
    static func checkValue(for payload: [UInt8]) -> UInt8 {
        var factor = 2
        var sum = 0
        for value in payload.reversed() {
            var addend = factor * Int(value)
            factor = factor == 2 ? 1 : 2
            addend = addend / 32 + addend % 32
            sum += addend
        }
        return UInt8((32 - sum % 32) % 32)
    }

    static func isValidLuhn(_ values: [UInt8]) -> Bool {
        var factor = 1
        var sum = 0
        for value in values.reversed() {
            var addend = factor * Int(value)
            factor = factor == 2 ? 1 : 2
            addend = addend / 32 + addend % 32
            sum += addend
        }
        return sum % 32 == 0
    }
}
