import Foundation
import LuckaCore
import Testing

@testable import LuckaRelay

/// The staff side's services called directly, without HTTP: the rules live in them, so
/// they hold without the routes (and on both engines, as every LuckaRelayTests suite).
@Suite("Staff services")
struct StaffServiceTests {
    typealias C = StoreContract

    static func code(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as APIError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test("DeskService: another clinic's thread is not found for any action; a stale epoch is refused; reading is audited with the read")
    func deskKeepsToTheMembersClinic() async throws {
        try await withRelay { relay in
            let ours = try await relay.makeClinic("var-mottagning")
            let theirs = try await relay.makeClinic("annan-mottagning")
            let store = relay.store
            let desk = DeskService(store: store, retention: Retention(relay.configuration), dailyLimit: 5)
            let admin = try #require(try await store.staff(id: ours.admin.id))
            let foreign = try await C.create(store, C.thread(theirs))
            let handle = foreign.handle
            #expect(await Self.code { _ = try await desk.read(handle, by: admin) } == "unknown_thread")
            #expect(await Self.code { _ = try await desk.reply(to: handle, epoch: 1, ciphertext: Random.bytes(MessageBox.sealedLengths[0]), by: admin) } == "unknown_thread")
            #expect(await Self.code { try await desk.setStatus(of: handle, to: .closed, by: admin) } == "unknown_thread")
            #expect(await Self.code { try await desk.delete(handle, by: admin) } == "unknown_thread")
            #expect(await Self.code { try await desk.setHandler(of: handle, to: nil, by: admin) } == "unknown_thread")
            #expect(try await C.lookup(store, foreign).status == foreign.status)

            let own = try await C.create(store, C.thread(ours))
            #expect(await Self.code { _ = try await desk.reply(to: own.handle, epoch: 2, ciphertext: Random.bytes(MessageBox.sealedLengths[0]), by: admin) } == "stale_epoch")
            let thread = try await desk.read(own.handle, by: admin)
            #expect(thread.messages.count == 1)
            let reads = try await store.auditLog(clinic: ours.slug, limit: 50).filter { $0.action == "read" }
            #expect(reads.map(\.thread) == [own.handle] && reads.map(\.staffID) == [admin.id])
            let posted = try await desk.reply(to: own.handle, epoch: 1, ciphertext: Random.bytes(MessageBox.sealedLengths[0]), by: admin)
            #expect(posted.seq == 2)
            #expect(try await C.lookup(store, own).status == .answered)
        }
    }

    @Test("EnrolmentService: a token is good once; the newcomer waits; approval needs the current inbox key, and a counsellor never gets the signing key; no admin removes themselves")
    func enrolmentRules() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let members = MemberKeys()
            let enrolment = EnrolmentService(store: store, directory: ClinicDirectory(store: store), members: members, tokenDays: 7)
            let admin = try #require(try await store.staff(id: clinic.admin.id))
            let today = Day.today()

            #expect(await Self.code { _ = try await enrolment.validToken("not-a-token", today: today) } == "bad_token")
            let invitation = try await enrolment.invite(role: .counsellor, by: admin)
            let token = try await enrolment.validToken(invitation.token, today: today)
            var newcomer = try StaffIdentity.generate("Ny rådgivare")
            let body = EnrolRequest(token: invitation.token, displayName: newcomer.name, boxKey: newcomer.box.publicKey, setup: nil)
            let member = try await enrolment.enrol(body, name: newcomer.name, signingKey: newcomer.signing.publicKey, token: token, today: today)
            newcomer.id = member.id
            #expect(member.status == .pending && member.role == .counsellor && member.clinic == clinic.slug)
            #expect(members.contains(newcomer.signing.publicKey))
            #expect(await Self.code { _ = try await enrolment.validToken(invitation.token, today: today) } == "bad_token")

            let approval = try relay.approval(for: newcomer, role: .admin, in: clinic)
            #expect(await Self.code { try await enrolment.approve(newcomer.id, wrappedKeys: approval.wrappedKeys, by: admin) } == "bad_request")
            let stale = approval.wrappedKeys.filter { $0.kind == .inbox }.map {
                WrappedKey(staffID: $0.staffID, kind: .inbox, epoch: 2, wrapped: $0.wrapped.bytes)
            }
            #expect(await Self.code { try await enrolment.approve(newcomer.id, wrappedKeys: stale, by: admin) } == "bad_request")
            try await enrolment.approve(newcomer.id, wrappedKeys: approval.wrappedKeys.filter { $0.kind == .inbox }, by: admin)
            #expect(try await store.staff(id: newcomer.id)?.status == .active)
            #expect(await Self.code { try await enrolment.approve(newcomer.id, wrappedKeys: [], by: admin) } == "not_pending")

            let (_, newEpoch) = try await relay.newEpoch(for: clinic)
            #expect(await Self.code { try await enrolment.remove(admin.id, newEpoch: newEpoch, by: admin) } == "self_removal")
            let log = try await store.auditLog(clinic: clinic.slug, limit: 50).map(\.action)
            #expect(log.contains("invite-counsellor") && log.contains("enrol") && log.contains("approve \(newcomer.id)"))
        }
    }
}
