import Foundation
import HTTPTypes
import Hummingbird
import LuckaCore
import NIOCore

/// A staff request whose signature and freshness have been checked. Its nonce is not yet
/// recorded: that happens only once the key is known to belong to someone
/// (`recordNonce`), so that unknown keys cannot fill the replay guard.
struct SignedBody {
    let signature: SignedRequest
    let body: ByteBuffer
}

/// A staff request from a known, active member of a clinic.
struct StaffRequest {
    let member: StaffRow
    let body: ByteBuffer

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONBody.decode(type, from: body) }

    func requireAdmin() throws {
        guard member.role == .admin else { throw APIError.notAdmin }
    }
}

/// Checks signed staff requests (DESIGN.md §4): Ed25519 over method, path, timestamp,
/// nonce and body hash; stale and replayed requests are refused.
struct StaffAuthenticator: Sendable {
    let store: any RelayStore
    /// The members' keys in memory, for the source budget's refusals: learnt here, forgotten on removal.
    let members: MemberKeys
    let nonces: StaffNonces

    /// Verifies the signature and freshness only: for enrolment, when the key is not yet
    /// known. The caller records the nonce with `recordNonce` once the token has checked out.
    func verifySignature(_ request: Request, _ context: some RequestContext) async throws -> SignedBody {
        let body = try await JSONBody.collect(request, context)
        let signature: SignedRequest
        do {
            signature = try SignedRequest(header: { name in HTTPField.Name(name).flatMap { request.headers[$0] } })
            try signature.verify(method: request.method.rawValue, path: request.uri.description, body: Array(body.readableBytesView))
        } catch {
            throw APIError(.unauthorized, "bad_signature", error.reason)
        }
        return SignedBody(signature: signature, body: body)
    }

    /// Refuses a request whose nonce this key has used before; records it otherwise.
    func recordNonce(_ signed: SignedBody) async throws {
        let signature = signed.signature
        guard try await nonces.firstUse(key: signature.publicKey, nonce: signature.nonce, timestamp: signature.timestamp) else {
            throw APIError(.unauthorized, "replayed", "This request was sent before; each signed request is good once.")
        }
    }

    /// Verifies the signature and that the key belongs to an active member.
    func authenticate(_ request: Request, _ context: some RequestContext, allowPending: Bool = false) async throws -> StaffRequest {
        let signed = try await verifySignature(request, context)
        guard let staff = try await store.staff(signingKey: signed.signature.publicKey) else { throw APIError.unauthorised }
        switch staff.status {
        case .active: break
        case .pending where allowPending: break
        case .pending: throw APIError(.forbidden, "pending", "An admin has not approved this staff key yet.")
        case .removed:
            members.forget(staff.signingKey)
            throw APIError(.forbidden, "revoked", "This staff key has been removed from the clinic.")
        }
        members.learn(staff.signingKey)
        try await recordNonce(signed)
        return StaffRequest(member: staff, body: signed.body)
    }
}
