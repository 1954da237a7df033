import Foundation
import LuckaCore

/// Who belongs to a clinic: invitations, enrolment, approval, removal. Each change is
/// audited in its own transaction, and the members' keys held in memory for the source
/// budget (MemberKeys) follow it.
package struct EnrolmentService: Sendable {
    let store: any RelayStore
    let directory: ClinicDirectory
    let members: MemberKeys
    /// How long an invitation's token is good for.
    let tokenDays: Int

    /// The token's row if it is known, unused and not expired; else `bad_token` (403).
    func validToken(_ token: String, today: Day) async throws -> EnrolmentTokenRow {
        guard let row = try await store.enrolmentToken(hash: Identifier.tokenHash(token)), row.expires >= today else {
            throw APIError(.forbidden, "bad_token", "The enrolment token is unknown, used or expired. Ask for a new one.")
        }
        return row
    }

    /// Enrols `signingKey` with a token `validToken` accepted, under `name` (checked by
    /// `checkedDisplayName`). The founder's enrolment carries the clinic's keys (`setup`)
    /// and is active at once; anyone else's waits for an admin's approval.
    func enrol(
        _ body: EnrolRequest, name: String, signingKey: [UInt8], token: EnrolmentTokenRow, today: Day
    ) async throws -> StaffMember {
        if try await store.staff(signingKey: signingKey) != nil {
            throw APIError(.conflict, "key_enrolled", "This staff key is enrolled already.")
        }
        if token.founding {
            guard let setup = body.setup else {
                throw APIError.invalid("The first admin's enrolment must carry the clinic's keys (setup).")
            }
            try Self.validateSetup(setup, clinic: token.clinic)
        } else if body.setup != nil {
            throw APIError.invalid("Only the clinic's first admin uploads clinic keys.")
        }
        let member = StaffRow(
            id: Identifier.staffID(), clinic: token.clinic, signingKey: signingKey, boxKey: body.boxKey.bytes,
            role: token.role, status: token.founding ? .active : .pending, displayName: name, created: today)
        let stored = try await store.enrol(
            tokenHash: Identifier.tokenHash(body.token), member: member, setup: token.founding ? body.setup : nil, today: today,
            audit: member.audit(token.founding ? "enrol-founder" : "enrol", today: today))
        members.learn(stored.signingKey)
        return stored.member
    }

    /// A one-time token for a new colleague of `admin`'s clinic.
    func invite(role: StaffRole, by admin: StaffRow) async throws -> Invitation {
        let token = Identifier.enrolmentToken()
        let today = Day.today()
        let expires = today.adding(days: tokenDays)
        try await store.addEnrolmentToken(
            hash: Identifier.tokenHash(token), clinic: admin.clinic, role: role, expires: expires,
            audit: admin.audit("invite-\(role.rawValue)", today: today))
        return Invitation(token: token, role: role, expires: expires.description)
    }

    /// Lets a waiting member in, with the clinic's keys wrapped for them.
    func approve(_ id: String, wrappedKeys: [WrappedKey], by admin: StaffRow) async throws {
        guard let member = try await store.staff(id: id), member.clinic == admin.clinic else {
            throw APIError(.notFound, "unknown_staff", "No staff member with that id in your clinic.")
        }
        guard member.status == .pending else { throw APIError(.conflict, "not_pending", "This member is not waiting for approval.") }
        let current = try await directory.currentEpoch(clinic: member.clinic) ?? 0
        guard wrappedKeys.contains(where: { $0.kind == .inbox && $0.epoch == current }) else {
            throw APIError.invalid("The approval must wrap the current inbox key (epoch \(current)) for the new member.")
        }
        if member.role == .counsellor, wrappedKeys.contains(where: { $0.kind == .signing }) {
            throw APIError.invalid("Only admins receive the clinic's signing key.")
        }
        try await store.approve(staffID: id, clinic: member.clinic, wrappedKeys: wrappedKeys, audit: admin.audit("approve \(id)"))
    }

    /// Removes a member and starts a new inbox epoch they cannot read.
    func remove(_ id: String, newEpoch: NewEpochRequest, by admin: StaffRow) async throws {
        guard id != admin.id else { throw APIError(.conflict, "self_removal", "An admin cannot remove themselves; ask another admin.") }
        try await directory.checkNewEpoch(newEpoch, clinic: admin.clinic)
        let today = Day.today()
        try await store.remove(
            staffID: id, clinic: admin.clinic, newEpoch: newEpoch.inboxKey, wrappedKeys: newEpoch.wrappedKeys, today: today,
            audit: admin.audit("remove \(id)", today: today))
        try await members.reload(from: store)
    }

    func members(of clinic: String) async throws -> [StaffMember] {
        try await store.staffMembers(clinic: clinic).map(\.member)
    }

    /// The display name trimmed, if it is 1 to 64 bytes on one line.
    package static func checkedDisplayName(_ displayName: String) throws -> String {
        let name = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...Envelope.maximumNameLength).contains(name.utf8.count), !name.contains(where: \.isNewline) else {
            throw APIError.invalid("displayName must be 1 to \(Envelope.maximumNameLength) bytes on one line.")
        }
        return name
    }

    /// The founder's upload must be a consistent set of clinic keys for this clinic.
    package static func validateSetup(_ setup: ClinicSetup, clinic: String) throws {
        let signingKey = setup.signingKey.bytes
        do {
            _ = try setup.profile.verify(signingPublicKey: signingKey, slug: clinic)
            try setup.inboxKey.verify(signingPublicKey: signingKey, clinic: clinic)
        } catch {
            throw APIError.invalid(error.reason)
        }
        guard setup.inboxKey.epoch == 1 else { throw APIError.invalid("The first inbox key is epoch 1.") }
        guard setup.wrappedKeys.contains(where: { $0.kind == .inbox && $0.epoch == 1 }),
              setup.wrappedKeys.contains(where: { $0.kind == .signing })
        else { throw APIError.invalid("The setup must wrap the signing key and the epoch-1 inbox key for the founder.") }
    }
}
