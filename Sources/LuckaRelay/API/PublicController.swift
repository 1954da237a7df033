import Hummingbird
import LuckaCore

/// Public routes: which clinics this relay hosts, with their signed profiles and keys.
struct PublicController<Context: RequestContext>: Sendable {
    let directory: ClinicDirectory

    func addRoutes(to router: Router<Context>) {
        router.get("/v1/clinics") { _, _ in try await listClinics() }
        router.get("/v1/clinics/{slug}") { _, context in try await clinic(context.parameters.require("slug")) }
    }

    func listClinics() async throws -> Response {
        try JSONBody.response(ClinicList(clinics: try await directory.documents()))
    }

    func clinic(_ slug: String) async throws -> Response {
        guard let document = try await directory.document(slug: slug) else { throw APIError.unknownClinic }
        return try JSONBody.response(document)
    }
}
