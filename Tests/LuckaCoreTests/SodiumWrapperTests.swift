import Foundation
import Testing
@testable import LuckaCore

@Suite("libsodium wrapper: round trips, tampering, wrong sizes")
struct SodiumWrapperTests {
    @Test func boxRejectsWrongKeyAndEveryFlippedByte() throws {
        let alice = try BoxKeyPair.generate()
        let bob = try BoxKeyPair.generate()
        let eve = try BoxKeyPair.generate()
        let nonce = Random.bytes(Box.nonceLength)
        let sealed = try Box.seal(Array("hej".utf8), nonce: nonce, to: bob.publicKey, from: alice.secretKey)
        #expect(try Box.open(sealed, nonce: nonce, from: alice.publicKey, to: bob.secretKey) == Array("hej".utf8))
        #expect(luckaError { _ = try Box.open(sealed, nonce: nonce, from: alice.publicKey, to: eve.secretKey) }?.code == .authenticationFailed)
        for index in sealed.indices {
            var tampered = sealed
            tampered[index] ^= 0x01
            #expect(luckaError { _ = try Box.open(tampered, nonce: nonce, from: alice.publicKey, to: bob.secretKey) }?.code == .authenticationFailed)
        }
        var otherNonce = nonce
        otherNonce[0] ^= 1
        #expect(luckaError { _ = try Box.open(sealed, nonce: otherNonce, from: alice.publicKey, to: bob.secretKey) }?.code == .authenticationFailed)
    }

    @Test(arguments: [0, 1, 23, 25, 31, 33])
    func wrongSizesAreRefused(size: Int) throws {
        let pair = try BoxKeyPair.generate()
        let bytes = Random.bytes(size)
        #expect(luckaError { _ = try Box.seal([1], nonce: bytes, to: pair.publicKey, from: pair.secretKey) }?.code == .wrongSize)
        #expect(luckaError { _ = try Box.seal([1], nonce: Random.bytes(24), to: bytes, from: pair.secretKey) }?.code == .wrongSize)
        #expect(luckaError { _ = try Box.seal([1], nonce: Random.bytes(24), to: pair.publicKey, from: SecureBytes(copying: bytes)) }?.code == .wrongSize)
        #expect(luckaError { _ = try BoxKeyPair(seed: SecureBytes(copying: bytes)) }?.code == .wrongSize)
        #expect(luckaError { _ = try SigningKeyPair(seed: SecureBytes(copying: bytes)) }?.code == .wrongSize)
        #expect(luckaError { _ = try AEAD.seal(.of("x"), additionalData: [], nonce: Random.bytes(24), key: SecureBytes(copying: bytes)) }?.code == .wrongSize)
        #expect(luckaError { _ = try PasswordHash.deriveKey(passphrase: .of("x"), salt: bytes, limits: .init(operations: 1, memory: 8192)) }?.code == .wrongSize)
    }

    @Test func truncatedCiphertextsAreRefused() throws {
        let pair = try BoxKeyPair.generate()
        for size in 0..<Box.macLength {
            #expect(luckaError { _ = try Box.open(Random.bytes(size), nonce: Random.bytes(24), from: pair.publicKey, to: pair.secretKey) }?.code == .wrongSize)
        }
        #expect(luckaError { _ = try SealedBox.open(Random.bytes(SealedBox.overhead - 1), with: pair) }?.code == .wrongSize)
        #expect(luckaError { _ = try AEAD.open(Random.bytes(15), additionalData: [], nonce: Random.bytes(24), key: .random(count: 32)) }?.code == .wrongSize)
    }

