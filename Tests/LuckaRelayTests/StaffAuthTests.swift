import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import Testing

/// One signed staff route, with `{handle}` and `{id}` placeholders.
struct StaffRoute: Sendable, CustomTestStringConvertible {
    let method: HTTPRequest.Method
    let template: String
    let adminOnly: Bool

    init(_ method: HTTPRequest.Method, _ template: String, admin: Bool = false) {
        self.method = method
        self.template = template
        adminOnly = admin
    }

    var testDescription: String { "\(method.rawValue) \(template)" }

    func path(handle: String, id: String) -> String {
        template.replacingOccurrences(of: "{handle}", with: handle).replacingOccurrences(of: "{id}", with: id)
    }

    /// A body the route would at least parse; auth is checked before it is read.
    var body: [UInt8] { method == .get ? [] : Array(#"{"status":"closed"}"#.utf8) }

    /// Every route that needs a signed, known staff key (enrolment only needs a signature).
    static let all: [StaffRoute] = [
        StaffRoute(.get, "/v1/staff/me"),
        StaffRoute(.get, "/v1/staff/keys"),
        StaffRoute(.get, "/v1/staff/inbox"),
        StaffRoute(.get, "/v1/staff/inbox?status=new&limit=5"),
        StaffRoute(.get, "/v1/staff/threads/{handle}"),
        StaffRoute(.post, "/v1/staff/threads/{handle}/messages"),
        StaffRoute(.post, "/v1/staff/threads/{handle}/status"),
        StaffRoute(.post, "/v1/staff/threads/{handle}/delete"),
        StaffRoute(.get, "/v1/staff/members"),
        StaffRoute(.post, "/v1/staff/invitations", admin: true),
        StaffRoute(.post, "/v1/staff/members/{id}/approve", admin: true),
        StaffRoute(.post, "/v1/staff/members/{id}/remove", admin: true),
        StaffRoute(.post, "/v1/staff/epochs", admin: true),
        StaffRoute(.post, "/v1/staff/profile", admin: true),
        StaffRoute(.get, "/v1/staff/audit", admin: true),
    ]

    static let admin = all.filter(\.adminOnly)
    static let threadRoutes = all.filter { $0.template.contains("{handle}") }
}

/// A clinic with a thread and an active counsellor: enough for any staff route.
struct AuthScene: Sendable {
    var clinic: ClinicFixture
    let counsellor: StaffIdentity
    let writer: Writer
    let handle: String

    static func make(_ relay: Harness) async throws -> AuthScene {
        let clinic = try await relay.makeClinic()
        let counsellor = try await relay.addActive("Rådgivare", in: clinic)
        let writer = try await relay.newThread(in: clinic)
        let handle = try await relay.handle(of: writer, as: clinic.admin)
        return AuthScene(clinic: clinic, counsellor: counsellor, writer: writer, handle: handle)
    }

    func path(_ route: StaffRoute) -> String { route.path(handle: handle, id: counsellor.id) }
}

/// Every way a staff request can fail authentication, on every staff route.
@Suite("Staff authentication")
struct StaffAuthTests {
    @Test("An unsigned request is 401 bad_signature", arguments: StaffRoute.all)
    func unsigned(route: StaffRoute) async throws {
        try await withRelay { relay in
            let scene = try await AuthScene.make(relay)
            let response = try await relay.send(route.method, scene.path(route), body: route.body)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "bad_signature")
        }
    }

    enum Tampering: String, CaseIterable, Sendable {
        case otherBody, otherPath, otherMethod, flippedSignature, otherKeyHeader, missingNonce, nonHexNonce, shortSignature
    }

    @Test("A request whose signature does not match is 401 bad_signature", arguments: StaffRoute.all, Tampering.allCases)
    func badSignature(route: StaffRoute, tampering: Tampering) async throws {
        try await withRelay { relay in
            let scene = try await AuthScene.make(relay)
            let path = scene.path(route)
            let key = scene.clinic.admin.signing
            var headers = try signedHeaders(method: route.method, path: path, body: route.body, key: key)
            var body = route.body
            var method = route.method
            let signatureName = HTTPField.Name(SignedRequest.signatureHeader)!
            switch tampering {
            case .otherBody: body = Array(#"{"status":"new"}"#.utf8)
            case .otherPath:
                headers = try signedHeaders(method: route.method, path: path + (path.contains("?") ? "&x=1" : "?x=1"), body: route.body, key: key)
            case .otherMethod:
                method = route.method == .get ? .post : .get
                headers = try signedHeaders(method: method, path: path, body: route.body, key: key)
                method = route.method
            case .flippedSignature:
                var signature = [UInt8](base64: headers[signatureName]!)!
                signature[0] ^= 1
                headers[signatureName] = signature.base64
            case .otherKeyHeader:
                headers[HTTPField.Name(SignedRequest.keyHeader)!] = scene.counsellor.signing.publicKey.base64
            case .missingNonce:
                headers[HTTPField.Name(SignedRequest.nonceHeader)!] = nil
            case .nonHexNonce:
                headers[HTTPField.Name(SignedRequest.nonceHeader)!] = String(repeating: "Z", count: 32)
            case .shortSignature:
                headers[signatureName] = Array(repeating: UInt8(1), count: 32).base64
            }
            let response = try await relay.send(method, path, body: body, headers: headers)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "bad_signature")
        }
    }

    @Test("A request signed more than five minutes ago (or ahead) is 401 bad_signature", arguments: StaffRoute.all, [-600.0, 600.0])
    func stale(route: StaffRoute, offset: Double) async throws {
        try await withRelay { relay in
            let scene = try await AuthScene.make(relay)
            let response = try await relay.staff(route.method, scene.path(route), body: route.body, as: scene.clinic.admin, now: Date().addingTimeInterval(offset))
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "bad_signature")
            #expect(response.text.contains("timestamp"))
        }
    }

