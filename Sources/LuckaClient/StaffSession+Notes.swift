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
    /// Seals a note on `handle` with the clinic's current inbox key, signed by this member.
    public func addNote(to handle: String, text: String, with clinicKeys: ClinicKeys) async throws -> Int {
        let handle = try Self.checked(handle)
        let epoch = clinicKeys.clinic.current.epoch
        let sealed: [UInt8]
        do {
            sealed = try SealedNote.seal(
                .note(handle: handle), text: text, epoch: epoch, inboxSecret: try clinicKeys.current().secretKey,
                author: keys.signing)
        } catch let error as LuckaError {
            throw ClientError(.local, error.reason)
        }
        return try await relay.staff(
            "POST", "/v1/staff/threads/\(handle)/notes", body: SealedRequest(epoch: epoch, sealed: sealed), key: keys.signing,
            as: CreatedNote.self
        ).seq
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

    /// Adds a template (`id` nil) or replaces one; admins only.
    public func putTemplate(id: String?, name: String, text: String, with clinicKeys: ClinicKeys) async throws {
        let epoch = clinicKeys.clinic.current.epoch
        let sealed: [UInt8]
        do {
            sealed = try SealedNote.seal(
                .template, name: name, text: text, epoch: epoch, inboxSecret: try clinicKeys.current().secretKey,
                author: keys.signing)
        } catch let error as LuckaError {
            throw ClientError(.local, error.reason)
        }
        let body = SealedRequest(epoch: epoch, sealed: sealed)
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
