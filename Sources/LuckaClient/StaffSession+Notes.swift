import Foundation
import LuckaCore

/// A note or template opened and checked: who wrote it (a member of the clinic, by key).
public struct OpenedNote: Sendable {
    public var seq: Int
    public var afterSeq: Int
    public var date: String
    /// nil when it could not be opened or verified (`problem` says why).
    public var note: SealedNote.Opened?
    public var problem: String?
}

public struct OpenedTemplate: Sendable {
    public var id: String
    public var date: String
    public var template: SealedNote.Opened?
    public var problem: String?
}

extension StaffSession {
    /// Seals a note on `handle` with the clinic's current inbox key, signed by this member
    /// together with its place (the next note number, after the thread's last message). If
    /// a colleague's note or a message comes first, the relay refuses it and it is sealed
    /// again for the new place (a few times at most).
    public func addNote(to handle: String, text: String, with clinicKeys: ClinicKeys) async throws -> Int {
        let handle = try Self.checked(handle)
        let epoch = clinicKeys.clinic.current.epoch
        var attempt = 0
        while true {
            attempt += 1
            let thread = try await relay.staff("GET", "/v1/staff/threads/\(handle)", key: keys.signing, as: StaffThread.self)
            let seq = (thread.notes?.map(\.seq).max() ?? 0) + 1
            let afterSeq = thread.messages.count
            let sealed: [UInt8]
            do {
                sealed = try SealedNote.seal(
                    .note(handle: handle), text: text, epoch: epoch, inboxSecret: try clinicKeys.current().secretKey,
                    author: keys.signing, place: .note(seq: seq, afterSeq: afterSeq))
            } catch let error as LuckaError {
                throw ClientError(.local, error.reason)
            }
            do {
                return try await relay.staff(
                    "POST", "/v1/staff/threads/\(handle)/notes",
                    body: SealedRequest(epoch: epoch, sealed: sealed, seq: seq, afterSeq: afterSeq), key: keys.signing,
                    as: CreatedNote.self
                ).seq
            } catch let error as ClientError where error.apiError == "note_moved" && attempt < 3 {
                continue
            }
        }
    }

    /// Opens a thread's notes: each must open with the clinic's key of its epoch, name this
    /// thread, and carry a signature of a key in `members`.
    public static func open(notes: [NoteRecord], handle: String, members: [StaffMember], with clinicKeys: ClinicKeys)
        -> [OpenedNote]
    {
        notes.map { record in
            var opened = OpenedNote(seq: record.seq, afterSeq: record.afterSeq, date: record.date)
            guard let pair = clinicKeys.inbox[record.epoch] else {
                opened.problem = "sealed to inbox epoch \(record.epoch), whose key you do not hold"
                return opened
            }
            do {
                let note = try SealedNote.open(
                    record.sealed.bytes, .note(handle: handle), epoch: record.epoch, inboxSecret: pair.secretKey)
                // A v2 note says where it was written; a v1 note (before issue 20) does not.
                if let place = note.place, place != .note(seq: record.seq, afterSeq: record.afterSeq) {
                    opened.problem = "the relay moved, replayed or reordered it (it was written as another note or after another message)"
                    return opened
                }
                guard members.contains(where: { $0.signingKey.bytes == note.author }) else {
                    opened.problem = "signed by a key that is not the clinic's staff"
                    return opened
                }
                opened.note = note
            } catch {
                opened.problem = "it did not verify: the relay may have altered or moved it"
            }
            return opened
        }
    }

    public func templates(with clinicKeys: ClinicKeys, members: [StaffMember]) async throws -> [OpenedTemplate] {
        let list = try await relay.staff("GET", "/v1/staff/templates", key: keys.signing, as: TemplateList.self).templates
        return list.map { record in
            var opened = OpenedTemplate(id: record.id, date: record.date)
            guard let pair = clinicKeys.inbox[record.epoch] else {
                opened.problem = "sealed to inbox epoch \(record.epoch), whose key you do not hold"
                return opened
            }
            do {
                let template = try SealedNote.open(
                    record.sealed.bytes, .template, epoch: record.epoch, inboxSecret: pair.secretKey)
                if case .template(let id, _)? = template.place, id != record.id {
                    opened.problem = "the relay serves it under another template's id"
                    return opened
                }
                guard members.contains(where: { $0.signingKey.bytes == template.author && $0.role == .admin }) else {
                    opened.problem = "signed by a key that is not one of the clinic's admins"
                    return opened
                }
                opened.template = template
            } catch {
                opened.problem = "it did not verify: the relay may have altered it"
            }
            return opened
        }
    }

    /// Adds a template (`id` nil; this tool picks its id) or replaces one with the next
    /// version; admins only. The id and version are signed inside.
    public func putTemplate(id: String?, name: String, text: String, with clinicKeys: ClinicKeys) async throws {
        let epoch = clinicKeys.clinic.current.epoch
        let place: SealedNote.Place
        if let id {
            let current = try await relay.staff("GET", "/v1/staff/templates", key: keys.signing, as: TemplateList.self).templates
                .first { $0.id == id }
            var version = 1
            if let current, let pair = clinicKeys.inbox[current.epoch],
                let opened = try? SealedNote.open(current.sealed.bytes, .template, epoch: current.epoch, inboxSecret: pair.secretKey),
                case .template(_, let old)? = opened.place
            {
                version = old
            }
            place = .template(id: try Self.checked(id), version: version + 1)
        } else {
            let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)
            place = .template(id: "t-" + String(decoding: (0..<10).map { _ in alphabet[Int(Random.uniform(32))] }, as: UTF8.self), version: 1)
        }
        let sealed: [UInt8]
        do {
            sealed = try SealedNote.seal(
                .template, name: name, text: text, epoch: epoch, inboxSecret: try clinicKeys.current().secretKey,
                author: keys.signing, place: place)
        } catch let error as LuckaError {
            throw ClientError(.local, error.reason)
        }
        var chosen: String?
        if id == nil, case .template(let new, _) = place { chosen = new }
        let body = SealedRequest(epoch: epoch, sealed: sealed, id: chosen)
        if let id {
            try await relay.staff("POST", "/v1/staff/templates/\(try Self.checked(id))/replace", body: body, key: keys.signing)
        } else {
            _ = try await relay.staff("POST", "/v1/staff/templates", body: body, key: keys.signing, as: CreatedTemplate.self)
        }
    }

    public func deleteTemplate(id: String) async throws {
        try await relay.staff("POST", "/v1/staff/templates/\(try Self.checked(id))/delete", key: keys.signing)
    }
}
