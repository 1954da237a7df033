import Foundation
import LuckaCore

/// The clinics as the relay publishes them: their signed documents, verified profiles and
/// current inbox epoch. Read by the public routes, the writer's side and the staff side.
struct ClinicDirectory: Sendable {
    let store: any RelayStore

    /// The clinic's public document, or nil while it has no keys (or no such clinic).
    func document(slug: String) async throws -> ClinicDocument? {
        guard let clinic = try await store.clinic(slug: slug) else { return nil }
        return try await document(of: clinic)
    }

    /// Every clinic that has its keys, in the store's order.
    func documents() async throws -> [ClinicDocument] {
        var documents: [ClinicDocument] = []
        for clinic in try await store.clinics() {
            if let document = try await document(of: clinic) { documents.append(document) }
        }
        return documents
    }

    private func document(of clinic: ClinicRow) async throws -> ClinicDocument? {
        guard let signingKey = clinic.signingKey, let profile = clinic.profile else { return nil }
        return ClinicDocument(
            slug: clinic.slug, signingKey: signingKey, profile: profile, inboxKeys: try await store.inboxKeys(clinic: clinic.slug),
            successions: try await store.successions(clinic: clinic.slug))
    }

    /// The profile as the clinic signed it. The relay checked the signature on upload.
    static func profile(of clinic: ClinicRow) -> ClinicProfile? {
        guard let signed = clinic.profile, let key = clinic.signingKey else { return nil }
        return try? signed.verify(signingPublicKey: key, slug: clinic.slug)
    }

    /// The clinic and its verified profile, or nil if it has none.
    func profile(slug: String) async throws -> ClinicProfile? {
        try await store.clinic(slug: slug).flatMap(Self.profile(of:))
    }

    func currentEpoch(clinic: String) async throws -> UInt32? {
        try await store.inboxKeys(clinic: clinic).last?.epoch
    }

    /// The clinic with its signing key; `clinic_not_set_up` (409) while it has none.
    func setUp(_ slug: String) async throws -> (clinic: ClinicRow, signingKey: [UInt8]) {
        guard let clinic = try await store.clinic(slug: slug), let key = clinic.signingKey else { throw APIError.clinicNotSetUp }
        return (clinic, key)
    }

    /// A new epoch's inbox key must be certified by the clinic's own signing key (400 if not).
    func checkNewEpoch(_ body: NewEpochRequest, clinic slug: String) async throws {
        let (_, key) = try await setUp(slug)
        do { try body.inboxKey.verify(signingPublicKey: key, clinic: slug) } catch { throw APIError.invalid(error.reason) }
    }
}
