public enum StaffRole: String, Codable, CaseIterable, Sendable {
    case admin, counsellor
}

public enum StaffStatus: String, Codable, CaseIterable, Sendable {
    /// Enrolled, waiting for an admin to compare fingerprints and approve.
    case pending
    case active
    /// Removed: the key is refused and new epochs are not wrapped for it.
    case removed
}

/// What a wrapped secret is: an inbox secret key of one epoch, or the clinic's signing
/// seed (wrapped for admins only).
public enum WrappedKeyKind: String, Codable, Sendable {
    case inbox, signing
}

/// A clinic secret sealed (`crypto_box_seal`) to one staff member's box key.
public struct WrappedKey: Codable, Hashable, Sendable {
    public var staffID: String
    public var kind: WrappedKeyKind
    /// The inbox epoch; 0 for the signing key.
    public var epoch: UInt32
    public var wrapped: Base64Bytes

    public init(staffID: String, kind: WrappedKeyKind, epoch: UInt32, wrapped: [UInt8]) {
        self.staffID = staffID
        self.kind = kind
        self.epoch = epoch
        self.wrapped = Base64Bytes(wrapped)
    }
}

/// The first admin's upload: the clinic's public keys and secrets wrapped for itself.
public struct ClinicSetup: Codable, Sendable {
    public var signingKey: Base64Bytes
    public var profile: SignedProfile
    public var inboxKey: InboxCertificate
    /// The signing seed and the epoch-1 inbox secret, wrapped for the enrolling admin
    /// (staffID is left empty: the relay fills it in).
    public var wrappedKeys: [WrappedKey]

    public init(signingKey: [UInt8], profile: SignedProfile, inboxKey: InboxCertificate, wrappedKeys: [WrappedKey]) {
        self.signingKey = Base64Bytes(signingKey)
        self.profile = profile
        self.inboxKey = inboxKey
        self.wrappedKeys = wrappedKeys
    }
}

/// POST /v1/staff/enrol, signed with the new staff key.
public struct EnrolRequest: Codable, Sendable {
    public var token: String
    public var displayName: String
    public var boxKey: Base64Bytes
    /// Only for the first admin of a clinic that has no keys yet.
    public var setup: ClinicSetup?

    public init(token: String, displayName: String, boxKey: [UInt8], setup: ClinicSetup? = nil) {
        self.token = token
        self.displayName = displayName
        self.boxKey = Base64Bytes(boxKey)
        self.setup = setup
    }
}

public struct StaffMember: Codable, Hashable, Sendable {
    public var id: String
    public var clinic: String
    public var displayName: String
    public var role: StaffRole
    public var status: StaffStatus
    public var signingKey: Base64Bytes
    public var boxKey: Base64Bytes
    public var created: String

    public init(id: String, clinic: String, displayName: String, role: StaffRole, status: StaffStatus, signingKey: [UInt8], boxKey: [UInt8], created: String) {
        self.id = id
        self.clinic = clinic
        self.displayName = displayName
        self.role = role
        self.status = status
        self.signingKey = Base64Bytes(signingKey)
        self.boxKey = Base64Bytes(boxKey)
        self.created = created
    }
}

public struct StaffList: Codable, Sendable {
    public var members: [StaffMember]
    public init(members: [StaffMember]) { self.members = members }
}

/// GET /v1/staff/keys: what this staff member needs to open the clinic's threads.
public struct StaffKeyBundle: Codable, Sendable {
    public var clinic: ClinicDocument
    public var wrappedKeys: [WrappedKey]
    public init(clinic: ClinicDocument, wrappedKeys: [WrappedKey]) {
        self.clinic = clinic
        self.wrappedKeys = wrappedKeys
    }
}

/// POST /v1/staff/invitations (admin).
public struct InvitationRequest: Codable, Sendable {
    public var role: StaffRole
    public init(role: StaffRole) { self.role = role }
}