    @Test func sealedBoxRoundTripAndWrongRecipient() throws {
        let staff = try BoxKeyPair.generate()
        let other = try BoxKeyPair.generate()
        let secret = SecureBytes.random(count: 32)
        let wrapped = try SealedBox.seal(secret, to: staff.publicKey)
        #expect(wrapped.count == 32 + SealedBox.overhead)
        #expect(try SealedBox.open(wrapped, with: staff).equals(secret))
        #expect(luckaError { _ = try SealedBox.open(wrapped, with: other) }?.code == .authenticationFailed)
        var tampered = wrapped
        tampered[40] ^= 0x80
        #expect(luckaError { _ = try SealedBox.open(tampered, with: staff) }?.code == .authenticationFailed)
    }

    @Test func signaturesFailOnAnyChange() throws {
        let key = try SigningKeyPair.generate()
        let message = Array("lucka".utf8)
        let signature = try key.sign(message)
        try SigningKeyPair.verify(signature: signature, of: message, publicKey: key.publicKey)
        #expect(luckaError { try SigningKeyPair.verify(signature: signature, of: message + [0], publicKey: key.publicKey) }?.code == .badSignature)
        #expect(luckaError { try SigningKeyPair.verify(signature: Array(signature.dropLast()), of: message, publicKey: key.publicKey) }?.code == .badSignature)
        #expect(luckaError { try SigningKeyPair.verify(signature: signature, of: message, publicKey: try SigningKeyPair.generate().publicKey) }?.code == .badSignature)
    }

    @Test func aeadAuthenticatesAdditionalData() throws {
        let key = SecureBytes.random(count: AEAD.keyLength)
        let nonce = Random.bytes(AEAD.nonceLength)
        let sealed = try AEAD.seal(.of("secret"), additionalData: [1, 2, 3], nonce: nonce, key: key)
        #expect(luckaError { _ = try AEAD.open(sealed, additionalData: [1, 2, 4], nonce: nonce, key: key) }?.code == .authenticationFailed)
        #expect(luckaError { _ = try AEAD.open(sealed, additionalData: [1, 2, 3], nonce: nonce, key: .random(count: 32)) }?.code == .authenticationFailed)
    }

    @Test func kdfContextsAndIdsSeparate() throws {
        let master = SecureBytes.random(count: 32)
        let a = try KeyDerivation.derive(from: master, id: 1, context: "LkToken1")
        let b = try KeyDerivation.derive(from: master, id: 1, context: "WrBoxSd1")
        let c = try KeyDerivation.derive(from: master, id: 2, context: "LkToken1")
        #expect(!a.equals(b) && !a.equals(c) && !b.equals(c))
    }

    @Test func badPaddingIsRefused() {
        #expect(luckaError { _ = try Padding.unpaddedLength([UInt8](repeating: 0, count: 16), blockSize: 16) }?.code == .envelopeMalformed)
        #expect(luckaError { _ = try Padding.unpaddedLength([], blockSize: 16) }?.code == .envelopeMalformed)
    }

    @Test func secureBytesNeverPrintsItsContent() {
        var source: [UInt8] = Array("hemlig-kod".utf8)
        let secret = SecureBytes(consuming: &source)
        #expect(source.allSatisfy { $0 == 0 })
        #expect("\(secret)" == "SecureBytes(10 bytes)")
        #expect(String(describing: secret).contains("hemlig") == false)
        #expect(secret.copyBytes() == Array("hemlig-kod".utf8))
        #expect(secret.equals(.of("hemlig-kod")) && !secret.equals(.of("hemlig-koe")))
    }

    @Test func wipeZeroes() {
        var bytes = Random.bytes(64)
        wipe(&bytes)
        #expect(bytes == [UInt8](repeating: 0, count: 64))
        #expect(constantTimeEqual([1, 2], [1, 2]) && !constantTimeEqual([1, 2], [1, 3]) && !constantTimeEqual([1], [1, 2]))
    }

    @Test func randomIsUniformEnoughAndNotConstant() {
        #expect(Random.bytes(32) != Random.bytes(32))
        var seen = Set<UInt32>()
        for _ in 0..<2000 { seen.insert(Random.uniform(32)) }
        #expect(seen == Set(0..<32))
    }
}
