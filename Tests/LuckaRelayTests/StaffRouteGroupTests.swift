import Foundation
import HTTPTypes
import LuckaCore
import Testing

@testable import LuckaRelay

/// Every staff route sits in a group that authenticates before its handler runs, and the
/// admin routes in one that also checks the role (StaffRoutes): no route can forget either.
@Suite("Staff route groups")
struct StaffRouteGroupTests {
    static let memberRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/v1/staff/me"), (.get, "/v1/staff/keys"), (.get, "/v1/staff/inbox"), (.get, "/v1/staff/inbox/count"),
        (.get, "/v1/staff/threads/abc"), (.post, "/v1/staff/threads/abc/messages"), (.post, "/v1/staff/threads/abc/status"),
        (.post, "/v1/staff/threads/abc/delete"), (.post, "/v1/staff/threads/abc/handler"), (.post, "/v1/staff/threads/abc/notes"),
        (.get, "/v1/staff/templates"), (.get, "/v1/staff/members"), (.get, "/v1/staff/notices"), (.get, "/v1/staff/statistics"),
    ]
    static let adminRoutes: [(HTTPRequest.Method, String)] = [
        (.post, "/v1/staff/junk/delete"), (.post, "/v1/staff/invitations"), (.post, "/v1/staff/members/x/approve"),
        (.post, "/v1/staff/members/x/remove"), (.post, "/v1/staff/epochs"), (.post, "/v1/staff/profile"), (.post, "/v1/staff/identity"),
        (.get, "/v1/staff/audit"), (.post, "/v1/staff/templates"), (.post, "/v1/staff/templates/t/replace"),
        (.post, "/v1/staff/templates/t/delete"), (.post, "/v1/staff/notices"), (.post, "/v1/staff/notices/test"),
    ]

    @Test("Unsigned, every staff route but enrolment answers 401 before it reads anything")
    func unsignedIsRefused() async throws {
        try await withRelay { relay in
            for (method, path) in Self.memberRoutes + Self.adminRoutes {
                let response = try await relay.send(method, path, body: Array("{}".utf8))
                #expect(response.status == .unauthorized && response.errorCode == "bad_signature", "\(method) \(path): \(response.status) \(response.text)")
            }
            // Enrolment checks its token, not a membership.
            #expect(try await relay.send(.post, "/v1/staff/enrol", body: Array("{}".utf8)).status == .unauthorized)
        }
    }

    @Test("A counsellor's signed request to an admin route is 403 admin_only, whatever its body")
    func adminRoutesRefuseCounsellors() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let counsellor = try await relay.addActive("Rådgivare", in: clinic)
            for (method, path) in Self.adminRoutes {
                let response = try await relay.staff(method, path, body: Array("{}".utf8), as: counsellor)
                #expect(response.status == .forbidden && response.errorCode == "admin_only", "\(method) \(path): \(response.status) \(response.text)")
            }
            #expect(try await relay.staff(.get, "/v1/staff/members", as: counsellor).status == .ok)
        }
    }
}