public struct Invitation: Codable, Sendable {
    /// One-time enrolment token, shown once; the relay stores only its hash.
    public var token: String
    public var role: StaffRole
    public var expires: String
    public init(token: String, role: StaffRole, expires: String) {
        self.token = token
        self.role = role
        self.expires = expires
    }
}

/// POST /v1/staff/members/{id}/approve (admin): the clinic's secrets wrapped for the newcomer.
public struct ApproveRequest: Codable, Sendable {
    public var wrappedKeys: [WrappedKey]
    public init(wrappedKeys: [WrappedKey]) { self.wrappedKeys = wrappedKeys }
}

/// POST /v1/staff/epochs (admin), and the body of a removal: a new inbox epoch, its
/// secret wrapped for every remaining active member.
public struct NewEpochRequest: Codable, Sendable {
    public var inboxKey: InboxCertificate
    public var wrappedKeys: [WrappedKey]
    public init(inboxKey: InboxCertificate, wrappedKeys: [WrappedKey]) {
        self.inboxKey = inboxKey
        self.wrappedKeys = wrappedKeys
    }
}

/// POST /v1/staff/profile (admin): a newly signed profile.
public struct ProfileUpdate: Codable, Sendable {
    public var profile: SignedProfile
    public init(profile: SignedProfile) { self.profile = profile }
}

/// POST /v1/staff/identity (admin): the clinic's signing key replaced by a new one, with
/// everything the old key vouched for signed again by the new key.
public struct IdentitySuccessionRequest: Codable, Sendable {
    /// The new signing public key.
    public var signingKey: Base64Bytes
    /// The statement "old key → new key", signed by both.
    public var succession: IdentitySuccession
    /// The profile, signed by the new key.
    public var profile: SignedProfile
    /// Every existing inbox epoch, with the same public keys, certified by the new key.
    public var inboxKeys: [InboxCertificate]
    /// The new signing seed (kind signing, epoch 0) sealed to every active admin.
    public var wrappedKeys: [WrappedKey]

    public init(signingKey: [UInt8], succession: IdentitySuccession, profile: SignedProfile, inboxKeys: [InboxCertificate], wrappedKeys: [WrappedKey]) {
        self.signingKey = Base64Bytes(signingKey)
        self.succession = succession
        self.profile = profile
        self.inboxKeys = inboxKeys
        self.wrappedKeys = wrappedKeys
    }
}

/// One thread in the inbox listing, with its newest message for a preview.
public struct InboxEntry: Codable, Hashable, Sendable {
    public var handle: String
    public var channel: Channel
    public var status: ThreadStatus
    public var created: String
    public var lastActivity: String
    public var messageCount: Int
    /// Writer messages since the clinic last wrote.
    public var unread: Int
    public var writerKey: Base64Bytes
    public var latest: MessageRecord?
    /// Whole days the writer has waited for the clinic (0 today), counted from the day the
    /// writer's unanswered run began; nil when the thread is not waiting.
    public var waitingDays: Int?
    /// Waiting longer than the clinic's profile promises (`answerDays`).
    public var overdue: Bool
    /// The staff id of whoever took the thread; nil: nobody.
    public var handler: String?
    /// Writer messages the asking staff member has not opened yet.
    public var unreadForMe: Int

    public init(
        handle: String, channel: Channel, status: ThreadStatus, created: String, lastActivity: String, messageCount: Int, unread: Int,
        writerKey: [UInt8], latest: MessageRecord?, waitingDays: Int? = nil, overdue: Bool = false, handler: String? = nil, unreadForMe: Int = 0
    ) {
        self.handle = handle
        self.channel = channel
        self.status = status
        self.created = created
        self.lastActivity = lastActivity
        self.messageCount = messageCount
        self.unread = unread
        self.writerKey = Base64Bytes(writerKey)
        self.latest = latest
        self.waitingDays = waitingDays
        self.overdue = overdue
        self.handler = handler
        self.unreadForMe = unreadForMe
    }

