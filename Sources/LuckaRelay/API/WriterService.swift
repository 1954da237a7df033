import LuckaCore

/// The writer's side of the relay, behind both the JSON API (WriterController) and the web
/// pages (WebPages): the same limits, the same errors, in one place. Callers have already
/// checked the sizes of keys and ciphertexts.
struct WriterService: Sendable {
    let relay: Relay

    /// Opens a thread with its first message. Throws `unknown_clinic` (404),
    /// `channel_not_offered` (400), `stale_epoch` (409), `clinic_full` (429) or
    /// `thread_exists` (409).
    func createThread(
        clinic slug: String, channel: Channel, writerKey: [UInt8], lookupHash: [UInt8], epoch: UInt32, ciphertext: [UInt8]
    ) async throws -> PostedMessage {
        guard let clinic = try await relay.store.clinic(slug: slug), let profile = relay.profile(of: clinic) else {
            throw APIError(.notFound, "unknown_clinic", "This relay has no clinic by that name.")
        }
        guard profile.channels.contains(channel) else {
            throw APIError(.badRequest, "channel_not_offered", "This clinic does not offer that channel.")
        }
        guard epoch == (try await relay.currentEpoch(clinic: clinic.slug)) else { throw APIError.staleEpoch }
        if let wait = relay.newThreads.take(clinic.slug) {
            throw APIError(.tooManyRequests, "clinic_full", "The clinic has received many new conversations this hour. Please try again later.", retryAfter: wait)
        }
        let today = Day.today()
        let thread = NewThread(
            lookupHash: lookupHash, handle: Identifier.threadHandle(), clinic: clinic.slug, channel: channel,
            writerKey: writerKey, epoch: epoch, ciphertext: ciphertext, today: today, expires: relay.expiry(from: today))
        do {
            try await relay.store.createThread(thread)
        } catch let error as StoreError where error.code == .conflict {
            throw APIError(.conflict, "thread_exists", "A conversation with this code exists already.")
        }
        return PostedMessage(seq: 1, date: today.description)
    }

    /// The thread stored under `lookupHash`, or the one uniform `not_found` (404).
    func thread(lookupHash: [UInt8]) async throws -> ThreadRow {
        guard let thread = try await relay.store.thread(lookupHash: lookupHash) else { throw APIError.threadNotFound }
        return thread
    }

    /// Appends a writer message. Throws `wrong_writer_key` (403), `stale_epoch` (409) or
    /// `daily_limit` (429).
    func post(to thread: ThreadRow, writerKey: [UInt8], epoch: UInt32, ciphertext: [UInt8]) async throws -> MessageRecord {
        guard constantTimeEqual(writerKey, thread.writerKey) else {
            throw APIError(.forbidden, "wrong_writer_key", "The writer key does not belong to this conversation.")
        }
        let today = Day.today()
        let outcome = try await relay.store.append(
            NewMessage(thread: thread.id, author: .writer, epoch: epoch, ciphertext: ciphertext, today: today, expires: relay.expiry(from: today)),
            dailyLimit: relay.configuration.writerMessagesPerThreadPerDay)
        switch outcome {
        case .stored(let record): return record
        case .staleEpoch: throw APIError.staleEpoch
        case .dailyLimit:
            throw APIError(.tooManyRequests, "daily_limit", "You have sent many messages today. You can write again tomorrow.", retryAfter: Relay.secondsUntilTomorrow())
        }
    }

    func delete(_ thread: ThreadRow) async throws {
        try await relay.store.deleteThread(thread.id)
    }
}
