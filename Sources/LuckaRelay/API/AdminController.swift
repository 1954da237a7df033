import Hummingbird
import LuckaCore

/// Clinic administration: colleagues, keys, the profile. Listing staff is open to every
/// active member; changing anything needs an admin.
struct AdminController: Sendable {
    let relay: Relay

    func addRoutes(to routes: StaffRoutes) {
        routes.members.get("members") { _, context in try await members(context.staff) }
        routes.admins.post("invitations") { _, context in try await invite(context.staff) }
        routes.admins.post("members/{id}/approve") { _, context in try await approve(context.staff, context.parameters.require("id")) }
        routes.admins.post("members/{id}/remove") { _, context in try await remove(context.staff, context.parameters.require("id")) }
        routes.admins.post("epochs") { _, context in try await rotate(context.staff) }
        routes.admins.post("profile") { _, context in try await profile(context.staff) }
        routes.admins.post("identity") { _, context in try await identity(context.staff) }
        routes.admins.get("audit") { request, context in try await audit(context.staff, request) }
    }

    func members(_ request: StaffRequest) async throws -> Response {
        try JSONBody.response(StaffList(members: try await relay.store.staffMembers(clinic: request.staff.clinic).map(\.member)))
    }

    func invite(_ request: StaffRequest) async throws -> Response {
        let body = try request.decode(InvitationRequest.self)
        let token = Identifier.enrolmentToken()
        let today = Day.today()
        let expires = today.adding(days: relay.configuration.enrolmentTokenDays)
        try await relay.store.addEnrolmentToken(
            hash: Identifier.tokenHash(token), clinic: request.staff.clinic, role: body.role, expires: expires,
            audit: request.audit("invite-\(body.role.rawValue)", today: today))
        return try JSONBody.response(Invitation(token: token, role: body.role, expires: expires.description), status: .created)
    }

    func approve(_ request: StaffRequest, _ id: String) async throws -> Response {
        let body = try request.decode(ApproveRequest.self)
        guard let member = try await relay.store.staff(id: id), member.clinic == request.staff.clinic else {
            throw APIError(.notFound, "unknown_staff", "No staff member with that id in your clinic.")
        }
        guard member.status == .pending else { throw APIError(.conflict, "not_pending", "This member is not waiting for approval.") }
        let current = try await relay.currentEpoch(clinic: member.clinic) ?? 0
        guard body.wrappedKeys.contains(where: { $0.kind == .inbox && $0.epoch == current }) else {
            throw APIError.invalid("The approval must wrap the current inbox key (epoch \(current)) for the new member.")
        }
        if member.role == .counsellor, body.wrappedKeys.contains(where: { $0.kind == .signing }) {
            throw APIError.invalid("Only admins receive the clinic's signing key.")
        }
        try await relay.store.approve(staffID: id, clinic: member.clinic, wrappedKeys: body.wrappedKeys, audit: request.audit("approve \(id)"))
        return Response(status: .noContent)
    }

    func remove(_ request: StaffRequest, _ id: String) async throws -> Response {
        let body = try request.decode(NewEpochRequest.self)
        guard id != request.staff.id else { throw APIError(.conflict, "self_removal", "An admin cannot remove themselves; ask another admin.") }
        try await checkNewEpoch(body, clinic: request.staff.clinic)
        let today = Day.today()
        try await relay.store.remove(
            staffID: id, clinic: request.staff.clinic, newEpoch: body.inboxKey, wrappedKeys: body.wrappedKeys, today: today,
            audit: request.audit("remove \(id)", today: today))
        try await relay.members.reload(from: relay.store)
        return Response(status: .noContent)
    }

    func rotate(_ request: StaffRequest) async throws -> Response {
        let body = try request.decode(NewEpochRequest.self)
        try await checkNewEpoch(body, clinic: request.staff.clinic)
        let today = Day.today()
        try await relay.store.addEpoch(
            clinic: request.staff.clinic, inboxKey: body.inboxKey, wrappedKeys: body.wrappedKeys, today: today,
            audit: request.audit("rotate \(body.inboxKey.epoch)", today: today))
        return Response(status: .noContent)
    }

