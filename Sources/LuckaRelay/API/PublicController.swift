import Hummingbird
import LuckaCore

/// Public routes: which clinics this relay hosts, with their signed profiles and keys.
struct PublicController<Context: RequestContext>: Sendable {
    let relay: Relay

    func addRoutes(to router: Router<Context>) {
        router.get("/v1/clinics") { _, _ in try await listClinics() }
        router.get("/v1/clinics/{slug}") { _, context in try await clinic(context.parameters.require("slug")) }
    }

    func listClinics() async throws -> Response {
        var documents: [ClinicDocument] = []
        for clinic in try await relay.store.clinics() {
            if let document = try await relay.clinicDocument(slug: clinic.slug) { documents.append(document) }
        }
        return try JSONBody.response(ClinicList(clinics: documents))
    }

    func clinic(_ slug: String) async throws -> Response {
        guard let document = try await relay.clinicDocument(slug: slug) else {
            throw APIError(.notFound, "unknown_clinic", "This relay has no clinic by that name.")
        }
        return try JSONBody.response(document)
    }
}
