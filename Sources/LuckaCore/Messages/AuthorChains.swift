/// Checks the two author chains of a thread: each message names the hash of its author's
/// previous message, so a relay that drops, reorders or replays messages is caught.
public enum AuthorChains {
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public enum Kind: Equatable, Sendable {
            /// The message names a previous message that the reader does not have.
            case missingPrevious
            /// The message names a previous message that comes after it.
            case outOfOrder
            /// The same ciphertext appears twice.
            case duplicate
        }
        public let kind: Kind
        /// Position of the message in the thread as the relay returned it.
        public let index: Int
        public let author: Author

        public var description: String {
            let who = author == .writer ? "writer" : "clinic"
            switch kind {
            case .missingPrevious: return "message \(index + 1) (\(who)) follows a \(who) message that is missing"
            case .outOfOrder: return "message \(index + 1) (\(who)) is out of order"
            case .duplicate: return "message \(index + 1) (\(who)) is a repeated copy"
            }
        }
    }

    /// `messages` in the relay's order: each sealed message's hash and its opened envelope.
    public static func check(_ messages: [(hash: [UInt8], envelope: Envelope)]) -> [Problem] {
        var position: [[UInt8]: Int] = [:]
        var problems: [Problem] = []
        for (index, message) in messages.enumerated() where position[message.hash] == nil {
            position[message.hash] = index
        }
        for (index, message) in messages.enumerated() {
            let author = message.envelope.author
            if position[message.hash] != index {
                problems.append(Problem(kind: .duplicate, index: index, author: author))
                continue
            }
            guard let previous = message.envelope.previous else { continue }
            guard let at = position[previous], messages[at].envelope.author == author else {
                problems.append(Problem(kind: .missingPrevious, index: index, author: author))
                continue
            }
            if at >= index { problems.append(Problem(kind: .outOfOrder, index: index, author: author)) }
        }
        return problems
    }

    /// The hash the next message of `author` should name: the last message of that author
    /// in the thread, or nil if the author has written nothing yet.
    public static func previousHash(for author: Author, in messages: [(hash: [UInt8], envelope: Envelope)]) -> [UInt8]? {
        messages.last(where: { $0.envelope.author == author })?.hash
    }
}
