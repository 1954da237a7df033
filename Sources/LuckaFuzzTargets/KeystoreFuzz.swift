import LuckaCore

/// The staff keystore file, without the passphrase hash (Argon2id at MODERATE takes half a
/// second a try). Route 0: the file's header, everything reachable before key derivation.
/// Route 1: the decrypted contents (seed, box key, settings JSON), as if the AEAD opened.
enum KeystoreFuzz {
    static func run(_ data: [UInt8]) {
        guard let (route, rest) = FuzzInput.route(data, count: 2) else { return }
        if route == 0 {
            guard let header = try? StaffKeystore.Header(parsing: rest) else { return }
            FuzzCheck.expect(header.bytes == Array(rest.prefix(header.bytes.count)), "the header is not the file's first bytes")
            FuzzCheck.expect(header.limits.isAtLeast(.moderate), "limits below MODERATE accepted")
        } else {
            _ = try? StaffKeystore(decrypted: SecureBytes(copying: rest))
        }
    }
}
