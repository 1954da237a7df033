import Foundation
import GRDB
import Hummingbird
import LuckaCore
import Testing
@testable import LuckaRelay

/// Sealed internal notes and answer templates on the relay (issue 13).
@Suite("Notes and templates")
struct NoteRouteTests {
    @Test("A note by one member opens for another, sits after its message, and never reaches the writer")
    func notes() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let sam = try await relay.addActive("Sam", in: clinic)
            let writer = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: sam)
            let text = "Ringde socialtjänsten om detta; återkom på torsdag."
            let sealed = try SealedNote.seal(
                .note(handle: handle), text: text, epoch: clinic.epoch, inboxSecret: clinic.currentInbox.secretKey,
                author: sam.signing, place: .note(seq: 1, afterSeq: 1))
            // A signed place that is not the next one (a replayed seq, a stale message count): refused.
            for (seq, afterSeq) in [(2, 1), (1, 0), (1, 2)] {
                let moved = try await relay.staff(
                    .post, "/v1/staff/threads/\(handle)/notes", json: SealedRequest(epoch: clinic.epoch, sealed: sealed, seq: seq, afterSeq: afterSeq),
                    as: sam)
                #expect(moved.status == .conflict && moved.errorCode == "note_moved", "\(seq) \(afterSeq): \(moved.text)")
            }
            let half = try await relay.staff(
                .post, "/v1/staff/threads/\(handle)/notes", json: SealedRequest(epoch: clinic.epoch, sealed: sealed, seq: 1), as: sam)
            #expect(half.status == .badRequest)
            let posted = try await relay.staff(
                .post, "/v1/staff/threads/\(handle)/notes", json: SealedRequest(epoch: clinic.epoch, sealed: sealed, seq: 1, afterSeq: 1),
                as: sam)
            #expect(posted.status == .created)
            #expect(try posted.decode(CreatedNote.self).seq == 1)

            let thread = try await relay.staff(.get, "/v1/staff/threads/\(handle)", as: clinic.admin).decode(StaffThread.self)
            let note = try #require(thread.notes?.first)
            #expect(note.seq == 1 && note.afterSeq == 1 && note.epoch == clinic.epoch)
            let opened = try SealedNote.open(
                note.sealed.bytes, .note(handle: handle), epoch: note.epoch, inboxSecret: clinic.currentInbox.secretKey)
            #expect(opened.text == text && opened.author == sam.signing.publicKey && opened.place == .note(seq: 1, afterSeq: 1))
            // Moved to another thread, it does not open.
            #expect(throws: LuckaError.self) {
                try SealedNote.open(
                    note.sealed.bytes, .note(handle: "annan"), epoch: note.epoch, inboxSecret: clinic.currentInbox.secretKey)
            }
            // The writer's read carries the messages only.
            let read = try await relay.read(writer)
            #expect(read.status == .ok && !read.text.contains("notes") && !read.text.contains(note.sealed.bytes.base64))

            // Bad notes: a stale epoch, a wrong size, a thread of another clinic.
            var stale = try await relay.staff(
                .post, "/v1/staff/threads/\(handle)/notes", json: SealedRequest(epoch: clinic.epoch + 1, sealed: sealed), as: sam)
            #expect(stale.status == .conflict && stale.errorCode == "stale_epoch")
            stale = try await relay.staff(
                .post, "/v1/staff/threads/\(handle)/notes", json: SealedRequest(epoch: clinic.epoch, sealed: [1, 2, 3]), as: sam)
            #expect(stale.status == .badRequest && stale.errorCode == "bad_sealed")
            let second = try await relay.makeClinic("andra")
            let foreign = try await relay.staff(
                .post, "/v1/staff/threads/\(handle)/notes", json: SealedRequest(epoch: 1, sealed: sealed), as: second.admin)
            #expect(foreign.status == .notFound)

            // Bounded per thread.
            let row = try #require(try await relay.store.thread(handle: handle, clinic: clinic.slug))
            #expect(
                try await relay.store.addNote(thread: row.id, epoch: clinic.epoch, sealed: sealed, expected: nil, today: Day.today(), limit: 2)
                    == .stored("2"))
            #expect(
                try await relay.store.addNote(thread: row.id, epoch: clinic.epoch, sealed: sealed, expected: nil, today: Day.today(), limit: 2)
                    == .full)

            // Gone with the thread.
            #expect(try await relay.staff(.post, "/v1/staff/threads/\(handle)/delete", as: sam).status == .noContent)
            #expect(try await relay.sql("SELECT count(*) FROM note") == 0)
        }
    }

    @Test("Admins keep the clinic's templates; every member reads them; bounds and errors are clear")
    func templates() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let sam = try await relay.addActive("Sam", in: clinic)
            func seal(_ name: String, _ text: String, by author: StaffIdentity) throws -> SealedRequest {
                SealedRequest(
                    epoch: clinic.epoch,
                    sealed: try SealedNote.seal(
                        .template, name: name, text: text, epoch: clinic.epoch, inboxSecret: clinic.currentInbox.secretKey,
                        author: author.signing, place: .template(id: "t-abcdefghjk", version: 1)))
            }
            let created = try await relay.staff(
                .post, "/v1/staff/templates", json: try seal("första-svar", "Tack för att du skriver.", by: clinic.admin),
                as: clinic.admin)
            #expect(created.status == .created)
            let id = try created.decode(CreatedTemplate.self).id
            let refused = try await relay.staff(.post, "/v1/staff/templates", json: try seal("egen", "Text", by: sam), as: sam)
            #expect(refused.status == .forbidden && refused.errorCode == "admin_only")

            func list() async throws -> [TemplateRecord] {
                try await relay.staff(.get, "/v1/staff/templates", as: sam).decode(TemplateList.self).templates
            }
            var templates = try await list()
            #expect(templates.map(\.id) == [id])
            var opened = try SealedNote.open(
                templates[0].sealed.bytes, .template, epoch: templates[0].epoch, inboxSecret: clinic.currentInbox.secretKey)
            #expect(
                opened.name == "första-svar" && opened.text == "Tack för att du skriver."
                    && opened.author == clinic.admin.signing.publicKey)

            #expect(
                try await relay.staff(
                    .post, "/v1/staff/templates/\(id)/replace", json: try seal("första-svar", "Ny text.", by: clinic.admin),
                    as: clinic.admin
                ).status == .noContent)
            templates = try await list()
            opened = try SealedNote.open(
                templates[0].sealed.bytes, .template, epoch: templates[0].epoch, inboxSecret: clinic.currentInbox.secretKey)
            #expect(opened.text == "Ny text.")
            let missing = try await relay.staff(
                .post, "/v1/staff/templates/t-nothing/replace", json: try seal("x", "y", by: clinic.admin), as: clinic.admin)
            #expect(missing.status == .notFound && missing.errorCode == "unknown_template")

            // Another clinic sees none of them.
            let second = try await relay.makeClinic("andra")
            #expect(
                try await relay.staff(.get, "/v1/staff/templates", as: second.admin).decode(TemplateList.self).templates.isEmpty)
            #expect(try await relay.staff(.post, "/v1/staff/templates/\(id)/delete", as: second.admin).status == .notFound)

            // Bounded per clinic.
            let sealed = try seal("fler", "text", by: clinic.admin)
            #expect(
                try await relay.store.putTemplate(
                    clinic: clinic.slug, id: "t-extra", replacing: false, epoch: clinic.epoch, sealed: sealed.sealed.bytes,
                    today: Day.today(), limit: 1) == .full)

            #expect(try await relay.staff(.post, "/v1/staff/templates/\(id)/delete", as: sam).status == .forbidden)
            #expect(try await relay.staff(.post, "/v1/staff/templates/\(id)/delete", as: clinic.admin).status == .noContent)
            #expect(try await list().isEmpty)
        }
    }
}