    func profile(_ request: StaffRequest) async throws -> Response {
        let body = try request.decode(ProfileUpdate.self)
        guard let clinic = try await relay.store.clinic(slug: request.staff.clinic), let key = clinic.signingKey else {
            throw APIError(.conflict, "clinic_not_set_up", "The clinic has no keys yet.")
        }
        do { _ = try body.profile.verify(signingPublicKey: key, slug: clinic.slug) } catch {
            throw APIError.invalid(error.reason)
        }
        try await relay.store.updateProfile(clinic: clinic.slug, profile: body.profile, audit: request.audit("profile"))
        return Response(status: .noContent)
    }

    /// Replaces the clinic's signing key (after an admin left, who kept a copy of it).
    /// Everything must be consistent before anything is stored; the store checks the
    /// parts that could change meanwhile again inside its transaction.
    func identity(_ request: StaffRequest) async throws -> Response {
        let body = try request.decode(IdentitySuccessionRequest.self)
        let slug = request.staff.clinic
        guard let clinic = try await relay.store.clinic(slug: slug), let previous = clinic.signingKey else {
            throw APIError(.conflict, "clinic_not_set_up", "The clinic has no keys yet.")
        }
        let succession = body.succession
        let newKey = body.signingKey.bytes
        guard succession.clinic == slug else { throw APIError.invalid("The succession statement names another clinic.") }
        guard succession.previousKey == previous else {
            throw APIError(.conflict, "stale_identity", "The succession must start from the clinic's current signing key.")
        }
        guard succession.nextKey == newKey, newKey != previous else {
            throw APIError.invalid("The succession statement must name the new signing key.")
        }
        do { try succession.verify() } catch { throw APIError.invalid(error.reason) }
        let today = Day.today()
        guard let day = Day(succession.day), abs(day.number - today.number) <= 1 else {
            throw APIError.invalid("The succession statement must carry today's date (UTC).")
        }
        do { _ = try body.profile.verify(signingPublicKey: newKey, slug: slug) } catch { throw APIError.invalid(error.reason) }

        let stored = try await relay.store.inboxKeys(clinic: slug)
        guard body.inboxKeys.count == stored.count,
              zip(stored, body.inboxKeys).allSatisfy({ $0.epoch == $1.epoch && $0.publicKey == $1.publicKey })
        else {
            throw APIError.invalid("The new certificates must cover exactly the clinic's inbox epochs \(stored.map(\.epoch)), with the same keys.")
        }
        for certificate in body.inboxKeys {
            do { try certificate.verify(signingPublicKey: newKey, clinic: slug) } catch { throw APIError.invalid(error.reason) }
        }

        let admins = try await relay.store.staffMembers(clinic: slug).filter { $0.role == .admin && $0.status == .active }.map(\.id)
        guard body.wrappedKeys.allSatisfy({ $0.kind == .signing && $0.epoch == 0 }),
              body.wrappedKeys.count == admins.count, Set(body.wrappedKeys.map(\.staffID)) == Set(admins)
        else {
            throw APIError.invalid("The new signing key must be wrapped for every active admin of the clinic, and only for them.")
        }

        try await relay.store.replaceIdentity(
            clinic: slug, succession: succession, profile: body.profile, inboxKeys: body.inboxKeys, wrappedKeys: body.wrappedKeys, today: today,
            audit: request.audit("identity-succession", today: today))
        return Response(status: .noContent)
    }

    /// The audit log, newest day first; `from` and `to` (days, both included) narrow it.
    func audit(_ request: StaffRequest, _ http: Request) async throws -> Response {
        var from: Day?
        var to: Day?
        for (name, value) in http.uri.queryParameters {
            guard name == "from" || name == "to" else { throw APIError.invalid("The audit log takes only from and to (days, YYYY-MM-DD).") }
            guard let day = Day(String(value)) else { throw APIError.invalid("from and to are days, YYYY-MM-DD.") }
            if name == "from" { from = day } else { to = day }
        }
        return try JSONBody.response(try await relay.store.auditLog(clinic: request.staff.clinic, from: from, to: to, limit: 500))
    }

    /// The new inbox key must be certified by the clinic's own signing key.
    private func checkNewEpoch(_ body: NewEpochRequest, clinic slug: String) async throws {
        guard let clinic = try await relay.store.clinic(slug: slug), let key = clinic.signingKey else {
            throw APIError(.conflict, "clinic_not_set_up", "The clinic has no keys yet.")
        }
        do { try body.inboxKey.verify(signingPublicKey: key, clinic: slug) } catch {
            throw APIError.invalid(error.reason)
        }
    }
}