    enum CodingKeys: String, CodingKey {
        case handle, channel, status, created, lastActivity, messageCount, unread, writerKey, latest, waitingDays, overdue, handler, unreadForMe
    }

    /// The desk's fields are optional on the wire, so that a relay before them still reads.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        handle = try c.decode(String.self, forKey: .handle)
        channel = try c.decode(Channel.self, forKey: .channel)
        status = try c.decode(ThreadStatus.self, forKey: .status)
        created = try c.decode(String.self, forKey: .created)
        lastActivity = try c.decode(String.self, forKey: .lastActivity)
        messageCount = try c.decode(Int.self, forKey: .messageCount)
        unread = try c.decode(Int.self, forKey: .unread)
        writerKey = try c.decode(Base64Bytes.self, forKey: .writerKey)
        latest = try c.decodeIfPresent(MessageRecord.self, forKey: .latest)
        waitingDays = try c.decodeIfPresent(Int.self, forKey: .waitingDays)
        overdue = try c.decodeIfPresent(Bool.self, forKey: .overdue) ?? false
        handler = try c.decodeIfPresent(String.self, forKey: .handler)
        unreadForMe = try c.decodeIfPresent(Int.self, forKey: .unreadForMe) ?? unread
    }
}

public struct InboxPage: Codable, Sendable {
    public var threads: [InboxEntry]
    /// Pass as `cursor` to get the next page; nil on the last page.
    public var next: String?
    public init(threads: [InboxEntry], next: String?) {
        self.threads = threads
        self.next = next
    }
}

/// A whole thread as staff see it.
public struct StaffThread: Codable, Sendable {
    public var handle: String
    public var channel: Channel
    public var status: ThreadStatus
    public var created: String
    public var lastActivity: String
    public var expires: String
    public var writerKey: Base64Bytes
    public var messages: [MessageRecord]
    /// The staff id of whoever took the thread; nil: nobody.
    public var handler: String?
    /// Internal notes, sealed for the clinic's staff (SealedNote); nil from a relay before them.
    public var notes: [NoteRecord]?

    public init(
        handle: String, channel: Channel, status: ThreadStatus, created: String, lastActivity: String, expires: String, writerKey: [UInt8],
        messages: [MessageRecord], handler: String? = nil, notes: [NoteRecord]? = nil
    ) {
        self.handler = handler
        self.notes = notes
        self.handle = handle
        self.channel = channel
        self.status = status
        self.created = created
        self.lastActivity = lastActivity
        self.expires = expires
        self.writerKey = Base64Bytes(writerKey)
        self.messages = messages
    }
}

/// POST /v1/staff/threads/{handle}/messages.
public struct ReplyRequest: Codable, Sendable {
    public var epoch: UInt32
    public var message: Base64Bytes
    public init(epoch: UInt32, message: [UInt8]) {
        self.epoch = epoch
        self.message = Base64Bytes(message)
    }
}

/// POST /v1/staff/threads/{handle}/status.
public struct StatusRequest: Codable, Sendable {
    public var status: ThreadStatus
    public init(status: ThreadStatus) { self.status = status }
}

/// GET /v1/staff/inbox/count: what `lucka-staff watch` polls. Counts only, no handles.
public struct InboxCount: Codable, Hashable, Sendable {
    /// Threads of the clinic waiting for an answer.
    public var waiting: Int
    /// Writer messages in the clinic's threads the asking staff member has not opened.
    public var unreadForMe: Int
    public init(waiting: Int, unreadForMe: Int) {
        self.waiting = waiting
        self.unreadForMe = unreadForMe
    }
}

/// POST /v1/staff/threads/{handle}/handler: who handles the thread. `staffID` nil:
/// nobody (release). Taking is giving to oneself.
public struct HandlerRequest: Codable, Sendable {
    public var staffID: String?
    public init(staffID: String?) { self.staffID = staffID }
}
