/// The one error type of Lucka's core: codes, keys, envelopes, keystores and requests.
///
/// Equality compares `code` only, so callers match on what went wrong, not on wording.
/// `reason` is written for people and never contains key bytes, plaintext, codes or
/// passphrases.
public struct LuckaError: Error, Hashable, CustomStringConvertible, Sendable {
    public let code: Code
    public let reason: String
    public let file: String
    public let line: UInt

    public init(_ code: Code, _ reason: String, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var description: String { reason }

    public static func == (lhs: LuckaError, rhs: LuckaError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// What went wrong. New cases may be added without breaking anyone.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: Hashable, Sendable {
            case cryptoFailure, wrongSize, authenticationFailed, badSignature
            case codeLength, codeCharacter, codeChecksum
            case envelopeMalformed, envelopeVersion, textTooLong, nameTooLong
            case certificateInvalid, fingerprintMismatch, profileInvalid
            case successionInvalid, identityChanged
            case keystoreMissing, keystoreExists, keystoreCorrupt, keystoreVersion
            case wrongPassphrase, weakPassphrase, fileSystem, keystoreExposed
            case requestInvalid
        }
        private let backing: Backing
        private init(_ backing: Backing) { self.backing = backing }

        /// libsodium reported a failure that is not an authentication failure.
        public static let cryptoFailure = Code(.cryptoFailure)
        /// A key, nonce, signature or ciphertext had the wrong length.
        public static let wrongSize = Code(.wrongSize)
        /// A ciphertext did not authenticate: wrong key, or altered bytes.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// An Ed25519 signature did not verify.
        public static let badSignature = Code(.badSignature)
        /// A code had too few or too many symbols.
        public static let codeLength = Code(.codeLength)
        /// A code had a character outside the code alphabet.
        public static let codeCharacter = Code(.codeCharacter)
        /// A code failed its check symbol: most likely a typo.
        public static let codeChecksum = Code(.codeChecksum)
        /// An opened envelope did not follow the format.
        public static let envelopeMalformed = Code(.envelopeMalformed)
        /// An envelope of a version this build does not know.
        public static let envelopeVersion = Code(.envelopeVersion)
        /// A message text longer than the protocol allows.
        public static let textTooLong = Code(.textTooLong)
        /// A counsellor display name longer than the protocol allows.
        public static let nameTooLong = Code(.nameTooLong)
        /// An inbox key certificate that does not verify or does not match.
        public static let certificateInvalid = Code(.certificateInvalid)
        /// A clinic key whose fingerprint is not the pinned one.
        public static let fingerprintMismatch = Code(.fingerprintMismatch)
        /// A profile document that does not verify or does not parse.
        public static let profileInvalid = Code(.profileInvalid)
        /// An identity succession statement that is malformed or not signed by both keys.
        public static let successionInvalid = Code(.successionInvalid)
        /// The pinned clinic key was replaced by a new one through verified succession
        /// statements: the new fingerprint must be confirmed out of band before it is trusted.
        public static let identityChanged = Code(.identityChanged)
        /// No keystore at the expected place.
        public static let keystoreMissing = Code(.keystoreMissing)
        /// A keystore already exists where a new one would be written.
        public static let keystoreExists = Code(.keystoreExists)
        /// A keystore file that is not a keystore, or was cut short.
        public static let keystoreCorrupt = Code(.keystoreCorrupt)
        /// A keystore of a version this build does not know.
        public static let keystoreVersion = Code(.keystoreVersion)
        /// The passphrase did not open the keystore.
        public static let wrongPassphrase = Code(.wrongPassphrase)
        /// A passphrase too short to protect a keystore.
        public static let weakPassphrase = Code(.weakPassphrase)
        /// Reading or writing a file failed.
        public static let fileSystem = Code(.fileSystem)
        /// A keystore file that other users can read or change: refused until fixed.
        public static let keystoreExposed = Code(.keystoreExposed)
        /// A signed staff request that is malformed, stale or does not verify.
        public static let requestInvalid = Code(.requestInvalid)

        public var description: String { String(describing: backing) }
    }
}
