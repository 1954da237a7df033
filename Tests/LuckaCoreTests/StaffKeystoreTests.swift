import Foundation
import Testing
@testable import LuckaCore

@Suite("Staff keystore and signed requests")
struct StaffKeystoreTests {
    static let passphrase = "rätt lösenfras 2026"

    @Test func createOpenAndWrongPassphrase() throws {
        let directory = temporaryDirectory()
        let path = directory + "/keystore"
        let keys = try StaffKeys.generate()
        let settings = StaffSettings(relayURL: "http://127.0.0.1:8080", clinic: "kast-a", displayName: "Anna")
        try StaffKeystore(keys: keys, settings: settings).create(at: path, passphrase: .of(Self.passphrase))

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let opened = try StaffKeystore.open(at: path, passphrase: .of(Self.passphrase))
        #expect(opened.keys.signing.publicKey == keys.signing.publicKey)
        #expect(opened.keys.box.publicKey == keys.box.publicKey)
        #expect(opened.settings == settings)

        #expect(luckaError { _ = try StaffKeystore.open(at: path, passphrase: .of("fel lösenfras 2026")) }?.code == .wrongPassphrase)
        #expect(luckaError { try StaffKeystore(keys: keys).create(at: path, passphrase: .of(Self.passphrase)) }?.code == .keystoreExists)
        #expect(luckaError { _ = try StaffKeystore.open(at: directory + "/none", passphrase: .of(Self.passphrase)) }?.code == .keystoreMissing)

        // The file holds no key and no setting in the clear.
        let raw = try SecureFile.read(path)
        let text = String(decoding: raw, as: UTF8.self)
        #expect(!text.contains("kast-a") && !text.contains("Anna"))
        #expect(raw.firstRange(of: keys.signing.publicKey) == nil)
    }

    @Test func aKeystoreNeedsModerateLimitsAndALongPassphrase() throws {
        let keystore = StaffKeystore(keys: try StaffKeys.generate())
        #expect(luckaError { _ = try keystore.sealed(passphrase: .of("kort")) }?.code == .weakPassphrase)
        let weak = PasswordHash.Limits(operations: 2, memory: 64 << 20)
        #expect(luckaError { _ = try keystore.sealed(passphrase: .of(Self.passphrase), limits: weak) }?.code == .weakPassphrase)
    }

    @Test func damagedFilesGiveClearErrorsNotCrashes() throws {
        let sealed = try StaffKeystore(keys: try StaffKeys.generate()).sealed(passphrase: .of(Self.passphrase))
        let pass = SecureBytes.of(Self.passphrase)
        #expect(luckaError { _ = try StaffKeystore(sealed: [], passphrase: pass) }?.code == .keystoreCorrupt)
        #expect(luckaError { _ = try StaffKeystore(sealed: Array(sealed.prefix(70)), passphrase: pass) }?.code == .keystoreCorrupt)
        #expect(luckaError { _ = try StaffKeystore(sealed: Array("hello, this is not a keystore at all, not at all, no".utf8) + sealed, passphrase: pass) }?.code == .keystoreCorrupt)
        var newer = sealed
        newer[8] = 2
        #expect(luckaError { _ = try StaffKeystore(sealed: newer, passphrase: pass) }?.code == .keystoreVersion)
        var downgraded = sealed
        downgraded[16] = 1  // opslimit 1
        #expect(luckaError { _ = try StaffKeystore(sealed: downgraded, passphrase: pass) }?.code == .keystoreCorrupt)
        var huge = sealed
        huge[17] = 0xff  // memlimit in the exabytes
        #expect(luckaError { _ = try StaffKeystore(sealed: huge, passphrase: pass) }?.code == .keystoreCorrupt)
        var flipped = sealed
        flipped[sealed.count - 5] ^= 1
        #expect(luckaError { _ = try StaffKeystore(sealed: flipped, passphrase: pass) }?.code == .wrongPassphrase)
        var saltChanged = sealed
        saltChanged[30] ^= 1
        #expect(luckaError { _ = try StaffKeystore(sealed: saltChanged, passphrase: pass) }?.code == .wrongPassphrase)
    }

