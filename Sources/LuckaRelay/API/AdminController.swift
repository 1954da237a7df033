import Hummingbird
import LuckaCore

/// Clinic administration: colleagues (EnrolmentService), keys, the profile and the audit
/// log (ClinicAdminService). Listing staff is open to every active member; changing
/// anything needs an admin (StaffRoutes.admins).
struct AdminController: Sendable {
    let enrolment: EnrolmentService
    let clinics: ClinicAdminService

    func addRoutes(to routes: StaffRoutes) {
        routes.members.get("members") { _, context in
            try JSONBody.response(StaffList(members: try await enrolment.members(of: context.staff.member.clinic)))
        }
        routes.admins.post("invitations") { _, context in
            let staff = try context.staff
            let body = try staff.decode(InvitationRequest.self)
            return try JSONBody.response(try await enrolment.invite(role: body.role, by: staff.member), status: .created)
        }
        routes.admins.post("members/{id}/approve") { _, context in
            let staff = try context.staff
            let body = try staff.decode(ApproveRequest.self)
            try await enrolment.approve(try context.parameters.require("id"), wrappedKeys: body.wrappedKeys, by: staff.member)
            return Response(status: .noContent)
        }
        routes.admins.post("members/{id}/remove") { _, context in
            let staff = try context.staff
            let body = try staff.decode(NewEpochRequest.self)
            try await enrolment.remove(try context.parameters.require("id"), newEpoch: body, by: staff.member)
            return Response(status: .noContent)
        }
        routes.admins.post("epochs") { _, context in
            let staff = try context.staff
            try await clinics.rotate(try staff.decode(NewEpochRequest.self), by: staff.member)
            return Response(status: .noContent)
        }
        routes.admins.post("profile") { _, context in
            let staff = try context.staff
            try await clinics.updateProfile(try staff.decode(ProfileUpdate.self).profile, by: staff.member)
            return Response(status: .noContent)
        }
        routes.admins.post("identity") { _, context in
            let staff = try context.staff
            try await clinics.replaceIdentity(try staff.decode(IdentitySuccessionRequest.self), by: staff.member)
            return Response(status: .noContent)
        }
        routes.admins.get("audit") { request, context in try await audit(context.staff, request) }
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
        return try JSONBody.response(try await clinics.auditLog(of: request.member.clinic, from: from, to: to))
    }
}
