/// A sealed internal note on a thread (SealedNote), as the relay stores and returns it.
public struct NoteRecord: Codable, Hashable, Sendable {
    /// 1, 2, ... per thread, in the order written (a counter, not a clock).
    public var seq: Int
    /// The thread's message count when the note was written: it is shown after that message.
    public var afterSeq: Int
    public var epoch: UInt32
    public var sealed: Base64Bytes
    public var date: String

    public init(seq: Int, afterSeq: Int, epoch: UInt32, sealed: [UInt8], date: String) {
        self.seq = seq
        self.afterSeq = afterSeq
        self.epoch = epoch
        self.sealed = Base64Bytes(sealed)
        self.date = date
    }
}

/// POST /v1/staff/threads/{handle}/notes, POST /v1/staff/templates and its replace:
/// a SealedNote of the clinic's current inbox epoch.
public struct SealedRequest: Codable, Sendable {
    public var epoch: UInt32
    public var sealed: Base64Bytes
    /// A v2 note's place as its author signed it: the relay stores the note only if these
    /// are the next seq and the thread's message count (else 409 `note_moved`), so what
    /// it returns matches the signature. Absent from older clients (v1 notes).
    public var seq: Int?
    public var afterSeq: Int?
    /// A new template's id, chosen (and signed) by the admin; absent: the relay picks one.
    public var id: String?

    public init(epoch: UInt32, sealed: [UInt8], seq: Int? = nil, afterSeq: Int? = nil, id: String? = nil) {
        self.epoch = epoch
        self.sealed = Base64Bytes(sealed)
        self.seq = seq
        self.afterSeq = afterSeq
        self.id = id
    }

    /// The largest sealed note or template the relay takes: nonce, tag, signature, author
    /// key, a v2 template's place (id length byte, id, version), name length byte, a
    /// 64-byte name and the longest template text.
    public static let maximumSealedLength =
        24 + 16 + 64 + 32 + (1 + SealedNote.maximumTemplateIDLength + 4) + 1 + SealedNote.maximumNameLength
        + SealedNote.maximumTemplateLength
}

/// A sealed clinic answer template; its name is inside the seal.
public struct TemplateRecord: Codable, Hashable, Sendable {
    public var id: String
    public var epoch: UInt32
    public var sealed: Base64Bytes
    public var date: String

    public init(id: String, epoch: UInt32, sealed: [UInt8], date: String) {
        self.id = id
        self.epoch = epoch
        self.sealed = Base64Bytes(sealed)
        self.date = date
    }
}

public struct TemplateList: Codable, Sendable {
    public var templates: [TemplateRecord]
    public init(templates: [TemplateRecord]) { self.templates = templates }
}

public struct CreatedTemplate: Codable, Sendable {
    public var id: String
    public init(id: String) { self.id = id }
}

public struct CreatedNote: Codable, Sendable {
    public var seq: Int
    public init(seq: Int) { self.seq = seq }
}
