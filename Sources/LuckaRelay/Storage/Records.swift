import LuckaCore

/// A clinic as stored. Keys and profile are nil until the first admin enrols.
public struct ClinicRow: Sendable, Equatable {
    public var slug: String
    public var signingKey: [UInt8]?
    public var profile: SignedProfile?
    public var created: Day

    public var isSetUp: Bool { signingKey != nil && profile != nil }
}

public struct StaffRow: Sendable, Equatable {
    public var id: String
    public var clinic: String
    public var signingKey: [UInt8]
    public var boxKey: [UInt8]
    public var role: StaffRole
    public var status: StaffStatus
    public var displayName: String
    public var created: Day

    public var member: StaffMember {
        StaffMember(id: id, clinic: clinic, displayName: displayName, role: role, status: status, signingKey: signingKey, boxKey: boxKey, created: created.description)
    }
}

/// A stored enrolment token (by hash). A founding token lets the clinic's first admin
/// upload the clinic's keys.
public struct EnrolmentTokenRow: Sendable, Equatable {
    public var clinic: String
    public var role: StaffRole
    public var founding: Bool
    public var expires: Day
}

public struct ThreadRow: Sendable, Equatable {
    /// Storage's own key; never leaves the relay.
    public var id: Int64
    public var handle: String
    public var clinic: String
    public var channel: Channel
    public var status: ThreadStatus
    public var writerKey: [UInt8]
    public var created: Day
    public var lastActivity: Day
    public var expires: Day
    public var messageCount: Int
    public var unread: Int
    /// The day the writer's unanswered run of messages began; nil once the clinic spoke last.
    public var waitingSince: Day? = nil
    /// The staff member handling the thread, by id; nil: nobody has taken it.
    public var handler: String? = nil

    /// Waiting for the clinic: the writer spoke last and the thread is `new`.
    public var isWaiting: Bool { status == .new && waitingSince != nil }
}

/// A thread about to be created with its first message.
public struct NewThread: Sendable {
    public var lookupHash: [UInt8]
    public var handle: String
    public var clinic: String
    public var channel: Channel
    public var writerKey: [UInt8]
    public var epoch: UInt32
    public var ciphertext: [UInt8]
    public var today: Day
    public var expires: Day

    public init(lookupHash: [UInt8], handle: String, clinic: String, channel: Channel, writerKey: [UInt8], epoch: UInt32, ciphertext: [UInt8], today: Day, expires: Day) {
        self.lookupHash = lookupHash
        self.handle = handle
        self.clinic = clinic
        self.channel = channel
        self.writerKey = writerKey
        self.epoch = epoch
        self.ciphertext = ciphertext
        self.today = today
        self.expires = expires
    }
}

/// A message about to be appended.
public struct NewMessage: Sendable {
    public var thread: Int64
    public var author: Author
    public var epoch: UInt32
    public var ciphertext: [UInt8]
    public var today: Day
    /// The thread's expiry after this message, once the clinic has answered it.
    public var expires: Day
    /// The expiry while the clinic has never answered (a writer message only); nil: `expires`.
    public var expiresIfUnanswered: Day?

    public init(thread: Int64, author: Author, epoch: UInt32, ciphertext: [UInt8], today: Day, expires: Day, expiresIfUnanswered: Day? = nil) {
        self.thread = thread
        self.author = author
        self.epoch = epoch
        self.ciphertext = ciphertext
        self.today = today
        self.expires = expires
        self.expiresIfUnanswered = expiresIfUnanswered
    }
}

/// Inbox filters and paging. `after` is the cursor of the previous page's last entry.
public struct InboxQuery: Sendable {
    public var clinic: String
    public var channel: Channel?
    public var status: ThreadStatus?
    public var after: InboxCursor?
    public var limit: Int
    /// The caller: their own unread count is computed, and `mine` means them.
    public var staffID: String?
    public var handler: HandlerFilter?
    /// Only waiting threads whose waiting began on or before this day (the overdue ones).
    public var waitingOnOrBefore: Day?

    public init(
        clinic: String, channel: Channel? = nil, status: ThreadStatus? = nil, after: InboxCursor? = nil, limit: Int,
        staffID: String? = nil, handler: HandlerFilter? = nil, waitingOnOrBefore: Day? = nil
    ) {
        self.clinic = clinic
        self.channel = channel
        self.status = status
        self.after = after
        self.limit = limit
        self.staffID = staffID
        self.handler = handler
        self.waitingOnOrBefore = waitingOnOrBefore
    }
}

/// Which threads by their handler.
public enum HandlerFilter: Sendable, Equatable {
    case staff(String)
    case nobody
}

/// What became of a sealed note or template.
public enum SealedOutcome: Sendable, Equatable {
    /// Stored: the note's number, or the template's id.
    case stored(String)
    case staleEpoch
    /// The thread's or clinic's bound is reached.
    case full
    case notFound
    /// A v2 note's signed place is not where it would go (another note or message came
    /// first), or a new template's chosen id is taken: nothing stored.
    case moved
}

/// What became of an append whose limits are checked inside its own write.
public enum AppendOutcome: Sendable {
    case stored(MessageRecord)
    /// The message was sealed to an inbox epoch that is no longer the clinic's current one.
    case staleEpoch
    /// The author has sent the day's most messages to this thread.
    case dailyLimit
}

/// The queue's order: waiting threads first (`new`, the writer spoke last), the longest
/// waiting first, by the day the waiting began; then every other thread by last activity,
/// newest first. Within a day, by handle (random: it says nothing of arrival). The cursor
/// names the last thread of a page by its group, day and public handle, nothing internal,
/// so a page boundary stays put while threads move.
public struct InboxCursor: Sendable, Equatable {
    public var waiting: Bool
    /// The waiting day for a waiting thread, else the last-activity day.
    public var day: Day
    public var handle: String

    public var text: String { "\(waiting ? "w" : "r").\(day).\(handle)" }

    public init(waiting: Bool, day: Day, handle: String) {
        self.waiting = waiting
        self.day = day
        self.handle = handle
    }

    public init(after thread: ThreadRow) {
        if thread.isWaiting, let since = thread.waitingSince {
            self.init(waiting: true, day: since, handle: thread.handle)
        } else {
            self.init(waiting: false, day: thread.lastActivity, handle: thread.handle)
        }
    }

    public init?(text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "w" || parts[0] == "r", let day = Day(String(parts[1])), (1...40).contains(parts[2].count),
              parts[2].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        self.init(waiting: parts[0] == "w", day: day, handle: String(parts[2]))
    }
}

public struct InboxRow: Sendable {
    public var thread: ThreadRow
    public var latest: MessageRecord?
    /// Writer messages the caller has not opened (`read`) yet.
    public var unreadForCaller: Int = 0
}

/// What `check` found.
public struct StoreHealth: Sendable {
    public var integrityOK: Bool
    public var integrityMessages: [String]
    public var appliedMigrations: [String]
    public var knownMigrations: [String]
    public var clinics: Int
    public var threads: Int
    public var messages: Int

    public var isUpToDate: Bool { appliedMigrations == knownMigrations }
}

/// Counts for the metrics endpoint and the sweep: no identifiers.
public struct ThreadCount: Sendable, Equatable {
    public var clinic: String
    public var status: ThreadStatus
    public var count: Int
}
