import Hummingbird
import LuckaCore
import Logging

/// The writer's routes. The lookup token always travels in the body, never in the URL;
/// an unknown token gets the same answer whatever the reason.
struct WriterController<Context: RequestContext>: Sendable {
    let relay: Relay

    func addRoutes(to router: Router<Context>) {
        router.post("/v1/threads") { request, context in
            try await create(JSONBody.decode(CreateThreadRequest.self, from: request, context: context))
        }
        router.post("/v1/threads/read") { request, context in
            try await read(JSONBody.decode(ThreadAccessRequest.self, from: request, context: context))
        }
        router.post("/v1/threads/messages") { request, context in
            try await post(JSONBody.decode(PostMessageRequest.self, from: request, context: context))
        }
        router.post("/v1/threads/delete") { request, context in
            try await delete(JSONBody.decode(ThreadAccessRequest.self, from: request, context: context))
        }
    }

    func create(_ body: CreateThreadRequest) async throws -> Response {
        try Self.checkKey(body.writerKey, "writerKey")
        let lookupHash = try Self.lookupHash(body.lookupToken)
        try Self.checkCiphertext(body.message)
        guard let clinic = try await relay.store.clinic(slug: body.clinic), let profile = relay.profile(of: clinic) else {
            throw APIError(.notFound, "unknown_clinic", "This relay has no clinic by that name.")
        }
        guard profile.channels.contains(body.channel) else {
            throw APIError(.badRequest, "channel_not_offered", "This clinic does not offer that channel.")
        }
        guard body.epoch == (try await relay.currentEpoch(clinic: clinic.slug)) else { throw APIError.staleEpoch }
        if let wait = relay.newThreads.take(clinic.slug) {
            throw APIError(.tooManyRequests, "clinic_full", "The clinic has received many new conversations this hour. Please try again later.", retryAfter: wait)
        }
        let today = Day.today()
        let thread = NewThread(
            lookupHash: lookupHash, handle: Identifier.threadHandle(), clinic: clinic.slug, channel: body.channel,
            writerKey: body.writerKey.bytes, epoch: body.epoch, ciphertext: body.message.bytes, today: today, expires: relay.expiry(from: today))
        do {
            try await relay.store.createThread(thread)
        } catch let error as StoreError where error.code == .conflict {
            throw APIError(.conflict, "thread_exists", "A conversation with this code exists already.")
        }
        return try JSONBody.response(PostedMessage(seq: 1, date: today.description), status: .created)
    }

    func read(_ body: ThreadAccessRequest) async throws -> Response {
        let thread = try await find(body.lookupToken)
        let messages = try await relay.store.messages(thread: thread.id)
        return try JSONBody.response(
            WriterThread(clinic: thread.clinic, channel: thread.channel, status: thread.status, expires: thread.expires.description, messages: messages))
    }

    func post(_ body: PostMessageRequest) async throws -> Response {
        try Self.checkKey(body.writerKey, "writerKey")
        try Self.checkCiphertext(body.message)
        let thread = try await find(body.lookupToken)
        guard constantTimeEqual(body.writerKey.bytes, thread.writerKey) else {
            throw APIError(.forbidden, "wrong_writer_key", "The writer key does not belong to this conversation.")
        }
        guard body.epoch == (try await relay.currentEpoch(clinic: thread.clinic)) else { throw APIError.staleEpoch }
        let today = Day.today()
        let sentToday = try await relay.store.messageCount(thread: thread.id, author: .writer, on: today)
        guard sentToday < relay.configuration.writerMessagesPerThreadPerDay else {
            throw APIError(.tooManyRequests, "daily_limit", "You have sent many messages today. You can write again tomorrow.", retryAfter: Relay.secondsUntilTomorrow())
        }
        let stored = try await relay.store.append(
            NewMessage(thread: thread.id, author: .writer, epoch: body.epoch, ciphertext: body.message.bytes, today: today, expires: relay.expiry(from: today)))
        return try JSONBody.response(PostedMessage(seq: stored.seq, date: stored.date), status: .created)
    }

    func delete(_ body: ThreadAccessRequest) async throws -> Response {
        let thread = try await find(body.lookupToken)
        try await relay.store.deleteThread(thread.id)
        return Response(status: .noContent)
    }

    private func find(_ token: Base64Bytes) async throws -> ThreadRow {
        guard let thread = try await relay.store.thread(lookupHash: try Self.lookupHash(token)) else { throw APIError.threadNotFound }
        return thread
    }

    static func lookupHash(_ token: Base64Bytes) throws -> [UInt8] {
        guard token.bytes.count == 32 else { throw APIError.invalid("lookupToken must be 32 bytes.") }
        return WriterKeys.lookupHash(of: SecureBytes(copying: token.bytes))
    }

    static func checkKey(_ key: Base64Bytes, _ name: String) throws {
        guard key.bytes.count == 32 else { throw APIError.invalid("\(name) must be 32 bytes.") }
    }

    static func checkCiphertext(_ message: Base64Bytes) throws {
        guard MessageBox.isValidSealedLength(message.bytes.count) else {
            throw APIError(.badRequest, "bad_ciphertext", "The message is not a sealed message of an allowed size (\(MessageBox.sealedLengths.map(String.init).joined(separator: ", ")) bytes).")
        }
    }
}
