import Hummingbird
import LuckaCore

/// Internal notes on threads and the clinic's answer templates: sealed (SealedNote) by
/// the staff tool, so the relay stores and returns bytes it cannot open. Signed requests.
struct NoteController: Sendable {
    let relay: Relay

    /// Bounds: notes per thread, templates per clinic.
    static var maximumNotesPerThread: Int { 500 }
    static var maximumTemplatesPerClinic: Int { 200 }

    func addRoutes(to routes: StaffRoutes) {
        routes.members.post("threads/{handle}/notes") { _, context in try await addNote(context.staff, context.parameters.require("handle")) }
        routes.members.get("templates") { _, context in try await templates(context.staff) }
        routes.admins.post("templates") { _, context in try await putTemplate(context.staff, id: nil) }
        routes.admins.post("templates/{id}/replace") { _, context in try await putTemplate(context.staff, id: context.parameters.require("id")) }
        routes.admins.post("templates/{id}/delete") { _, context in try await deleteTemplate(context.staff, id: context.parameters.require("id")) }
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
        guard handle.count <= 40, let thread = try await relay.store.thread(handle: handle, clinic: request.staff.clinic) else {
            throw APIError(.notFound, "unknown_thread", "No thread with that handle in your clinic.")
        }
        let today = Day.today()
        var expected: (seq: Int, afterSeq: Int)?
        switch (body.seq, body.afterSeq) {
        case (nil, nil): expected = nil
        case (let seq?, let afterSeq?): expected = (seq, afterSeq)
        default: throw APIError.invalid("seq and afterSeq go together.")
        }
        switch try await relay.store.addNote(
            thread: thread.id, epoch: body.epoch, sealed: body.sealed.bytes, expected: expected, today: today,
            limit: Self.maximumNotesPerThread, audit: request.audit("note", thread: handle, today: today))
        {
        case .stored(let seq):
            return try JSONBody.response(CreatedNote(seq: Int(seq) ?? 0), status: .created)
        case .staleEpoch: throw APIError.staleEpoch
        case .full:
            throw APIError(
                .conflict, "too_many_notes", "This conversation has \(Self.maximumNotesPerThread) notes, the most it can hold.")
        case .notFound: throw APIError(.notFound, "unknown_thread", "No thread with that handle in your clinic.")
        case .moved:
            throw APIError(
                .conflict, "note_moved", "Another note or message came first: the note's signed place is taken. Seal it again.")
        }
    }

    func templates(_ request: StaffRequest) async throws -> Response {
        try JSONBody.response(TemplateList(templates: try await relay.store.templates(clinic: request.staff.clinic)))
    }

    /// A new template (`id` nil) or a new version of one; admins only.
    func putTemplate(_ request: StaffRequest, id: String?) async throws -> Response {
        let body = try request.decode(SealedRequest.self)
        try Self.checkSealed(body)
        let today = Day.today()
        if let chosen = body.id {
            guard id == nil, Self.isTemplateID(chosen) else { throw APIError.invalid("id is for a new template: t- and 10 of 0-9, a-z.") }
        }
        let outcome = try await relay.store.putTemplate(
            clinic: request.staff.clinic, id: id.map { String($0.prefix(40)) } ?? body.id ?? Identifier.templateID(), replacing: id != nil,
            epoch: body.epoch,
            sealed: body.sealed.bytes, today: today, limit: Self.maximumTemplatesPerClinic,
            audit: request.audit(id == nil ? "template-add" : "template-edit", today: today))
        switch outcome {
        case .stored(let stored):
            return id == nil ? try JSONBody.response(CreatedTemplate(id: stored), status: .created) : Response(status: .noContent)
        case .staleEpoch: throw APIError.staleEpoch
        case .full:
            throw APIError(
                .conflict, "too_many_templates",
                "The clinic has \(Self.maximumTemplatesPerClinic) templates, the most it can hold.")
        case .notFound: throw APIError(.notFound, "unknown_template", "No template with that id in your clinic.")
        case .moved: throw APIError(.conflict, "template_id_taken", "That template id is taken; choose another.")
        }
    }

    /// A template id as `Identifier.templateID()` makes them: "t-" and 10 of 0-9, a-z.
    static func isTemplateID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        return bytes.count == 12 && id.hasPrefix("t-")
            && bytes.dropFirst(2).allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }
    }

    func deleteTemplate(_ request: StaffRequest, id: String) async throws -> Response {
        guard try await relay.store.deleteTemplate(clinic: request.staff.clinic, id: String(id.prefix(40)), audit: request.audit("template-remove")) else {
            throw APIError(.notFound, "unknown_template", "No template with that id in your clinic.")
        }
        return Response(status: .noContent)
    }
}
