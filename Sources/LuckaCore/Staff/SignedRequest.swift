public import Foundation

/// Staff requests are signed with the staff member's Ed25519 key over the method, path,
/// a timestamp, a nonce and a hash of the body. No passwords or bearer tokens exist.
///
/// Signed bytes: "lucka/request/v1" ‖ 0x0A ‖ METHOD ‖ 0x0A ‖ path-with-query ‖ 0x0A ‖
/// timestamp (decimal Unix seconds) ‖ 0x0A ‖ nonce (32 lowercase hex) ‖ 0x0A ‖
/// hex(BLAKE2b-256(body)).
public struct SignedRequest: Sendable, Equatable {
    public static let keyHeader = "Lucka-Key"
    public static let timestampHeader = "Lucka-Timestamp"
    public static let nonceHeader = "Lucka-Nonce"
    public static let signatureHeader = "Lucka-Signature"
    /// How far a request's timestamp may be from the relay's clock.
    public static let maximumSkew: TimeInterval = 300

    /// The staff member's Ed25519 public key: how the relay knows who signed.
    public let publicKey: [UInt8]
    public let timestamp: Int64
    public let nonce: String
    public let signature: [UInt8]

    /// Signs a request about to be sent.
    public static func sign(
        method: String, path: String, body: [UInt8], with key: SigningKeyPair, now: Date = Date()
    ) throws(LuckaError) -> SignedRequest {
        let timestamp = Int64(now.timeIntervalSince1970)
        let nonce = Random.bytes(16).hex
        let message = canonical(method: method, path: path, timestamp: timestamp, nonce: nonce, body: body)
        return SignedRequest(publicKey: key.publicKey, timestamp: timestamp, nonce: nonce, signature: try key.sign(message))
    }

    /// The four headers to send.
    public var headers: [(String, String)] {
        [
            (Self.keyHeader, publicKey.base64), (Self.timestampHeader, String(timestamp)),
            (Self.nonceHeader, nonce), (Self.signatureHeader, signature.base64),
        ]
    }

    /// Reads the headers of a received request; `requestInvalid` if any is missing or
    /// malformed.
    public init(header: (String) -> String?) throws(LuckaError) {
        guard let key = header(Self.keyHeader).flatMap({ [UInt8](base64: $0) }), key.count == SigningKeyPair.publicKeyLength,
              let timestamp = header(Self.timestampHeader).flatMap({ Int64($0) }),
              let nonce = header(Self.nonceHeader), nonce.utf8.count == 32, nonce.utf8.allSatisfy(Self.isHexDigit),
              let signature = header(Self.signatureHeader).flatMap({ [UInt8](base64: $0) }),
              signature.count == SigningKeyPair.signatureLength
        else {
            throw LuckaError(.requestInvalid, "the request is not signed, or its signature headers are malformed")
        }
        self.init(publicKey: key, timestamp: timestamp, nonce: nonce, signature: signature)
    }

    public init(publicKey: [UInt8], timestamp: Int64, nonce: String, signature: [UInt8]) {
        self.publicKey = publicKey
        self.timestamp = timestamp
        self.nonce = nonce
        self.signature = signature
    }

    /// Checks freshness and the signature. Replay (a nonce seen before) is the relay's
    /// check, since only it remembers nonces.
    public func verify(method: String, path: String, body: [UInt8], now: Date = Date()) throws(LuckaError) {
        guard abs(Double(timestamp) - now.timeIntervalSince1970) <= Self.maximumSkew else {
            throw LuckaError(.requestInvalid, "the request's timestamp is more than 5 minutes off: check the computer's clock")
        }
        let message = Self.canonical(method: method, path: path, timestamp: timestamp, nonce: nonce, body: body)
        do { try SigningKeyPair.verify(signature: signature, of: message, publicKey: publicKey) } catch {
            throw LuckaError(.requestInvalid, "the request's signature does not verify")
        }
    }

    static func canonical(method: String, path: String, timestamp: Int64, nonce: String, body: [UInt8]) -> [UInt8] {
        let lines = ["lucka/request/v1", method.uppercased(), path, String(timestamp), nonce, Hash.blake2b(body).hex]
        return Array(lines.joined(separator: "\n").utf8)
    }

    private static func isHexDigit(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
    }
}
