import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import Testing

/// GET /healthz, GET /v1/clinics, GET /v1/clinics/{slug}.
@Suite("Public routes")
struct PublicRouteTests {
    @Test("GET /healthz answers ok")
    func health() async throws {
        try await withRelay { relay in
            let response = try await relay.send(.get, "/healthz")
            #expect(response.status == .ok)
            #expect(response.text == "ok\n")
        }
    }

    @Test("GET /v1/clinics lists set-up clinics only, each verifiable")
    func listClinics() async throws {
        try await withRelay { relay in
            let empty = try await relay.send(.get, "/v1/clinics")
            #expect(empty.status == .ok)
            #expect(try empty.decode(ClinicList.self).clinics.isEmpty)

            let first = try await relay.makeClinic("alfa")
            let second = try await relay.makeClinic("beta", channels: [.self])
            // A clinic whose founder has not enrolled yet has no keys and is not listed.
            _ = try await ClinicAdministration(store: relay.store, configuration: relay.configuration).createClinic(slug: "gamma")

            let response = try await relay.send(.get, "/v1/clinics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let clinics = try response.decode(ClinicList.self).clinics
            #expect(clinics.map(\.slug) == ["alfa", "beta"])
            for (document, fixture) in zip(clinics, [first, second]) {
                let verified = try document.verified(pin: Fingerprint(publicKey: fixture.signingKey.publicKey))
                #expect(verified.profile == fixture.profile)
                #expect(verified.current.publicKey == fixture.currentInbox.publicKey)
            }
        }
    }

    @Test("GET /v1/clinics/{slug} serves the signed profile byte for byte")
    func oneClinic() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic("kast-jonkoping")
            let response = try await relay.send(.get, "/v1/clinics/kast-jonkoping")
            #expect(response.status == .ok)
            let document = try response.decode(ClinicDocument.self)
            #expect(document.slug == "kast-jonkoping")
            #expect(document.signingKey.bytes == clinic.signingKey.publicKey)
            // Signing is deterministic, so the stored profile is exactly what the founder uploaded.
            #expect(document.profile == (try SignedProfile.sign(clinic.profile, with: clinic.signingKey)))
            #expect(document.inboxKeys.map(\.epoch) == [1])
            let verified = try document.verified(pin: Fingerprint(publicKey: clinic.signingKey.publicKey))
            #expect(verified.profile == clinic.profile)
            #expect(verified.inboxKey(epoch: 1) == clinic.currentInbox.publicKey)
        }
    }

    @Test("GET /v1/clinics/{slug} is 404 unknown_clinic for unknown and not-yet-set-up clinics", arguments: ["nowhere", "pending-clinic", "x"])
    func unknownClinic(slug: String) async throws {
        try await withRelay { relay in
            _ = try await relay.makeClinic("somewhere")
            _ = try await ClinicAdministration(store: relay.store, configuration: relay.configuration).createClinic(slug: "pending-clinic")
            let response = try await relay.send(.get, "/v1/clinics/\(slug)")
            #expect(response.status == .notFound)
            #expect(response.errorCode == "unknown_clinic")
        }
    }

    @Test("An unknown path is a JSON 404")
    func unknownRoute() async throws {
        try await withRelay { relay in
            let response = try await relay.send(.get, "/v1/nothing-here")
            #expect(response.status == .notFound)
            #expect(response.errorCode == "not_found")
        }
    }
}
