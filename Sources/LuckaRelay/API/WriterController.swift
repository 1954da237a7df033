import Hummingbird
import LuckaCore
import Logging

/// The writer's routes. The lookup token always travels in the body, never in the URL;
/// an unknown token gets the same answer whatever the reason.
package struct WriterController<Context: RequestContext>: Sendable {
    let service: WriterService

    func addRoutes(to router: Router<Context>) {
        router.post("/v1/threads") { request, context in
            try await create(JSONBody.decode(CreateThreadRequest.self, from: request, context: context), source: context.source)
        }
        router.post("/v1/threads/read") { request, context in
            try await read(JSONBody.decode(ThreadAccessRequest.self, from: request, context: context))
        }
        router.post("/v1/threads/messages") { request, context in
            try await post(JSONBody.decode(PostMessageRequest.self, from: request, context: context), source: context.source)
        }
        router.post("/v1/threads/delete") { request, context in
            try await delete(JSONBody.decode(ThreadAccessRequest.self, from: request, context: context))
        }
    }

    func create(_ body: CreateThreadRequest, source: BudgetSource?) async throws -> Response {
        // SQLite reads a bound string only up to a NUL: "kast-test\0…" would find kast-test.
        guard ClinicProfile.isValidSlug(body.clinic) else {
            throw APIError.unknownClinic
        }
        try Self.checkKey(body.writerKey, "writerKey")
        let lookupHash = try Self.lookupHash(body.lookupToken)
        try Self.checkCiphertext(body.message)
        let posted = try await service.createThread(
            clinic: body.clinic, channel: body.channel, writerKey: body.writerKey.bytes, lookupHash: lookupHash, epoch: body.epoch,
            ciphertext: body.message.bytes, source: source)
        return JSONBody.written(posted, status: .created)
    }

    func read(_ body: ThreadAccessRequest) async throws -> Response {
        let (thread, messages) = try await service.read(lookupHash: try Self.lookupHash(body.lookupToken))
        return JSONBody.written(
            WriterThread(clinic: thread.clinic, channel: thread.channel, status: thread.status, expires: thread.expires.description, messages: messages))
    }

    func post(_ body: PostMessageRequest, source: BudgetSource?) async throws -> Response {
        try Self.checkKey(body.writerKey, "writerKey")
        try Self.checkCiphertext(body.message)
        let thread = try await find(body.lookupToken)
        let stored = try await service.post(to: thread, writerKey: body.writerKey.bytes, epoch: body.epoch, ciphertext: body.message.bytes, source: source)
        return JSONBody.written(PostedMessage(seq: stored.seq, date: stored.date), status: .created)
    }

    func delete(_ body: ThreadAccessRequest) async throws -> Response {
        let thread = try await find(body.lookupToken)
        try await service.delete(thread)
        return Response(status: .noContent)
    }

    private func find(_ token: Base64Bytes) async throws -> ThreadRow {
        try await service.thread(lookupHash: try Self.lookupHash(token))
    }

    package static func lookupHash(_ token: Base64Bytes) throws -> [UInt8] {
        guard token.bytes.count == 32 else { throw APIError.invalid("lookupToken must be 32 bytes.") }
        return WriterKeys.lookupHash(of: SecureBytes(copying: token.bytes))
    }

    package static func checkKey(_ key: Base64Bytes, _ name: String) throws {
        guard key.bytes.count == 32 else { throw APIError.invalid("\(name) must be 32 bytes.") }
    }

    package static func checkCiphertext(_ message: Base64Bytes) throws {
        guard MessageBox.isValidSealedLength(message.bytes.count) else {
            throw APIError(.badRequest, "bad_ciphertext", "The message is not a sealed message of an allowed size (\(MessageBox.sealedLengths.map(String.init).joined(separator: ", ")) bytes).")
        }
    }
}
