/// Thread status, as staff set it and writers see it.
public enum ThreadStatus: String, Codable, CaseIterable, Sendable {
    case new, answered, closed
}

/// One stored message as the relay returns it. `date` is the day (YYYY-MM-DD), never a time.
public struct MessageRecord: Codable, Hashable, Sendable {
    public var seq: Int
    public var author: Author
    public var epoch: UInt32
    public var date: String
    public var ciphertext: Base64Bytes

    public init(seq: Int, author: Author, epoch: UInt32, date: String, ciphertext: [UInt8]) {
        self.seq = seq
        self.author = author
        self.epoch = epoch
        self.date = date
        self.ciphertext = Base64Bytes(ciphertext)
    }
}

/// POST /v1/threads: open a thread with its first message.
public struct CreateThreadRequest: Codable, Sendable {
    public var clinic: String
    public var channel: Channel
    public var writerKey: Base64Bytes
    public var lookupToken: Base64Bytes
    public var epoch: UInt32
    public var message: Base64Bytes

    public init(clinic: String, channel: Channel, writerKey: [UInt8], lookupToken: [UInt8], epoch: UInt32, message: [UInt8]) {
        self.clinic = clinic
        self.channel = channel
        self.writerKey = Base64Bytes(writerKey)
        self.lookupToken = Base64Bytes(lookupToken)
        self.epoch = epoch
        self.message = Base64Bytes(message)
    }
}

/// POST /v1/threads/read and /v1/threads/delete: the token travels in the body only.
public struct ThreadAccessRequest: Codable, Sendable {
    public var lookupToken: Base64Bytes
    public init(lookupToken: [UInt8]) { self.lookupToken = Base64Bytes(lookupToken) }
}

/// POST /v1/threads/messages: the writer adds a message.
public struct PostMessageRequest: Codable, Sendable {
    public var lookupToken: Base64Bytes
    public var writerKey: Base64Bytes
    public var epoch: UInt32
    public var message: Base64Bytes

    public init(lookupToken: [UInt8], writerKey: [UInt8], epoch: UInt32, message: [UInt8]) {
        self.lookupToken = Base64Bytes(lookupToken)
        self.writerKey = Base64Bytes(writerKey)
        self.epoch = epoch
        self.message = Base64Bytes(message)
    }
}

/// A whole thread as its writer sees it.
public struct WriterThread: Codable, Sendable {
    public var clinic: String
    public var channel: Channel
    public var status: ThreadStatus
    public var expires: String
    public var messages: [MessageRecord]

    public init(clinic: String, channel: Channel, status: ThreadStatus, expires: String, messages: [MessageRecord]) {
        self.clinic = clinic
        self.channel = channel
        self.status = status
        self.expires = expires
        self.messages = messages
    }
}

/// The answer to a post: the message's place in the thread.
public struct PostedMessage: Codable, Sendable {
    public var seq: Int
    public var date: String
    public init(seq: Int, date: String) {
        self.seq = seq
        self.date = date
    }
}