    @Test(arguments: [0o640, 0o604, 0o644, 0o660, 0o602])
    func aKeystoreOthersCanReachIsRefused(mode: Int) throws {
        let path = temporaryDirectory() + "/keystore"
        try StaffKeystore(keys: try StaffKeys.generate()).create(at: path, passphrase: .of(Self.passphrase))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        let error = try #require(luckaError { _ = try StaffKeystore.open(at: path, passphrase: .of(Self.passphrase)) })
        #expect(error.code == .keystoreExposed)
        #expect(error.reason.contains("chmod 600 \(path)") && !error.reason.contains("\n"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        _ = try StaffKeystore.open(at: path, passphrase: .of(Self.passphrase))
    }

    @Test func saveReplacesAtomically() throws {
        let path = temporaryDirectory() + "/keystore"
        var keystore = StaffKeystore(keys: try StaffKeys.generate())
        try keystore.create(at: path, passphrase: .of(Self.passphrase))
        keystore.settings.staffID = "s-123"
        try keystore.save(at: path, passphrase: .of(Self.passphrase))
        #expect(try StaffKeystore.open(at: path, passphrase: .of(Self.passphrase)).settings.staffID == "s-123")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["keystore"])
    }

    @Test func signedRequestsVerifyAndRejectEveryChange() throws {
        let key = try SigningKeyPair.generate()
        let body = Array(#"{"status":"answered"}"#.utf8)
        let now = Date()
        let signed = try SignedRequest.sign(method: "POST", path: "/v1/staff/threads/abc/status", body: body, with: key, now: now)
        let headers = Dictionary(uniqueKeysWithValues: signed.headers)
        let received = try SignedRequest(header: { headers[$0] })
        #expect(received == signed)
        try received.verify(method: "POST", path: "/v1/staff/threads/abc/status", body: body, now: now)

        #expect(luckaError { try received.verify(method: "GET", path: "/v1/staff/threads/abc/status", body: body, now: now) }?.code == .requestInvalid)
        #expect(luckaError { try received.verify(method: "POST", path: "/v1/staff/threads/abd/status", body: body, now: now) }?.code == .requestInvalid)
        #expect(luckaError { try received.verify(method: "POST", path: "/v1/staff/threads/abc/status", body: body + [0x20], now: now) }?.code == .requestInvalid)
        #expect(luckaError { try received.verify(method: "POST", path: "/v1/staff/threads/abc/status", body: body, now: now.addingTimeInterval(301)) }?.code == .requestInvalid)
        #expect(luckaError { try received.verify(method: "POST", path: "/v1/staff/threads/abc/status", body: body, now: now.addingTimeInterval(-301)) }?.code == .requestInvalid)
        let otherNonce = SignedRequest(publicKey: signed.publicKey, timestamp: signed.timestamp, nonce: Random.bytes(16).hex, signature: signed.signature)
        #expect(luckaError { try otherNonce.verify(method: "POST", path: "/v1/staff/threads/abc/status", body: body, now: now) }?.code == .requestInvalid)
    }

    @Test(arguments: [SignedRequest.keyHeader, SignedRequest.timestampHeader, SignedRequest.nonceHeader, SignedRequest.signatureHeader])
    func missingOrMalformedHeadersAreRefused(header: String) throws {
        let signed = try SignedRequest.sign(method: "GET", path: "/v1/staff/inbox", body: [], with: try SigningKeyPair.generate())
        var headers = Dictionary(uniqueKeysWithValues: signed.headers)
        headers[header] = nil
        #expect(luckaError { _ = try SignedRequest(header: { headers[$0] }) }?.code == .requestInvalid)
        headers[header] = "%%%"
        #expect(luckaError { _ = try SignedRequest(header: { headers[$0] }) }?.code == .requestInvalid)
    }
}
