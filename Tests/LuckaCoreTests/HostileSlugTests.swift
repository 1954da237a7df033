import Foundation
import Testing
@testable import LuckaCore

/// A hostile relay signs a profile of its own whose slug carries terminal escapes.
@Suite("Clinic slugs from a relay")
struct HostileSlugTests {
    /// A document whose profile is signed, over raw JSON, for `slug`: what a relay with a
    /// key of its own can serve, bypassing `SignedProfile.sign`'s check.
    static func document(slug: String) throws -> ClinicDocument {
        let key = try SigningKeyPair.generate()
        var profile = ClinicKeyTests.profile(slug: "placeholder")
        profile.slug = slug
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = Array(try encoder.encode(profile))
        let signed = SignedProfile(document: json, signature: try key.sign(SignedProfile.domain + json))
        let inbox = try BoxKeyPair.generate()
        return ClinicDocument(
            slug: slug, signingKey: key.publicKey, profile: signed,
            inboxKeys: [try InboxCertificate.issue(clinic: slug, epoch: 1, publicKey: inbox.publicKey, signingKey: key)])
    }

    @Test(arguments: [
        "kast\u{1B}]0;pwned\u{07}", "kast\u{1B}[2J", "kast\u{9B}31m", "kast\u{202E}gnip", "Kast", "kast jonkoping", "-kast", "k",
        String(repeating: "a", count: 49),
    ])
    func refusedBeforeAnythingPrintsIt(slug: String) throws {
        let document = try Self.document(slug: slug)
        #expect(throws: LuckaError.self) { try document.verified(pin: nil) }
    }

    @Test func aValidSlugSignedTheSameWayVerifies() throws {
        #expect(try Self.document(slug: "kast-jonkoping").verified(pin: nil).slug == "kast-jonkoping")
    }
}
