import Foundation
import Testing
@testable import LuckaCore

@Suite("Clinic keys, fingerprints and the signed profile")
struct ClinicKeyTests {
    static func profile(slug: String = "kast-jonkoping") -> ClinicProfile {
        ClinicProfile(
            slug: slug, name: "KAST Jönköping", region: "Jönköpings län", municipalities: ["Jönköping", "Habo"],
            phone: "036-10 74 74", phoneHours: "tisdagar och torsdagar 08:30–09:30", answerTime: "inom tre arbetsdagar",
            channels: [.self, .relative, .professional], languages: ["sv", "en"], about: "Vi hjälper dig som köper sex.")
    }

    @Test func fingerprintIsFortyDigitsInGroupsAndParsesBack() throws {
        let key = try SigningKeyPair.generate()
        let fingerprint = Fingerprint(publicKey: key.publicKey)
        #expect(fingerprint.digits.count == 40 && fingerprint.digits.allSatisfy(\.isNumber))
        #expect(fingerprint.description.split(separator: " ").count == 8)
        #expect(try Fingerprint(parsing: fingerprint.description) == fingerprint)
        #expect(try Fingerprint(parsing: fingerprint.description.replacingOccurrences(of: " ", with: "-")) == fingerprint)
        try fingerprint.verify(publicKey: key.publicKey)
        #expect(luckaError { try fingerprint.verify(publicKey: try SigningKeyPair.generate().publicKey) }?.code == .fingerprintMismatch)
        #expect(luckaError { _ = try Fingerprint(parsing: "1234") }?.code == .fingerprintMismatch)
    }

    @Test func inboxCertificateVerifiesAndCatchesEveryChange() throws {
        let clinic = try SigningKeyPair.generate()
        let inbox = try BoxKeyPair.generate()
        let certificate = try InboxCertificate.issue(clinic: "kast-jamtland", epoch: 3, publicKey: inbox.publicKey, signingKey: clinic)
        try certificate.verify(signingPublicKey: clinic.publicKey, clinic: "kast-jamtland")

        let substitutedKey = InboxCertificate(clinic: "kast-jamtland", epoch: 3, publicKey: try BoxKeyPair.generate().publicKey, signature: certificate.signature)
        let otherEpoch = InboxCertificate(clinic: "kast-jamtland", epoch: 4, publicKey: inbox.publicKey, signature: certificate.signature)
        let otherClinic = InboxCertificate(clinic: "kast-other", epoch: 3, publicKey: inbox.publicKey, signature: certificate.signature)
        for forged in [substitutedKey, otherEpoch] {
            #expect(luckaError { try forged.verify(signingPublicKey: clinic.publicKey, clinic: "kast-jamtland") }?.code == .certificateInvalid)
        }
        #expect(luckaError { try otherClinic.verify(signingPublicKey: clinic.publicKey, clinic: "kast-other") }?.code == .certificateInvalid)
        #expect(luckaError { try certificate.verify(signingPublicKey: clinic.publicKey, clinic: "kast-other") }?.code == .certificateInvalid)
        #expect(luckaError { try certificate.verify(signingPublicKey: try SigningKeyPair.generate().publicKey, clinic: "kast-jamtland") }?.code == .certificateInvalid)
    }

    @Test func certificateTravelsAsJSONWithBase64() throws {
        let clinic = try SigningKeyPair.generate()
        let certificate = try InboxCertificate.issue(clinic: "kast-a", epoch: 1, publicKey: try BoxKeyPair.generate().publicKey, signingKey: clinic)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let json = try encoder.encode(certificate)
        #expect(String(decoding: json, as: UTF8.self).contains(certificate.publicKey.base64))
        #expect(try JSONDecoder().decode(InboxCertificate.self, from: json) == certificate)
        let bad = Data(#"{"clinic":"kast-a","epoch":1,"publicKey":"AAAA","signature":"AAAA"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(InboxCertificate.self, from: bad) }
    }

    @Test func signedProfileRoundTripAndTampering() throws {
        let clinic = try SigningKeyPair.generate()
        let signed = try SignedProfile.sign(Self.profile(), with: clinic)
        #expect(try signed.verify(signingPublicKey: clinic.publicKey, slug: "kast-jonkoping") == Self.profile())
        #expect(luckaError { _ = try signed.verify(signingPublicKey: clinic.publicKey, slug: "kast-other") }?.code == .profileInvalid)
        #expect(luckaError { _ = try signed.verify(signingPublicKey: try SigningKeyPair.generate().publicKey, slug: "kast-jonkoping") }?.code == .profileInvalid)
        for index in stride(from: 0, to: signed.document.count, by: 7) {
            var document = signed.document
            document[index] ^= 0x20
            let tampered = SignedProfile(document: document, signature: signed.signature)
            #expect(luckaError { _ = try tampered.verify(signingPublicKey: clinic.publicKey, slug: "kast-jonkoping") }?.code == .profileInvalid)
        }
        // A validly signed document that is not a profile is still refused.
        let junk = Array("not json".utf8)
        let signedJunk = SignedProfile(document: junk, signature: try clinic.sign(SignedProfile.domain + junk))
        #expect(luckaError { _ = try signedJunk.verify(signingPublicKey: clinic.publicKey, slug: "kast-jonkoping") }?.code == .profileInvalid)
    }

    @Test(arguments: ["a", "Kast", "kast_x", "-kast", "kast-", "kast jonkoping", "kåst", String(repeating: "a", count: 49)])
    func badSlugsAreRefused(slug: String) throws {
        #expect(!ClinicProfile.isValidSlug(slug))
        #expect(luckaError { _ = try SignedProfile.sign(Self.profile(slug: slug), with: try SigningKeyPair.generate()) }?.code == .profileInvalid)
    }

    @Test(arguments: ["kast-jonkoping", "ab", "kast-2"])
    func goodSlugsAreAccepted(slug: String) { #expect(ClinicProfile.isValidSlug(slug)) }
}
