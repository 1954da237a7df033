import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import Testing

/// Every answer, success or error, carries the security headers.
@Suite("Security headers")
struct SecurityHeaderTests {
    enum Case: String, CaseIterable, Sendable {
        case health, clinics, clinic, unknownClinic, unknownRoute, createThread, readThread, unknownCode, malformed
        case postMessage, deleteThread, unsigned, staffInbox, staffThread, staffReply, staffDelete, notAdmin, audit
        case tooLarge, replayed
    }

    static func expectHeaders(_ response: TestResponse, _ label: String) {
        #expect(response.headers[.cacheControl] == "no-store", "\(label)")
        #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(label)")
        let policy = response.headers[.contentSecurityPolicy] ?? ""
        #expect(policy.contains("default-src 'none'"), "\(label)")
        #expect(policy.contains("frame-ancestors 'none'"), "\(label)")
        #expect(!policy.contains("unsafe"), "\(label)")
        #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(label)")
        #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(label)")
        #expect(response.headers[.setCookie] == nil, "\(label)")
    }

    @Test("Cache-Control no-store, Referrer-Policy no-referrer and a strict CSP on every response", arguments: Case.allCases)
    func headers(_ which: Case) async throws {
        try await withRelay({ $0.maximumBodyBytes = 48 * 1024 }) { relay in
            let clinic = try await relay.makeClinic()
            let counsellor = try await relay.addActive("Kim", in: clinic)
            let writer = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            let response: TestResponse
            switch which {
            case .health: response = try await relay.send(.get, "/healthz")
            case .clinics: response = try await relay.send(.get, "/v1/clinics")
            case .clinic: response = try await relay.send(.get, "/v1/clinics/\(clinic.slug)")
            case .unknownClinic: response = try await relay.send(.get, "/v1/clinics/nowhere")
            case .unknownRoute: response = try await relay.send(.get, "/admin.php")
            case .createThread: response = try await relay.createThread(try Writer(), in: clinic)
            case .readThread: response = try await relay.read(writer)
            case .unknownCode: response = try await relay.send(.post, "/v1/threads/read", body: try json(ThreadAccessRequest(lookupToken: randomToken())))
            case .malformed: response = try await relay.send(.post, "/v1/threads", body: Array("{".utf8))
            case .postMessage: response = try await relay.post(writer, in: clinic)
            case .deleteThread: response = try await relay.deleteThread(writer)
            case .unsigned: response = try await relay.send(.get, "/v1/staff/inbox")
            case .staffInbox: response = try await relay.staff(.get, "/v1/staff/inbox", as: counsellor)
            case .staffThread: response = try await relay.staff(.get, "/v1/staff/threads/\(handle)", as: counsellor)
            case .staffReply: response = try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: counsellor)
            case .staffDelete: response = try await relay.staff(.post, "/v1/staff/threads/\(handle)/delete", as: counsellor)
            case .notAdmin: response = try await relay.staff(.get, "/v1/staff/audit", as: counsellor)
            case .audit: response = try await relay.staff(.get, "/v1/staff/audit", as: clinic.admin)
            case .tooLarge: response = try await relay.send(.post, "/v1/threads", body: [UInt8](repeating: UInt8(ascii: " "), count: 49 * 1024))
            case .replayed:
                let request = try relay.prepare(.get, "/v1/staff/me", as: counsellor.signing)
                _ = try await relay.send(request)
                response = try await relay.send(request)
            }
            #expect(response.status.code < 500)
            Self.expectHeaders(response, which.rawValue)
        }
    }

    @Test("503 answers from the load shedder carry the headers too")
    func overloaded() async throws {
        try await withRelay({ $0.maximumConcurrentRequests = 0 }) { relay in
            let response = try await relay.send(.get, "/healthz")
            #expect(response.status == .serviceUnavailable)
            Self.expectHeaders(response, "overloaded")
        }
    }

    @Test("Error bodies are JSON with a stable error code and a message")
    func errorBodies() async throws {
        try await withRelay { relay in
            let response = try await relay.send(.post, "/v1/threads/read", body: Array("nope".utf8))
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let body = try response.decode(APIErrorBody.self)
            #expect(body.error == "bad_request")
            #expect(!body.message.isEmpty)
        }
    }
}
