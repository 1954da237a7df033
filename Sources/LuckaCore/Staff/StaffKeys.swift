/// A staff member's two key pairs: Ed25519 to sign requests to the relay, X25519 to
/// receive the clinic's secret keys (wrapped with `crypto_box_seal`).
public struct StaffKeys: Sendable {
    public let signing: SigningKeyPair
    public let box: BoxKeyPair

    public init(signing: SigningKeyPair, box: BoxKeyPair) {
        self.signing = signing
        self.box = box
    }

    public static func generate() throws(LuckaError) -> StaffKeys {
        StaffKeys(signing: try .generate(), box: try .generate())
    }

    /// What a colleague compares, by phone or in person, before approving this member.
    public var fingerprint: Fingerprint { Fingerprint(publicKey: signing.publicKey) }
}
