import Foundation
import Testing
@testable import LuckaCore

/// Known answers computed by PyNaCl (scripts/make-sodium-vectors.py), an independent
/// binding of libsodium.
@Suite("libsodium wrapper: known-answer vectors")
struct SodiumVectorTests {
    let v: [String: Any]
    init() throws { v = try vectors("sodium") }

    func cases(_ name: String) -> [[String: Any]] { v[name] as! [[String: Any]] }

    @Test func blake2b() {
        for c in cases("blake2b") {
            let digest = Hash.blake2b([UInt8](hex: c["message"] as! String), length: c["length"] as! Int)
            #expect(digest.hex == c["digest"] as! String)
        }
    }

    @Test func boxSeedKeyPair() throws {
        for c in cases("box_seed_keypair") {
            let pair = try BoxKeyPair(seed: .of(hex: c["seed"] as! String))
            #expect(pair.publicKey.hex == c["publicKey"] as! String)
            #expect(pair.secretKey.copyBytes().hex == c["secretKey"] as! String)
            #expect(try BoxKeyPair(secretKey: pair.secretKey).publicKey == pair.publicKey)
        }
    }

    @Test func boxSealAndOpen() throws {
        for c in cases("box") {
            let nonce = [UInt8](hex: c["nonce"] as! String)
            let message = [UInt8](hex: c["message"] as! String)
            let sealed = try Box.seal(
                message, nonce: nonce, to: [UInt8](hex: c["recipientPublicKey"] as! String),
                from: .of(hex: c["senderSecretKey"] as! String))
            #expect(sealed.hex == c["ciphertext"] as! String)
            let opened = try Box.open(
                sealed, nonce: nonce, from: [UInt8](hex: c["senderPublicKey"] as! String),
                to: .of(hex: c["recipientSecretKey"] as! String))
            #expect(opened == message)
        }
    }

    @Test func ed25519() throws {
        for c in cases("sign") {
            let pair = try SigningKeyPair(seed: .of(hex: c["seed"] as! String))
            let message = [UInt8](hex: c["message"] as! String)
            #expect(pair.publicKey.hex == c["publicKey"] as! String)
            #expect(try pair.sign(message).hex == c["signature"] as! String)
            try SigningKeyPair.verify(signature: [UInt8](hex: c["signature"] as! String), of: message, publicKey: pair.publicKey)
            #expect(try pair.seed().copyBytes().hex == c["seed"] as! String)
        }
    }

    @Test func kdf() throws {
        for c in cases("kdf") {
            let context: StaticString
            switch c["context"] as! String {
            case "LkToken1": context = "LkToken1"
            case "WrBoxSd1": context = "WrBoxSd1"
            default: context = "Example1"
            }
            let key = try KeyDerivation.derive(
                from: .of(hex: c["master"] as! String), id: UInt64(c["id"] as! Int), context: context)
            #expect(key.copyBytes().hex == c["subkey"] as! String)
        }
    }

    @Test func argon2id() throws {
        for c in cases("pwhash") {
            let key = try PasswordHash.deriveKey(
                passphrase: .of(hex: c["passphrase"] as! String), salt: [UInt8](hex: c["salt"] as! String),
                limits: .init(operations: UInt64(c["operations"] as! Int), memory: UInt64(c["memory"] as! Int)))
            #expect(key.copyBytes().hex == c["key"] as! String)
        }
    }

    @Test func xchacha20poly1305() throws {
        for c in cases("aead") {
            let key = SecureBytes.of(hex: c["key"] as! String)
            let nonce = [UInt8](hex: c["nonce"] as! String)
            let ad = [UInt8](hex: c["additionalData"] as! String)
            let sealed = try AEAD.seal(.of(hex: c["message"] as! String), additionalData: ad, nonce: nonce, key: key)
            #expect(sealed.hex == c["ciphertext"] as! String)
            #expect(try AEAD.open(sealed, additionalData: ad, nonce: nonce, key: key).copyBytes().hex == c["message"] as! String)
        }
    }

    @Test func padding() throws {
        for c in cases("pad") {
            var data = [UInt8](hex: c["data"] as! String)
            let count = data.count
            let block = c["blockSize"] as! Int
            try Padding.pad(&data, blockSize: block)
            #expect(data.hex == c["padded"] as! String)
            #expect(try Padding.unpaddedLength(data, blockSize: block) == count)
        }
    }
}
