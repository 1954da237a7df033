import LuckaCore

/// A message as a reader sees it after decryption and verification.
public struct OpenedMessage: Sendable {
    public let seq: Int
    /// The day the relay stored it.
    public let date: String
    public let author: Author
    /// The opened envelope, or nil if it failed to open (see `failure`).
    public let envelope: Envelope?
    /// Why the message could not be opened or verified, in words.
    public let failure: String?
    /// BLAKE2b-256 of the sealed bytes: what the author's next message names.
    public let hash: [UInt8]
}

/// A thread after opening every message and checking both author chains.
public struct OpenedThread: Sendable {
    public let messages: [OpenedMessage]
    /// Dropped, reordered or replayed messages, and messages that failed to open.
    public let problems: [String]

    public var isIntact: Bool { problems.isEmpty }

    /// Opens `records` with `open` and checks the author chains.
    static func open(_ records: [MessageRecord], _ open: (MessageRecord) throws(LuckaError) -> Envelope) -> OpenedThread {
        var messages: [OpenedMessage] = []
        var problems: [String] = []
        for record in records.sorted(by: { $0.seq < $1.seq }) {
            let hash = MessageBox.hash(of: record.ciphertext.bytes)
            do {
                let envelope = try open(record)
                messages.append(OpenedMessage(seq: record.seq, date: record.date, author: record.author, envelope: envelope, failure: nil, hash: hash))
            } catch {
                let reason = "message \(record.seq) could not be verified: \(error.reason)"
                problems.append(reason)
                messages.append(OpenedMessage(seq: record.seq, date: record.date, author: record.author, envelope: nil, failure: reason, hash: hash))
            }
        }
        let opened = messages.compactMap { message in message.envelope.map { (hash: message.hash, envelope: $0) } }
        problems += AuthorChains.check(opened).map { problem in
            // Report by the relay's sequence number, which is what people see.
            let seq = messages.filter { $0.envelope != nil }[problem.index].seq
            switch problem.kind {
            case .missingPrevious: return "a \(problem.author.name) message before message \(seq) is missing"
            case .outOfOrder: return "message \(seq) is out of order"
            case .duplicate: return "message \(seq) is a repeated copy"
            }
        }
        return OpenedThread(messages: messages, problems: problems)
    }

    /// The hash the next message of `author` must name.
    func previousHash(for author: Author) -> [UInt8]? {
        messages.last(where: { $0.author == author && $0.envelope != nil })?.hash
    }
}
