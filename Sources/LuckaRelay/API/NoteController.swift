import Hummingbird
import LuckaCore

/// Internal notes on threads and the clinic's answer templates: sealed (SealedNote) by
/// the staff tool, so the relay stores and returns bytes it cannot open. Signed requests.
struct NoteController: Sendable {
    let desk: DeskService

    func addRoutes(to routes: StaffRoutes) {
        routes.members.post("threads/{handle}/notes") { _, context in try await addNote(context.staff, context.parameters.require("handle")) }
        routes.members.get("templates") { _, context in
            try JSONBody.response(TemplateList(templates: try await desk.templates(of: context.staff.member.clinic)))
        }
        routes.admins.post("templates") { _, context in try await putTemplate(context.staff, id: nil) }
        routes.admins.post("templates/{id}/replace") { _, context in try await putTemplate(context.staff, id: context.parameters.require("id")) }
        routes.admins.post("templates/{id}/delete") { _, context in
            try await desk.deleteTemplate(try context.parameters.require("id"), by: context.staff.member)
            return Response(status: .noContent)
        }
    }

    static func checkSealed(_ body: SealedRequest) throws {
        let minimum = 24 + 16 + 64 + 32 + 1 + 1
        guard (minimum...SealedRequest.maximumSealedLength).contains(body.sealed.bytes.count) else {
            throw APIError(.badRequest, "bad_sealed", "sealed must be \(minimum) to \(SealedRequest.maximumSealedLength) bytes.")
        }
    }

    func addNote(_ request: StaffRequest, _ handle: String) async throws -> Response {
        let body = try request.decode(SealedRequest.self)
        try Self.checkSealed(body)
        let created = try await desk.addNote(
            to: handle, epoch: body.epoch, sealed: body.sealed.bytes, seq: body.seq, afterSeq: body.afterSeq, by: request.member)
        return try JSONBody.response(created, status: .created)
    }

    /// A new template (`id` nil) or a new version of one; admins only.
    func putTemplate(_ request: StaffRequest, id: String?) async throws -> Response {
        let body = try request.decode(SealedRequest.self)
        try Self.checkSealed(body)
        if let chosen = body.id {
            guard id == nil, Self.isTemplateID(chosen) else { throw APIError.invalid("id is for a new template: t- and 10 of 0-9, a-z.") }
        }
        let stored = try await desk.putTemplate(replacing: id, chosen: body.id, epoch: body.epoch, sealed: body.sealed.bytes, by: request.member)
        return id == nil ? try JSONBody.response(CreatedTemplate(id: stored), status: .created) : Response(status: .noContent)
    }

    /// A template id as `Identifier.templateID()` makes them: "t-" and 10 of 0-9, a-z.
    static func isTemplateID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        return bytes.count == 12 && id.hasPrefix("t-")
            && bytes.dropFirst(2).allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }
    }
}
