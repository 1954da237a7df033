import LuckaCore

/// The writer's side of the relay, behind both the JSON API (WriterController) and the web
/// pages (WebPages): the same limits, the same errors, in one place. Callers have already
/// checked the sizes of keys and ciphertexts.
struct WriterService: Sendable {
    let store: any RelayStore
    let directory: ClinicDirectory
    let budgets: SourceBudgets
    let retention: Retention
    /// Messages a writer may send in one conversation per day.
    let dailyLimit: Int

    /// Opens a thread with its first message. Throws `unknown_clinic` (404),
    /// `channel_not_offered` (400), `stale_epoch` (409), `source_busy` or `clinic_full`
    /// (429), or `thread_exists` (409). `source` is the request's source, whose budgets are
    /// spent first; nil only where no network is involved.
    func createThread(
        clinic slug: String, channel: Channel, writerKey: [UInt8], lookupHash: [UInt8], epoch: UInt32, ciphertext: [UInt8],
        source: BudgetSource?
    ) async throws -> PostedMessage {
        guard let clinic = try await store.clinic(slug: slug), let profile = ClinicDirectory.profile(of: clinic) else {
            throw APIError.unknownClinic
        }
        guard profile.channels.contains(channel) else {
            throw APIError(.badRequest, "channel_not_offered", "This clinic does not offer that channel.")
        }
        guard epoch == (try await directory.currentEpoch(clinic: clinic.slug)) else { throw APIError.staleEpoch }
        try refuse(try await budgets.spendNewThread(clinic: clinic.slug, size: ciphertext.count, source: source))
        let today = Day.today()
        let thread = NewThread(
            lookupHash: lookupHash, handle: Identifier.threadHandle(), clinic: clinic.slug, channel: channel,
            writerKey: writerKey, epoch: epoch, ciphertext: ciphertext, today: today, expires: retention.unansweredExpiry(from: today))
        do {
            try await store.createThread(thread)
        } catch let error as StoreError where error.code == .conflict {
            throw APIError(.conflict, "thread_exists", "A conversation with this code exists already.")
        }
        return PostedMessage(seq: 1, date: today.description)
    }

    /// The thread stored under `lookupHash`, or the one uniform `not_found` (404).
    func thread(lookupHash: [UInt8]) async throws -> ThreadRow {
        guard let thread = try await store.thread(lookupHash: lookupHash) else { throw APIError.threadNotFound }
        return thread
    }

    /// The thread and its messages, oldest first; `not_found` (404) as above.
    func read(lookupHash: [UInt8]) async throws -> (ThreadRow, [MessageRecord]) {
        guard let found = try await store.threadWithMessages(lookupHash: lookupHash) else { throw APIError.threadNotFound }
        return found
    }

    /// Appends a writer message. Throws `wrong_writer_key` (403), `stale_epoch` (409),
    /// `daily_limit` or `source_busy` (429). No clinic backstop
    /// refuses a writer who is already in a conversation.
    func post(to thread: ThreadRow, writerKey: [UInt8], epoch: UInt32, ciphertext: [UInt8], source: BudgetSource?) async throws -> MessageRecord {
        guard constantTimeEqual(writerKey, thread.writerKey) else {
            throw APIError(.forbidden, "wrong_writer_key", "The writer key does not belong to this conversation.")
        }
        try refuse(budgets.spendPost(size: ciphertext.count, source: source))
        let today = Day.today()
        let outcome = try await store.append(
            NewMessage(
                thread: thread.id, author: .writer, epoch: epoch, ciphertext: ciphertext, today: today, expires: retention.expiry(from: today),
                expiresIfUnanswered: retention.unansweredExpiry(from: today)),
            dailyLimit: dailyLimit)
        switch outcome {
        case .stored(let record): return record
        case .staleEpoch: throw APIError.staleEpoch
        case .dailyLimit:
            throw APIError(.tooManyRequests, "daily_limit", "You have sent many messages today. You can write again tomorrow.", retryAfter: Day.secondsUntilTomorrow())
        }
    }

    /// Throws the refusal of a budget (SourceBudgets) as the writer reads it.
    private func refuse(_ refusal: SourceBudgets.Refusal?) throws {
        guard let refusal else { return }
        let wait = refusal.wait
        switch refusal.budget {
        case .sourceThreads:
            throw APIError(
                .tooManyRequests, "source_busy", "Several conversations were started from your connection in a short time. Please wait before starting another.",
                retryAfter: wait)
        case .sourceBytes:
            throw APIError(
                .tooManyRequests, "source_busy", "Much has been written from your connection today. Please wait before sending more.",
                retryAfter: wait)
        case .clinicThreads:
            throw APIError(.tooManyRequests, "clinic_full", "The clinic has received many new conversations this hour. Please try again later.", retryAfter: wait)
        case .clinicBytes:
            throw APIError(.tooManyRequests, "clinic_full", "The clinic has received very much today. Please try again later.", retryAfter: wait)
        }
    }

    /// The thread's messages, in the order stored.
    func messages(of thread: ThreadRow) async throws -> [MessageRecord] {
        try await store.messages(thread: thread.id)
    }

    func delete(_ thread: ThreadRow) async throws {
        try await store.deleteThread(thread.id, cause: .writer, today: Day.today())
    }
}
