/// Everything a code unlocks, derived on the writer's device (or, for the web pages, in
/// the relay's memory for one request).
///
/// master = BLAKE2b-256("lucka/code/v1" ‖ 0x00 ‖ 20 normalised symbols);
/// lookup token = KDF(master, id 1, "LkToken1"); box seed = KDF(master, id 1, "WrBoxSd1");
/// lookup hash = BLAKE2b-256(lookup token). See docs/PROTOCOL.md.
public struct WriterKeys: Sendable {
    static let codeDomain: [UInt8] = Array("lucka/code/v1".utf8) + [0]

    /// Sent to the relay (in a request body only) to find the thread.
    public let lookupToken: SecureBytes
    /// The writer's X25519 key pair for this thread.
    public let boxKeyPair: BoxKeyPair

    public init(code: ConversationCode) throws(LuckaError) {
        let master = try Hash.secretBlake2b(prefix: Self.codeDomain, secret: code.symbols)
        lookupToken = try KeyDerivation.derive(from: master, id: 1, context: "LkToken1")
        let seed = try KeyDerivation.derive(from: master, id: 1, context: "WrBoxSd1")
        boxKeyPair = try BoxKeyPair(seed: seed)
    }

    /// What the relay stores as the thread's key: BLAKE2b-256 of the lookup token.
    public var lookupHash: [UInt8] { Self.lookupHash(of: lookupToken) }

    /// The relay's side of the same computation, from a token received in a request.
    public static func lookupHash(of token: SecureBytes) -> [UInt8] {
        Hash.blake2b(prefix: [], secret: token)
    }
}
