import LuckaCore

extension WriterConversation {
    /// Like `resume`, and also returns the thread as the relay describes it (channel,
    /// status, expiry date), which a client shows beside the opened messages.
    public static func open(relay: RelayClient, code: ConversationCode, pin: Fingerprint?) async throws -> (WriterConversation, WriterThread, OpenedThread) {
        let keys = try WriterKeys(code: code)
        let thread = try await relay.readThread(lookupToken: keys.lookupToken.copyBytes())
        let clinic = try await verifiedClinic(relay: relay, slug: thread.clinic, pin: pin)
        let conversation = WriterConversation(relay: relay, clinic: clinic, keys: keys)
        return (conversation, thread, conversation.open(thread))
    }

    /// The thread as the relay describes it, and its messages opened and checked.
    public func fetch() async throws -> (WriterThread, OpenedThread) {
        let thread = try await relay.readThread(lookupToken: keys.lookupToken.copyBytes())
        return (thread, open(thread))
    }
}
