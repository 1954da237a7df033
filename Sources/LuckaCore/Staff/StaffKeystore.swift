import Foundation

/// The staff keystore file: the staff member's secret keys and non-secret settings,
/// encrypted under a key derived from a passphrase with Argon2id.
///
/// Layout (docs/PROTOCOL.md, "Staff keystore"): "LUCKA-KS" ‖ u8 version ‖ u64 BE
/// opslimit ‖ u64 BE memlimit ‖ 16-byte salt ‖ 24-byte nonce ‖ XChaCha20-Poly1305 of
/// (signing seed 32 ‖ box secret key 32 ‖ settings JSON), with the 65-byte header as
/// associated data.
public struct StaffKeystore: Sendable {
    static let magic: [UInt8] = Array("LUCKA-KS".utf8)
    public static let formatVersion: UInt8 = 1
    static let headerLength = 8 + 1 + 8 + 8 + 16 + 24
    /// Shortest passphrase accepted for a new keystore.
    public static let minimumPassphraseLength = 10

    public var keys: StaffKeys
    public var settings: StaffSettings

    public init(keys: StaffKeys, settings: StaffSettings = StaffSettings()) {
        self.keys = keys
        self.settings = settings
    }

    /// Encrypts the keystore into the bytes of a keystore file.
    public func sealed(passphrase: SecureBytes, limits: PasswordHash.Limits = .moderate) throws(LuckaError) -> [UInt8] {
        guard passphrase.count >= Self.minimumPassphraseLength else {
            throw LuckaError(.weakPassphrase, "the passphrase must be at least \(Self.minimumPassphraseLength) characters")
        }
        guard limits.isAtLeast(.moderate) else {
            throw LuckaError(.weakPassphrase, "the keystore needs at least Argon2id's MODERATE limits")
        }
        let salt = Random.bytes(PasswordHash.saltLength)
        let nonce = Random.bytes(AEAD.nonceLength)
        let header = Self.magic + [Self.formatVersion] + limits.operations.bigEndianBytes + limits.memory.bigEndianBytes + salt + nonce
        let key = try PasswordHash.deriveKey(passphrase: passphrase, salt: salt, limits: limits, length: AEAD.keyLength)
        let settingsJSON: [UInt8]
        do { settingsJSON = Array(try JSONEncoder().encode(settings)) } catch {
            throw LuckaError(.keystoreCorrupt, "the keystore settings could not be encoded")
        }
        let seed = try keys.signing.seed()
        let plaintext = try SecureBytes(count: 64 + settingsJSON.count) { out in
            seed.withUnsafeBytes { out.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: 32) }
            keys.box.secretKey.withUnsafeBytes { (out.baseAddress! + 32).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            settingsJSON.withUnsafeBytes { if $0.count > 0 { (out.baseAddress! + 64).copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
        }
        return header + (try AEAD.seal(plaintext, additionalData: header, nonce: nonce, key: key))
    }

    /// Decrypts keystore file bytes. A wrong passphrase gives `wrongPassphrase`; a file
    /// that is not a keystore, `keystoreCorrupt`; a newer format, `keystoreVersion`.
    public init(sealed bytes: [UInt8], passphrase: SecureBytes) throws(LuckaError) {
        let header = try Header(parsing: bytes)
        let key = try PasswordHash.deriveKey(passphrase: passphrase, salt: header.salt, limits: header.limits, length: AEAD.keyLength)
        let plaintext: SecureBytes
        do {
            plaintext = try AEAD.open(Array(bytes[Self.headerLength...]), additionalData: header.bytes, nonce: header.nonce, key: key)
        } catch {
            throw LuckaError(.wrongPassphrase, "wrong passphrase (or the keystore file was altered)")
        }
        try self.init(decrypted: plaintext)
    }

    /// The decrypted contents: signing seed 32 ‖ box secret key 32 ‖ settings JSON.
    package init(decrypted plaintext: SecureBytes) throws(LuckaError) {
        guard plaintext.count >= 64 else { throw LuckaError(.keystoreCorrupt, "the keystore's contents are cut short") }
        let seed = plaintext.withUnsafeBytes { SecureBytes(copying: $0[0..<32]) }
        let boxSecret = plaintext.withUnsafeBytes { SecureBytes(copying: $0[32..<64]) }
        let settingsJSON = plaintext.withUnsafeBytes { Data($0[64...]) }
        do { settings = try JSONDecoder().decode(StaffSettings.self, from: settingsJSON) } catch {
            throw LuckaError(.keystoreCorrupt, "the keystore's settings cannot be read")
        }
        keys = StaffKeys(signing: try SigningKeyPair(seed: seed), box: try BoxKeyPair(secretKey: boxSecret))
    }

    /// The file's unencrypted header, checked before any key derivation: everything a
    /// damaged or hostile file can reach without the passphrase.
    package struct Header {
        /// The whole 65-byte header, the associated data of the encryption.
        package let bytes: [UInt8]
        package let limits: PasswordHash.Limits
        package let salt: [UInt8]
        package let nonce: [UInt8]

        package init(parsing file: [UInt8]) throws(LuckaError) {
            guard file.count >= StaffKeystore.headerLength + AEAD.tagLength + 64, Array(file[0..<8]) == StaffKeystore.magic else {
                throw LuckaError(.keystoreCorrupt, "this file is not a Lucka keystore, or it was cut short")
            }
            guard file[8] == StaffKeystore.formatVersion else {
                throw LuckaError(.keystoreVersion, "this keystore has format version \(file[8]); this program reads version \(StaffKeystore.formatVersion)")
            }
            var reader = ByteReader(Array(file[9..<StaffKeystore.headerLength]))
            do {
                limits = PasswordHash.Limits(operations: try reader.integer(UInt64.self), memory: try reader.integer(UInt64.self))
                salt = try reader.bytes(16)
                nonce = try reader.bytes(24)
            } catch {
                throw LuckaError(.keystoreCorrupt, "the keystore header is cut short")
            }
            // Refuse limits below MODERATE (a downgraded file) and absurd ones (a corrupt file
            // that would exhaust memory).
            guard limits.isAtLeast(.moderate), limits.operations <= 64, limits.memory <= 4 << 30 else {
                throw LuckaError(.keystoreCorrupt, "the keystore's key-derivation settings are out of range")
            }
            bytes = Array(file[0..<StaffKeystore.headerLength])
        }
    }

    /// Writes a new keystore file (0600). Fails with `keystoreExists` rather than overwrite.
    public func create(at path: String, passphrase: SecureBytes, limits: PasswordHash.Limits = .moderate) throws(LuckaError) {
        try SecureFile.write(try sealed(passphrase: passphrase, limits: limits), to: path, replace: false)
    }

    /// Replaces the keystore file atomically (after enrolment changed its settings).
    public func save(at path: String, passphrase: SecureBytes, limits: PasswordHash.Limits = .moderate) throws(LuckaError) {
        try SecureFile.write(try sealed(passphrase: passphrase, limits: limits), to: path, replace: true)
    }

    /// Reads and decrypts the keystore at `path`. A file that other users can read or
    /// change is refused (`keystoreExposed`) before anything is read.
    public static func open(at path: String, passphrase: SecureBytes) throws(LuckaError) -> StaffKeystore {
        try SecureFile.requirePrivate(path)
        return try StaffKeystore(sealed: try SecureFile.read(path), passphrase: passphrase)
    }
}

/// What a staff member's tool remembers besides keys. Nothing here is secret, but it says
/// where someone works, so it is kept inside the encrypted keystore.
public struct StaffSettings: Codable, Equatable, Sendable {
    public var relayURL: String?
    public var clinic: String?
    /// The clinic's signing-key fingerprint, pinned at enrolment.
    public var clinicFingerprint: String?
    public var displayName: String?
    /// The relay's id for this staff member, once enrolled.
    public var staffID: String?

    public init(relayURL: String? = nil, clinic: String? = nil, clinicFingerprint: String? = nil, displayName: String? = nil, staffID: String? = nil) {
        self.relayURL = relayURL
        self.clinic = clinic
        self.clinicFingerprint = clinicFingerprint
        self.displayName = displayName
        self.staffID = staffID
    }
}
