import LuckaCore

/// Internal notes on threads and the clinic's answer templates: sealed (SealedNote) by
/// the staff tool, so the relay stores and returns bytes it cannot open.
extension DeskService {
    /// Bounds: notes per thread, templates per clinic.
    static var maximumNotesPerThread: Int { 500 }
    static var maximumTemplatesPerClinic: Int { 200 }

    /// A note on the member's thread. `seq` and `afterSeq` (both or neither) are the place
    /// the note signed; if another note or message took it first, `note_moved`.
    func addNote(
        to handle: String, epoch: UInt32, sealed: [UInt8], seq: Int?, afterSeq: Int?, by member: StaffRow
    ) async throws -> CreatedNote {
        let thread = try await find(handle, member)
        let today = Day.today()
        var expected: (seq: Int, afterSeq: Int)?
        switch (seq, afterSeq) {
        case (nil, nil): expected = nil
        case (let seq?, let afterSeq?): expected = (seq, afterSeq)
        default: throw APIError.invalid("seq and afterSeq go together.")
        }
        switch try await store.addNote(
            thread: thread.id, epoch: epoch, sealed: sealed, expected: expected, today: today,
            limit: Self.maximumNotesPerThread, audit: member.audit("note", thread: handle, today: today))
        {
        case .stored(let seq): return CreatedNote(seq: Int(seq) ?? 0)
        case .staleEpoch: throw APIError.staleEpoch
        case .full:
            throw APIError(.conflict, "too_many_notes", "This conversation has \(Self.maximumNotesPerThread) notes, the most it can hold.")
        case .notFound: throw APIError.unknownThread
        case .moved:
            throw APIError(.conflict, "note_moved", "Another note or message came first: the note's signed place is taken. Seal it again.")
        }
    }

    func templates(of clinic: String) async throws -> [TemplateRecord] {
        try await store.templates(clinic: clinic)
    }

    /// A new template (`replacing` nil; its id `chosen` or a fresh one) or a new version of
    /// the template `replacing`. Returns the new template's id.
    func putTemplate(
        replacing: String?, chosen: String?, epoch: UInt32, sealed: [UInt8], by admin: StaffRow
    ) async throws -> String {
        let today = Day.today()
        let outcome = try await store.putTemplate(
            clinic: admin.clinic, id: replacing.map { String($0.prefix(40)) } ?? chosen ?? Identifier.templateID(), replacing: replacing != nil,
            epoch: epoch, sealed: sealed, today: today, limit: Self.maximumTemplatesPerClinic,
            audit: admin.audit(replacing == nil ? "template-add" : "template-edit", today: today))
        switch outcome {
        case .stored(let id): return id
        case .staleEpoch: throw APIError.staleEpoch
        case .full:
            throw APIError(.conflict, "too_many_templates", "The clinic has \(Self.maximumTemplatesPerClinic) templates, the most it can hold.")
        case .notFound: throw APIError.unknownTemplate
        case .moved: throw APIError(.conflict, "template_id_taken", "That template id is taken; choose another.")
        }
    }

    func deleteTemplate(_ id: String, by admin: StaffRow) async throws {
        guard try await store.deleteTemplate(clinic: admin.clinic, id: String(id.prefix(40)), audit: admin.audit("template-remove")) else {
            throw APIError.unknownTemplate
        }
    }
}
