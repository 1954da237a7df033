public import Foundation

/// Who wrote a message. The relay records the side too; readers compare the two.
/// In JSON it is the string "writer" or "clinic"; in an envelope, the byte 1 or 2.
public enum Author: UInt8, Codable, Sendable {
    case writer = 1
    case clinic = 2

    public var name: String { self == .writer ? "writer" : "clinic" }

    public init(from decoder: any Decoder) throws {
        switch try decoder.singleValueContainer().decode(String.self) {
        case "writer": self = .writer
        case "clinic": self = .clinic
        default: throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "author must be writer or clinic"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// The plaintext of one message, before padding and encryption.
///
/// `text` is a Swift String and cannot be wiped; the byte buffers that carry it through
/// sealing and opening are.
public struct Envelope: Equatable, Sendable {
    public static let version: UInt8 = 1
    /// Longest text, in UTF-8 bytes (about 5,000 words).
    public static let maximumTextLength = 32_000
    /// Longest counsellor display name, in UTF-8 bytes.
    public static let maximumNameLength = 64

    public var author: Author
    /// The counsellor's display name on clinic replies; nil on writer messages.
    public var counsellorName: String?
    /// Exact send time, to the millisecond, known only to the two ends.
    public var sentAt: Date
    public var text: String
    /// BLAKE2b-256 of the same author's previous sealed message in the thread; nil for
    /// the author's first message.
    public var previous: [UInt8]?

    public init(author: Author, counsellorName: String? = nil, sentAt: Date = Date(), text: String, previous: [UInt8]? = nil) {
        self.author = author
        self.counsellorName = counsellorName
        self.sentAt = sentAt
        self.text = text
        self.previous = previous
    }

    /// The latest send time an envelope may carry: the end of year 9999, in milliseconds.
    /// No real clock sends later (or before 1970), and much later times would not survive
    /// the Double inside a Date: opening and sealing again would change them, or trap.
    static let latestMilliseconds: Int64 = 253_402_300_799_999

    /// Rounded to the nearest millisecond, so that opening and sealing again is stable.
    /// Clamped, so that a date out of range is refused by `serialised()` instead of trapping.
    var sentAtMilliseconds: Int64 {
        let milliseconds = (sentAt.timeIntervalSince1970 * 1000).rounded()
        guard milliseconds >= 0 else { return -1 }
        return milliseconds <= Double(Self.latestMilliseconds) ? Int64(milliseconds) : Self.latestMilliseconds + 1
    }
}

// MARK: Byte layout (docs/PROTOCOL.md, "Envelope")

extension Envelope {
    static let headerLength = 1 + 1 + 8 + 32 + 1

    /// version ‖ author ‖ i64 BE ms ‖ previous (32, zeros if none) ‖ u8 name length ‖ name ‖
    /// u32 BE text length ‖ text.
    package func serialised() throws(LuckaError) -> [UInt8] {
        let name = Array((counsellorName ?? "").utf8)
        var text = Array(self.text.utf8)
        defer { wipe(&text) }
        try validate(nameLength: name.count, textLength: text.count)
        try Self.validate(name: counsellorName ?? "")
        try Self.validate(milliseconds: sentAtMilliseconds)
        if let previous, previous.count != 32 {
            throw LuckaError(.wrongSize, "the previous-message hash must be 32 bytes")
        }
        var out: [UInt8] = []
        out.reserveCapacity(Self.headerLength + name.count + 4 + text.count)
        out.append(Self.version)
        out.append(author.rawValue)
        out += sentAtMilliseconds.bigEndianBytes
        out += previous ?? [UInt8](repeating: 0, count: 32)
        out.append(UInt8(name.count))
        out += name
        out += UInt32(text.count).bigEndianBytes
        out += text
        return out
    }

    func validate(nameLength: Int, textLength: Int) throws(LuckaError) {
        guard textLength <= Self.maximumTextLength else {
            throw LuckaError(.textTooLong, "the message is too long: at most \(Self.maximumTextLength) bytes")
        }
        guard textLength > 0 else { throw LuckaError(.envelopeMalformed, "the message is empty") }
        switch author {
        case .writer:
            guard nameLength == 0 else { throw LuckaError(.envelopeMalformed, "a writer message carries no name") }
        case .clinic:
            guard nameLength <= Self.maximumNameLength else {
                throw LuckaError(.nameTooLong, "the display name is too long: at most \(Self.maximumNameLength) bytes")
            }
            guard nameLength > 0 else { throw LuckaError(.envelopeMalformed, "a clinic reply needs the counsellor's name") }
        }
    }

    static func validate(milliseconds: Int64) throws(LuckaError) {
        guard (0...latestMilliseconds).contains(milliseconds) else {
            throw LuckaError(.envelopeMalformed, "the message's send time is not a possible date")
        }
    }

    /// A display name is one line of printable text.
    static func validate(name: String) throws(LuckaError) {
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw LuckaError(.envelopeMalformed, "the display name contains control characters")
        }
    }

    /// Parses and checks every field; the input is the unpadded plaintext.
    package init(parsing bytes: [UInt8]) throws(LuckaError) {
        var reader = ByteReader(bytes)
        let version = try reader.byte()
        guard version == Self.version else {
            throw LuckaError(.envelopeVersion, "the message uses envelope version \(version), which this program does not know")
        }
        guard let author = Author(rawValue: try reader.byte()) else {
            throw LuckaError(.envelopeMalformed, "the message has an unknown author")
        }
        let milliseconds = Int64(bitPattern: try reader.integer(UInt64.self))
        try Self.validate(milliseconds: milliseconds)
        let previous = try reader.bytes(32)
        let nameLength = Int(try reader.byte())
        let nameBytes = try reader.bytes(nameLength)
        let textLength = Int(try reader.integer(UInt32.self))
        self.init(author: author, sentAt: Date(timeIntervalSince1970: 0), text: "")
        try validate(nameLength: nameLength, textLength: textLength)
        var textBytes = try reader.bytes(textLength)
        defer { wipe(&textBytes) }
        guard reader.isAtEnd else { throw LuckaError(.envelopeMalformed, "the message has trailing bytes") }
        guard let name = String(validating: nameBytes, as: UTF8.self),
              let text = String(validating: textBytes, as: UTF8.self)
        else { throw LuckaError(.envelopeMalformed, "the message is not valid UTF-8") }
        try Self.validate(name: name)
        self.counsellorName = author == .clinic ? name : nil
        self.sentAt = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        self.text = text
        self.previous = previous.allSatisfy { $0 == 0 } ? nil : previous
    }
}

/// Reads big-endian fields and throws `envelopeMalformed` when the bytes run out.
struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() throws(LuckaError) -> UInt8 { try bytes(1)[0] }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(LuckaError) -> T {
        try bytes(MemoryLayout<T>.size).reduce(T(0)) { $0 << 8 | T($1) }
    }

    mutating func bytes(_ count: Int) throws(LuckaError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else {
            throw LuckaError(.envelopeMalformed, "the data was cut short")
        }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }
}
