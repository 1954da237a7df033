import Foundation
import Hummingbird
import LuckaCore
import LuckaRelay

/// Every JSON request body the relay decodes, decoded as the relay does (`JSONBody`), then
/// put through the checks the controllers apply before touching the database.
///
/// The first byte picks the body type (`bodies`); the rest is the JSON.
enum APIBodyFuzz {
    typealias Writer = WriterController<BasicRequestContext>
    typealias Enrolment = EnrolmentService

    /// In route order. Seeds start with the route's digit ("0" picks create-thread).
    static let bodies: [(name: String, check: @Sendable (ByteBuffer) throws -> Void)] = [
        ("create-thread", { buffer in
            let body = try decode(CreateThreadRequest.self, buffer)
            _ = ClinicProfile.isValidSlug(body.clinic)
            try Writer.checkKey(body.writerKey, "writerKey")
            _ = try Writer.lookupHash(body.lookupToken)
            try Writer.checkCiphertext(body.message)
        }),
        ("thread-access", { buffer in
            _ = try Writer.lookupHash(try decode(ThreadAccessRequest.self, buffer).lookupToken)
        }),
        ("post-message", { buffer in
            let body = try decode(PostMessageRequest.self, buffer)
            try Writer.checkKey(body.writerKey, "writerKey")
            try Writer.checkCiphertext(body.message)
            _ = try Writer.lookupHash(body.lookupToken)
        }),
        ("enrol", { buffer in
            let body = try decode(EnrolRequest.self, buffer)
            try Writer.checkKey(body.boxKey, "boxKey")
            _ = try Enrolment.checkedDisplayName(body.displayName)
            if let setup = body.setup { try Enrolment.validateSetup(setup, clinic: FuzzKeys.clinic) }
        }),
        ("invitation", { buffer in _ = try decode(InvitationRequest.self, buffer) }),
        ("approve", { buffer in _ = try decode(ApproveRequest.self, buffer) }),
        ("new-epoch", { buffer in
            let body = try decode(NewEpochRequest.self, buffer)
            try body.inboxKey.verify(signingPublicKey: FuzzKeys.clinicSigning.publicKey, clinic: FuzzKeys.clinic)
        }),
        ("profile-update", { buffer in
            let body = try decode(ProfileUpdate.self, buffer)
            _ = try body.profile.verify(signingPublicKey: FuzzKeys.clinicSigning.publicKey, slug: FuzzKeys.clinic)
        }),
        ("reply", { buffer in try Writer.checkCiphertext(try decode(ReplyRequest.self, buffer).message) }),
        ("status", { buffer in _ = try decode(StatusRequest.self, buffer) }),
    ]

    static func run(_ data: [UInt8]) {
        guard let (route, rest) = FuzzInput.route(data, count: bodies.count) else { return }
        _ = try? bodies[route].check(ByteBuffer(bytes: rest))
    }

    /// The relay's decoding; a body that decodes must also survive encoding and decoding again.
    static func decode<T: Codable>(_ type: T.Type, _ buffer: ByteBuffer) throws -> T {
        let value = try JSONBody.decode(type, from: buffer)
        let encoded = try? JSONEncoder().encode(value)
        FuzzCheck.expect(encoded.flatMap { try? JSONDecoder().decode(type, from: $0) } != nil, "\(type) does not survive a round trip")
        return value
    }
}
