import Foundation
import LuckaCore

/// The writer's side of a conversation, with every key derived from the code on this
/// machine: the relay sees only the lookup token and sealed messages.
public struct WriterConversation: Sendable {
    public let relay: RelayClient
    public let clinic: VerifiedClinic
    public let keys: WriterKeys

    /// Starts a new conversation: verifies the clinic (against `pin` when given), makes a
    /// new code and sends the first message. Show the returned code once.
    public static func start(
        relay: RelayClient, clinic slug: String, channel: Channel, text: String, pin: Fingerprint?
    ) async throws -> (code: ConversationCode, conversation: WriterConversation) {
        let clinic = try await verifiedClinic(relay: relay, slug: slug, pin: pin)
        guard clinic.profile.channels.contains(channel) else {
            throw ClientError(.local, "\(clinic.profile.name) does not offer the \(channel.rawValue) channel")
        }
        let code = ConversationCode.generate()
        let keys = try WriterKeys(code: code)
        let sealed = try seal(text: text, previous: nil, keys: keys, to: clinic.current.publicKey)
        _ = try await relay.createThread(
            CreateThreadRequest(
                clinic: slug, channel: channel, writerKey: keys.boxKeyPair.publicKey, lookupToken: keys.lookupToken.copyBytes(),
                epoch: clinic.current.epoch, message: sealed))
        return (code, WriterConversation(relay: relay, clinic: clinic, keys: keys))
    }

    /// Opens an existing conversation with its code. `unknownCode` relay answers (404)
    /// come back as ClientError with apiError "not_found".
    public static func resume(relay: RelayClient, code: ConversationCode, pin: Fingerprint?) async throws -> (WriterConversation, OpenedThread) {
        let keys = try WriterKeys(code: code)
        let thread = try await relay.readThread(lookupToken: keys.lookupToken.copyBytes())
        let clinic = try await verifiedClinic(relay: relay, slug: thread.clinic, pin: pin)
        let conversation = WriterConversation(relay: relay, clinic: clinic, keys: keys)
        return (conversation, conversation.open(thread))
    }

    /// The whole thread, opened and checked.
    public func read() async throws -> OpenedThread {
        open(try await relay.readThread(lookupToken: keys.lookupToken.copyBytes()))
    }

    /// Sends a message that names the writer's previous one.
    public func reply(_ text: String) async throws -> PostedMessage {
        let thread = try await read()
        let sealed = try Self.seal(text: text, previous: thread.previousHash(for: .writer), keys: keys, to: clinic.current.publicKey)
        return try await relay.postMessage(
            PostMessageRequest(lookupToken: keys.lookupToken.copyBytes(), writerKey: keys.boxKeyPair.publicKey, epoch: clinic.current.epoch, message: sealed))
    }

    /// Deletes the conversation from the relay for good.
    public func delete() async throws {
        try await relay.deleteThread(lookupToken: keys.lookupToken.copyBytes())
    }

    func open(_ thread: WriterThread) -> OpenedThread {
        OpenedThread.open(thread.messages) { (record) throws(LuckaError) in
            guard let inbox = clinic.inboxKey(epoch: record.epoch) else {
                throw LuckaError(.certificateInvalid, "it names an inbox key the clinic never certified")
            }
            return try MessageBox.open(record.ciphertext.bytes, with: keys.boxKeyPair.secretKey, from: inbox, expectedAuthor: record.author)
        }
    }

    public static func seal(text: String, previous: [UInt8]?, keys: WriterKeys, to inbox: [UInt8]) throws -> [UInt8] {
        do {
            return try MessageBox.seal(Envelope(author: .writer, text: text, previous: previous), from: keys.boxKeyPair.secretKey, to: inbox)
        } catch {
            throw ClientError(.local, error.reason)
        }
    }

    static func verifiedClinic(relay: RelayClient, slug: String, pin: Fingerprint?) async throws -> VerifiedClinic {
        let document = try await relay.clinic(slug)
        do { return try document.verified(pin: pin) } catch { throw ClientError.verification(error, document: document, pin: pin) }
    }
}
