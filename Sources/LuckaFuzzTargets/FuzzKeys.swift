import LuckaCore

/// Fixed, public test keys, so that seeds made once (FuzzSeeds) stay valid. Never use them
/// for anything but fuzzing and tests.
package enum FuzzKeys {
    package static let clinic = "fuzz-clinic"
    package static let writerBox = boxKeyPair(1)
    package static let clinicInbox = boxKeyPair(2)
    package static let clinicSigning = signingKeyPair(3)
    package static let staffSigning = signingKeyPair(4)
    package static let staffBox = boxKeyPair(5)
    /// The passphrase of the seed keystore.
    package static let passphrase = "fuzz passphrase, public on purpose"
    /// The time the seed requests were signed at (2026-01-01T00:00:00Z).
    package static let signedAt: Int64 = 1_767_225_600

    private static func seed(_ byte: UInt8) -> SecureBytes {
        SecureBytes(copying: [UInt8](repeating: byte, count: 32))
    }

    private static func boxKeyPair(_ byte: UInt8) -> BoxKeyPair {
        do { return try BoxKeyPair(seed: seed(byte)) } catch { fatalError("fixed box key: \(error)") }
    }

    private static func signingKeyPair(_ byte: UInt8) -> SigningKeyPair {
        do { return try SigningKeyPair(seed: seed(byte)) } catch { fatalError("fixed signing key: \(error)") }
    }
}
