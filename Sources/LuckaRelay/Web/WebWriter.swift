import Foundation
import LuckaCore

/// What the relay does for a writer who uses the web pages (SECURITY.md, "The web-page
/// exception"): it derives the writer's keys from the code and seals or opens messages
/// in memory, for the length of one request, and keeps nothing. Storage goes through the
/// same `WriterService` as the JSON API, so the limits and errors are the same.
struct WebWriter: Sendable {
    let service: WriterService

    /// The clinic's keys and profile failed verification against its own signing key.
    struct Unverified: Error {}

    /// The clinic, verified against the signing key it was founded with; nil if the relay
    /// has no such clinic (or it has no keys yet).
    func clinic(_ slug: String) async throws -> VerifiedClinic? {
        guard ClinicProfile.isValidSlug(slug), let document = try await service.directory.document(slug: slug) else { return nil }
        do { return try document.verified(pin: nil) } catch { throw Unverified() }
    }

    /// Every clinic that verifies, for the start page.
    func clinics() async throws -> [VerifiedClinic] {
        var clinics: [VerifiedClinic] = []
        for document in try await service.directory.documents() {
            if let clinic = try? document.verified(pin: nil) { clinics.append(clinic) }
        }
        return clinics
    }

    /// Makes a new code, seals `text` to the clinic's current inbox key and opens the
    /// thread. Throws the service's `APIError`s (clinic_full, channel_not_offered, …).
    func start(clinic: VerifiedClinic, channel: Channel, text: String, source: BudgetSource?) async throws -> (ConversationCode, WriterKeys) {
        var clinic = clinic
        for attempt in 0..<2 {
            let code = ConversationCode.generate()
            let keys = try WriterKeys(code: code)
            let sealed = try MessageBox.seal(Envelope(author: .writer, text: text), from: keys.boxKeyPair.secretKey, to: clinic.current.publicKey)
            do {
                _ = try await service.createThread(
                    clinic: clinic.slug, channel: channel, writerKey: keys.boxKeyPair.publicKey, lookupHash: keys.lookupHash,
                    epoch: clinic.current.epoch, ciphertext: sealed, source: source)
                return (code, keys)
            } catch let error as APIError where error.code == APIError.staleEpoch.code && attempt == 0 {
                // The clinic started a new inbox key a moment ago: seal again to the new one.
                guard let fresh = try await self.clinic(clinic.slug) else { throw error }
                clinic = fresh
            }
        }
        throw APIError.staleEpoch
    }

    /// The thread a code opens, every message opened and both author chains checked.
    /// An unknown code throws the one uniform `APIError.threadNotFound`.
    func open(_ keys: WriterKeys) async throws -> WebConversation {
        let thread = try await service.thread(lookupHash: keys.lookupHash)
        return try await open(thread, keys: keys)
    }

    /// Adds a message that names the writer's previous one; returns the thread after it.
    func reply(_ keys: WriterKeys, text: String, source: BudgetSource?) async throws -> WebConversation {
        var conversation = try await open(try await service.thread(lookupHash: keys.lookupHash), keys: keys)
        for attempt in 0..<2 {
            let sealed = try MessageBox.seal(
                Envelope(author: .writer, text: text, previous: conversation.lastWriterHash), from: keys.boxKeyPair.secretKey,
                to: conversation.clinic.current.publicKey)
            do {
                _ = try await service.post(to: conversation.thread, writerKey: keys.boxKeyPair.publicKey, epoch: conversation.clinic.current.epoch, ciphertext: sealed, source: source)
                return try await open(conversation.thread, keys: keys)
            } catch let error as APIError where error.code == APIError.staleEpoch.code && attempt == 0 {
                conversation = try await open(conversation.thread, keys: keys)
            }
        }
        throw APIError.staleEpoch
    }

    func delete(_ keys: WriterKeys) async throws {
        try await service.delete(try await service.thread(lookupHash: keys.lookupHash))
    }

    private func open(_ thread: ThreadRow, keys: WriterKeys) async throws -> WebConversation {
        guard let clinic = try await clinic(thread.clinic) else { throw Unverified() }
        let records = try await service.messages(of: thread).sorted { $0.seq < $1.seq }
        var messages: [WebConversation.Message] = []
        var opened: [(hash: [UInt8], envelope: Envelope)] = []
        var problems: [WebConversation.Problem] = []
        for record in records {
            let hash = MessageBox.hash(of: record.ciphertext.bytes)
            var envelope: Envelope?
            if let inbox = clinic.inboxKey(epoch: record.epoch) {
                envelope = try? MessageBox.open(record.ciphertext.bytes, with: keys.boxKeyPair.secretKey, from: inbox, expectedAuthor: record.author)
            }
            if let envelope { opened.append((hash, envelope)) } else if !problems.contains(.unopened) { problems.append(.unopened) }
            messages.append(WebConversation.Message(author: record.author, date: record.date, envelope: envelope))
        }
        for problem in AuthorChains.check(opened) {
            let kind: WebConversation.Problem
            switch problem.kind {
            case .missingPrevious: kind = .missing
            case .outOfOrder: kind = .outOfOrder
            case .duplicate: kind = .duplicate
            }
            if !problems.contains(kind) { problems.append(kind) }
        }
        return WebConversation(
            thread: thread, clinic: clinic, messages: messages, problems: problems,
            lastWriterHash: AuthorChains.previousHash(for: .writer, in: opened))
    }
}

/// One thread as its writer sees it on the page. Exists for one request only.
struct WebConversation: Sendable {
    enum Problem: Sendable, Equatable {
        /// A message failed to open (altered, or sealed to a key the clinic never certified).
        case unopened
        /// A message names a previous one that is not there (dropped by the relay).
        case missing
        case outOfOrder
        case duplicate
    }

    struct Message: Sendable {
        /// The side the relay says posted it; an envelope that disagrees does not open.
        let author: Author
        /// The day the relay stored it.
        let date: String
        let envelope: Envelope?
    }

    let thread: ThreadRow
    let clinic: VerifiedClinic
    let messages: [Message]
    let problems: [Problem]
    let lastWriterHash: [UInt8]?
}
