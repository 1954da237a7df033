/// Deleting junk in bulk: threads whose first message no counsellor could open (an
/// anonymous flood of made-up ciphertexts). Only the staff tool can tell which they are,
/// since only it holds the keys; the relay deletes what it is given, in the caller's clinic.
public struct JunkDeleteRequest: Codable, Sendable, Equatable {
    /// At most `maximumHandles` thread handles.
    public var handles: [String]

    public static let maximumHandles = 500

    public init(handles: [String]) { self.handles = handles }
}

public struct JunkDeleteResult: Codable, Sendable, Equatable {
    /// Threads deleted; handles that named no thread of the clinic are skipped.
    public var deleted: Int
    /// Threads left in place because the clinic has answered them: an answered thread is
    /// never junk, whatever the caller sent. Absent from older relays' answers (read as 0).
    public var answered: Int

    public init(deleted: Int, answered: Int = 0) {
        self.deleted = deleted
        self.answered = answered
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deleted = try container.decode(Int.self, forKey: .deleted)
        answered = try container.decodeIfPresent(Int.self, forKey: .answered) ?? 0
    }
}