    @Test("The same signed request sent twice is refused the second time: 401 replayed", arguments: StaffRoute.all)
    func replayed(route: StaffRoute) async throws {
        try await withRelay { relay in
            let scene = try await AuthScene.make(relay)
            let request = try relay.prepare(route.method, scene.path(route), body: route.body, as: scene.clinic.admin.signing)
            let first = try await relay.send(request)
            #expect(first.status != .unauthorized)
            let second = try await relay.send(request)
            #expect(second.status == .unauthorized)
            #expect(second.errorCode == "replayed")
        }
    }

    @Test("A well-signed request from an unknown key is 401 unauthorised", arguments: StaffRoute.all)
    func unknownKey(route: StaffRoute) async throws {
        try await withRelay { relay in
            let scene = try await AuthScene.make(relay)
            let stranger = try StaffIdentity.generate("Okänd")
            let response = try await relay.staff(route.method, scene.path(route), body: route.body, as: stranger)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "unauthorised")
        }
    }

    @Test("A removed member is 403 revoked everywhere", arguments: StaffRoute.all)
    func revoked(route: StaffRoute) async throws {
        try await withRelay { relay in
            var scene = try await AuthScene.make(relay)
            // A second counsellor, removed with a new epoch wrapped for those who remain.
            let leaver = try await relay.addActive("Slutar", in: scene.clinic)
            try await relay.remove(leaver, from: &scene.clinic)
            let response = try await relay.staff(route.method, scene.path(route), body: route.body, as: leaver)
            #expect(response.status == .forbidden)
            #expect(response.errorCode == "revoked")
        }
    }

    @Test("A pending member is 403 pending everywhere except /v1/staff/me", arguments: StaffRoute.all)
    func pending(route: StaffRoute) async throws {
        try await withRelay { relay in
            let scene = try await AuthScene.make(relay)
            let newcomer = try await relay.addPending("Ny", in: scene.clinic)
            let response = try await relay.staff(route.method, scene.path(route), body: route.body, as: newcomer)
            if route.template == "/v1/staff/me" {
                #expect(response.status == .ok)
                let me = try response.decode(StaffMember.self)
                #expect(me.status == .pending && me.id == newcomer.id)
            } else {
                #expect(response.status == .forbidden)
                #expect(response.errorCode == "pending")
            }
        }
    }

    @Test("A counsellor is 403 admin_only on admin routes", arguments: StaffRoute.admin)
    func notAdmin(route: StaffRoute) async throws {
        try await withRelay { relay in
            let scene = try await AuthScene.make(relay)
            let other = try await relay.addPending("Väntar", in: scene.clinic)
            let response = try await relay.staff(route.method, route.path(handle: scene.handle, id: other.id), body: route.body, as: scene.counsellor)
            #expect(response.status == .forbidden)
            #expect(response.errorCode == "admin_only")
            // Nothing changed: the pending member is still pending.
            #expect(try await relay.store.staff(id: other.id)?.status == .pending)
        }
    }

    @Test("Staff of another clinic get 404 unknown_thread for this clinic's handles", arguments: StaffRoute.threadRoutes)
    func otherClinicThread(route: StaffRoute) async throws {
        try await withRelay { relay in
            let scene = try await AuthScene.make(relay)
            let other = try await relay.makeClinic("annan-mottagning")
            let body: [UInt8]
            if route.template.hasSuffix("/messages") {
                let sealed = try MessageBox.seal(
                    Envelope(author: .clinic, counsellorName: "X", text: "hej"), from: other.currentInbox.secretKey, to: scene.writer.publicKey)
                body = try json(ReplyRequest(epoch: 1, message: sealed))
            } else {
                body = route.body
            }
            let response = try await relay.staff(route.method, scene.path(route), body: body, as: other.admin)
            #expect(response.status == .notFound)
            #expect(response.errorCode == "unknown_thread")
            // The same answer as for a handle that exists nowhere.
            let nowhere = try await relay.staff(route.method, route.path(handle: "000000000000", id: ""), body: body, as: other.admin)
            #expect(nowhere.status == .notFound)
            #expect(nowhere.bytes == response.bytes)
            // The thread is untouched.
            let thread = try await relay.read(scene.writer).decode(WriterThread.self)
            #expect(thread.messages.count == 1 && thread.status == .new)
        }
    }
}
