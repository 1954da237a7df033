import Foundation
import Testing
@testable import LuckaCore

@Suite("Clinic identity succession")
struct IdentitySuccessionTests {
    static let slug = "kast-jonkoping"

    /// A clinic document signed by `key`, with `successions`.
    static func document(key: SigningKeyPair, successions: [IdentitySuccession] = []) throws -> ClinicDocument {
        let inbox = try BoxKeyPair.generate()
        return ClinicDocument(
            slug: slug, signingKey: key.publicKey, profile: try SignedProfile.sign(ClinicKeyTests.profile(slug: slug), with: key),
            inboxKeys: [try InboxCertificate.issue(clinic: slug, epoch: 1, publicKey: inbox.publicKey, signingKey: key)],
            successions: successions)
    }

    @Test func roundTripAsJSONAndSignedBytes() throws {
        let old = try SigningKeyPair.generate()
        let new = try SigningKeyPair.generate()
        let statement = try IdentitySuccession.issue(clinic: Self.slug, from: old, to: new, day: "2026-12-01")
        try statement.verify()
        #expect(statement.nextFingerprint == Fingerprint(publicKey: new.publicKey))
        let json = try JSONEncoder().encode(statement)
        let text = String(decoding: json, as: UTF8.self)
        // JSONEncoder escapes each "/" with a backslash.
        #expect(text.replacingOccurrences(of: "\\/", with: "/").contains(Data(old.publicKey).base64EncodedString()) && text.contains("2026-12-01"))
        let decoded = try JSONDecoder().decode(IdentitySuccession.self, from: json)
        #expect(decoded == statement)
        try decoded.verify()
        // The exact bytes both keys sign (docs/PROTOCOL.md).
        let expected = Array("lucka/succession/v1".utf8) + [0, UInt8(Self.slug.utf8.count)] + Array(Self.slug.utf8)
            + old.publicKey + new.publicKey + Array("2026-12-01".utf8)
        try SigningKeyPair.verify(signature: statement.previousSignature, of: expected, publicKey: old.publicKey)
        try SigningKeyPair.verify(signature: statement.nextSignature, of: expected, publicKey: new.publicKey)
        let short = Data(#"{"clinic":"a","previousKey":"AAAA","nextKey":"AAAA","day":"2026-12-01","previousSignature":"AAAA","nextSignature":"AAAA"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(IdentitySuccession.self, from: short) }
    }

    @Test func aTamperedStatementIsRefused() throws {
        let old = try SigningKeyPair.generate()
        let new = try SigningKeyPair.generate()
        let other = try SigningKeyPair.generate()
        let s = try IdentitySuccession.issue(clinic: Self.slug, from: old, to: new, day: "2026-12-01")
        let forged = [
            IdentitySuccession(clinic: "kast-annan", previousKey: s.previousKey, nextKey: s.nextKey, day: s.day, previousSignature: s.previousSignature, nextSignature: s.nextSignature),
            IdentitySuccession(clinic: s.clinic, previousKey: s.previousKey, nextKey: other.publicKey, day: s.day, previousSignature: s.previousSignature, nextSignature: s.nextSignature),
            IdentitySuccession(clinic: s.clinic, previousKey: other.publicKey, nextKey: s.nextKey, day: s.day, previousSignature: s.previousSignature, nextSignature: s.nextSignature),
            IdentitySuccession(clinic: s.clinic, previousKey: s.previousKey, nextKey: s.nextKey, day: "2026-12-02", previousSignature: s.previousSignature, nextSignature: s.nextSignature),
            IdentitySuccession(clinic: s.clinic, previousKey: s.previousKey, nextKey: s.nextKey, day: "2026-13-01", previousSignature: s.previousSignature, nextSignature: s.nextSignature),
            IdentitySuccession(clinic: s.clinic, previousKey: s.previousKey, nextKey: s.nextKey, day: s.day, previousSignature: s.nextSignature, nextSignature: s.previousSignature),
        ]
        for statement in forged {
            #expect(luckaError { try statement.verify() }?.code == .successionInvalid)
        }
        var flipped = s.previousSignature
        flipped[3] ^= 1
        let badSignature = IdentitySuccession(clinic: s.clinic, previousKey: s.previousKey, nextKey: s.nextKey, day: s.day, previousSignature: flipped, nextSignature: s.nextSignature)
        #expect(luckaError { try badSignature.verify() }?.code == .successionInvalid)
        // The same key on both sides is not a change.
        let same = try IdentitySuccession.issue(clinic: Self.slug, from: old, to: old, day: "2026-12-01")
        #expect(luckaError { try same.verify() }?.code == .successionInvalid)
        #expect(luckaError { _ = try IdentitySuccession.issue(clinic: Self.slug, from: old, to: new, day: "1 dec") }?.code == .successionInvalid)
    }

    @Test func aStatementSignedByTheWrongKeyIsRefused() throws {
        let old = try SigningKeyPair.generate()
        let new = try SigningKeyPair.generate()
        let intruder = try SigningKeyPair.generate()
        // Signed by the intruder in place of the old key: names the old key, but the old key never signed.
        let byIntruder = try IdentitySuccession.issue(clinic: Self.slug, from: intruder, to: new, day: "2026-12-01")
        let claimed = IdentitySuccession(
            clinic: Self.slug, previousKey: old.publicKey, nextKey: new.publicKey, day: "2026-12-01",
            previousSignature: byIntruder.previousSignature, nextSignature: byIntruder.nextSignature)
        #expect(luckaError { try claimed.verify() }?.code == .successionInvalid)
        // Signed by the old key only, with the new key's signature made by someone else.
        let byOld = try IdentitySuccession.issue(clinic: Self.slug, from: old, to: intruder, day: "2026-12-01")
        let halfSigned = IdentitySuccession(
            clinic: Self.slug, previousKey: old.publicKey, nextKey: new.publicKey, day: "2026-12-01",
            previousSignature: byOld.previousSignature, nextSignature: byOld.nextSignature)
        #expect(luckaError { try halfSigned.verify() }?.code == .successionInvalid)
        // And a document holding such a statement does not count as a chain.
        let document = try Self.document(key: new, successions: [claimed])
        #expect(document.identityChange(from: Fingerprint(publicKey: old.publicKey)) == nil)
        #expect(luckaError { _ = try document.verified(pin: Fingerprint(publicKey: old.publicKey)) }?.code == .fingerprintMismatch)
    }

    @Test func aChainOfTwoSuccessionsLeadsFromTheFirstKeyToTheLast() throws {
        let first = try SigningKeyPair.generate()
        let second = try SigningKeyPair.generate()
        let third = try SigningKeyPair.generate()
        let one = try IdentitySuccession.issue(clinic: Self.slug, from: first, to: second, day: "2026-12-01")
        let two = try IdentitySuccession.issue(clinic: Self.slug, from: second, to: third, day: "2027-01-15")
        let document = try Self.document(key: third, successions: [one, two])

        let fromFirst = try #require(document.identityChange(from: Fingerprint(publicKey: first.publicKey)))
        #expect(fromFirst.steps == [one, two])
        #expect(fromFirst.fingerprint == Fingerprint(publicKey: third.publicKey))
        #expect(fromFirst.day == "2027-01-15")
        let fromSecond = try #require(document.identityChange(from: Fingerprint(publicKey: second.publicKey)))
        #expect(fromSecond.steps == [two])
        // The current key needs no change; a broken link breaks the chain.
        #expect(document.identityChange(from: Fingerprint(publicKey: third.publicKey)) == nil)
        let gap = try Self.document(key: third, successions: [two])
        #expect(gap.identityChange(from: Fingerprint(publicKey: first.publicKey)) == nil)
        // A statement of another clinic does not count.
        let elsewhere = try IdentitySuccession.issue(clinic: "kast-annan", from: first, to: second, day: "2026-12-01")
        #expect(try Self.document(key: third, successions: [elsewhere, two]).identityChange(from: Fingerprint(publicKey: first.publicKey)) == nil)
        // A cycle ends instead of looping.
        let back = try IdentitySuccession.issue(clinic: Self.slug, from: second, to: first, day: "2026-12-02")
        let cycle = try Self.document(key: third, successions: [one, back])
        #expect(cycle.identityChange(from: Fingerprint(publicKey: first.publicKey)) == nil)
    }

    @Test func thePinOfTheOldKeyGivesIdentityChangedNeverSilentAcceptance() throws {
        let old = try SigningKeyPair.generate()
        let new = try SigningKeyPair.generate()
        let statement = try IdentitySuccession.issue(clinic: Self.slug, from: old, to: new, day: "2026-12-01")
        let document = try Self.document(key: new, successions: [statement])
        let newFingerprint = Fingerprint(publicKey: new.publicKey)

        let error = try #require(luckaError { _ = try document.verified(pin: Fingerprint(publicKey: old.publicKey)) })
        #expect(error.code == .identityChanged)
        #expect(error.reason.contains(newFingerprint.description) && error.reason.contains("2026-12-01"))
        #expect(error.reason.contains("out of band") && error.reason.contains("phone"))
        // Pinning the new fingerprint works; so does no pin.
        #expect(try document.verified(pin: newFingerprint).fingerprint == newFingerprint)
        #expect(try document.verified(pin: nil).fingerprint == newFingerprint)
    }

    @Test func anUnrelatedPinIsAFingerprintMismatch() throws {
        let old = try SigningKeyPair.generate()
        let new = try SigningKeyPair.generate()
        let statement = try IdentitySuccession.issue(clinic: Self.slug, from: old, to: new, day: "2026-12-01")
        let document = try Self.document(key: new, successions: [statement])
        let unrelated = Fingerprint(publicKey: try SigningKeyPair.generate().publicKey)
        #expect(luckaError { _ = try document.verified(pin: unrelated) }?.code == .fingerprintMismatch)
        #expect(document.identityChange(from: unrelated) == nil)
    }

    @Test func theDocumentKeepsItsOldFormWithoutSuccessions() throws {
        let key = try SigningKeyPair.generate()
        let plain = try Self.document(key: key)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(plain), as: UTF8.self)
        #expect(!json.contains("successions"))
        #expect(try JSONDecoder().decode(ClinicDocument.self, from: Data(json.utf8)) == plain)

        let next = try SigningKeyPair.generate()
        let changed = try Self.document(key: next, successions: [try IdentitySuccession.issue(clinic: Self.slug, from: key, to: next, day: "2026-12-01")])
        let changedJSON = try encoder.encode(changed)
        #expect(String(decoding: changedJSON, as: UTF8.self).contains("\"successions\""))
        #expect(try JSONDecoder().decode(ClinicDocument.self, from: changedJSON) == changed)
    }
}
