import Foundation

/// Binary fields travel in JSON as standard base64 (RFC 4648 §4, with padding).
extension KeyedDecodingContainer {
    public func decodeBase64(_ key: Key, length: Int? = nil) throws -> [UInt8] {
        let text = try decode(String.self, forKey: key)
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not base64")
        }
        if let length, data.count != length {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "must be \(length) bytes")
        }
        return Array(data)
    }
}

extension KeyedEncodingContainer {
    public mutating func encodeBase64(_ bytes: [UInt8], forKey key: Key) throws {
        try encode(Data(bytes).base64EncodedString(), forKey: key)
    }
}

extension Array where Element == UInt8 {
    /// Standard base64 with padding.
    public var base64: String { Data(self).base64EncodedString() }

    /// Decodes standard base64; nil if the text is not base64.
    public init?(base64 text: String) {
        guard let data = Data(base64Encoded: text) else { return nil }
        self = Array(data)
    }

    /// Lowercase hexadecimal.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
