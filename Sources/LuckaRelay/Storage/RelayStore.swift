import LuckaCore

/// Everything the relay keeps, behind one interface. Only what DESIGN.md §5 lists is
/// stored: no text, no code, no token, no address, no time finer than the day.
///
/// Every write is one transaction and is durable (fsynced) when the call returns, so a
/// client told "done" keeps its data through a crash. Nothing above this protocol knows
/// which database engine is underneath.
///
/// A staff action's audit row (`audit:`) is written in the same transaction as the action,
/// and only when the action took effect: both or neither.
public protocol RelayStore: Sendable {
    // MARK: Clinics
    /// Creates a clinic with no keys yet and a founding enrolment token for its first admin.
    func createClinic(slug: String, foundingTokenHash: [UInt8], tokenExpires: Day, today: Day) async throws
    func clinics() async throws -> [ClinicRow]
    func clinic(slug: String) async throws -> ClinicRow?
    /// Certified inbox keys, oldest epoch first.
    func inboxKeys(clinic: String) async throws -> [InboxCertificate]
    func updateProfile(clinic: String, profile: SignedProfile, audit: AuditRecord?) async throws
    /// Replaces the clinic's signing key in one transaction: the key and profile, the
    /// signature of every inbox certificate, and every `signing` wrapped key of the clinic
    /// (those of removed members included) by `wrappedKeys`; appends `succession`.
    /// `conflict` unless the stored key is `succession.previousKey`, the certificates
    /// match the stored epochs and public keys exactly, and `wrappedKeys` are the new
    /// signing seed for exactly the clinic's active admins.
    func replaceIdentity(
        clinic: String, succession: IdentitySuccession, profile: SignedProfile, inboxKeys: [InboxCertificate],
        wrappedKeys: [WrappedKey], today: Day, audit: AuditRecord?) async throws
    /// The clinic's identity successions, oldest first.
    func successions(clinic: String) async throws -> [IdentitySuccession]

    // MARK: Staff and enrolment
    func addEnrolmentToken(hash: [UInt8], clinic: String, role: StaffRole, expires: Day, audit: AuditRecord?) async throws
    func enrolmentToken(hash: [UInt8]) async throws -> EnrolmentTokenRow?
    /// Consumes the token and adds the member. With `setup` (founding tokens only), also
    /// stores the clinic's keys, profile and the founder's wrapped secrets, and makes the
    /// founder an active admin, all in one transaction.
    func enrol(tokenHash: [UInt8], member: StaffRow, setup: ClinicSetup?, today: Day, audit: AuditRecord?) async throws -> StaffRow
    func staff(signingKey: [UInt8]) async throws -> StaffRow?
    func staff(id: String) async throws -> StaffRow?
    func staffMembers(clinic: String) async throws -> [StaffRow]
    /// Makes a pending member active and stores the secrets wrapped for them.
    func approve(staffID: String, clinic: String, wrappedKeys: [WrappedKey], audit: AuditRecord?) async throws
    /// Revokes a member and starts `newEpoch` with its secret wrapped for those who remain.
    func remove(staffID: String, clinic: String, newEpoch: InboxCertificate, wrappedKeys: [WrappedKey], today: Day, audit: AuditRecord?) async throws
    /// Starts a new inbox epoch (rotation).
    func addEpoch(clinic: String, inboxKey: InboxCertificate, wrappedKeys: [WrappedKey], today: Day, audit: AuditRecord?) async throws
    func wrappedKeys(staffID: String) async throws -> [WrappedKey]

    // MARK: Threads
    /// Creates a thread with its first message; `conflict` if the lookup hash exists.
    func createThread(_ thread: NewThread) async throws
    func thread(lookupHash: [UInt8]) async throws -> ThreadRow?
    func thread(handle: String, clinic: String) async throws -> ThreadRow?
    func messages(thread: Int64) async throws -> [MessageRecord]
    /// A thread and its messages, read together: the writer's read in one step.
    func threadWithMessages(lookupHash: [UInt8]) async throws -> (ThreadRow, [MessageRecord])?
    /// Appends a message if `message.epoch` is the clinic's current inbox epoch and its
    /// author has sent fewer than `dailyLimit` messages to the thread today, both checked
    /// inside the write. A writer message makes the thread `new` again, a clinic reply
    /// `answered`.
    func append(_ message: NewMessage, dailyLimit: Int, audit: AuditRecord?) async throws -> AppendOutcome
    func setStatus(thread: Int64, status: ThreadStatus, audit: AuditRecord?) async throws
    /// Deletes a thread on staff's request (counted as deleted by staff), its messages and
    /// its audit rows so the bytes leave the files.
    func deleteThread(_ thread: Int64) async throws
    func inbox(_ query: InboxQuery) async throws -> [InboxRow]
    /// Deletes every thread whose expiry day is before `today` (with its audit rows), and
    /// every audit row dated before `auditBefore`; returns how many threads.
    func sweep(today: Day, auditBefore: Day) async throws -> Int
    func threadCounts() async throws -> [ThreadCount]

    // MARK: Audit
    /// Records a staff action. Rows are removed with their thread and after the retention.
    func audit(staffID: String, action: String, threadHandle: String?, today: Day) async throws
    func auditLog(clinic: String, limit: Int) async throws -> [AuditEntry]

    // MARK: Operations
    /// An online, consistent copy of the whole database at `path`.
    func backup(to path: String) async throws
    func check() async throws -> StoreHealth

    // MARK: Notices
    /// The clinic's notice settings; nil when it has none.
    func noticeSettings(clinic: String) async throws -> NoticeSettings?
    /// Replaces the clinic's settings (already validated); empty targets remove them.
    func setNoticeSettings(clinic: String, _ settings: NoticeSettings, audit: AuditRecord?) async throws
    /// Every clinic with notice targets, with whether a writer has written since its flag
    /// was last taken. Creating a thread and a writer's message raise the flag in their
    /// own transaction; staff actions never do.
    func noticeClinics() async throws -> [NoticeClinic]
    /// Clears the clinic's flag and returns whether it was raised, in one step.
    func takeNoticeFlag(clinic: String) async throws -> Bool

    // MARK: Statistics
    /// Deletes a thread like `deleteThread(_:)`, counted for `cause` in `today`'s month.
    func deleteThread(_ thread: Int64, cause: DeletionCause, today: Day, audit: AuditRecord?) async throws
    /// Deletes a thread like `deleteThread(_:cause:today:)` only if the clinic never wrote
    /// in it, checked in the same transaction: junk deletion never takes an answered
    /// conversation. `.deleted`, `.answered` (left in place) or `.gone`.
    func deleteUnanswered(_ thread: Int64, today: Day) async throws -> JunkDeletion
    /// The counters of months `from` to `to` (`YYYY-MM`, inclusive), of one clinic or of
    /// all; `name` and `promiseDays` are left nil for the caller to fill.
    func statistics(clinic: String?, from: String, to: String) async throws -> [ClinicStatistics]
    /// The month counting began (the migration's); threads deleted before it are not counted.
    func statisticsSince() async throws -> String?

    // MARK: Desk (issue 13: queue, handler, unread per staff member)
    /// Sets or clears (nil) the staff member handling a thread; `notFound` if it is gone.
    func setHandler(thread: Int64, staffID: String?, audit: AuditRecord?) async throws
    /// Records that `staffID` has opened the thread with `messageCount` messages.
    func markSeen(thread: Int64, staffID: String, messageCount: Int, audit: AuditRecord?) async throws
    /// The clinic's waiting threads, and the writer messages `staffID` has not opened.
    func inboxCount(clinic: String, staffID: String) async throws -> InboxCount
    /// Audit rows of the clinic dated `from` to `to` (both included, either open), newest
    /// day first, at most `limit`.
    func auditLog(clinic: String, from: Day?, to: Day?, limit: Int) async throws -> [AuditEntry]
    /// Appends a sealed note to a thread, if `epoch` is the clinic's current one and the
    /// thread has fewer than `limit` notes; `stored` carries its number in the thread.
    /// With `expected` (a v2 note's signed seq and after_seq), only if those are the next
    /// number and the thread's message count, checked in the same transaction; else `moved`.
    func addNote(thread: Int64, epoch: UInt32, sealed: [UInt8], expected: (seq: Int, afterSeq: Int)?, today: Day, limit: Int, audit: AuditRecord?)
        async throws -> SealedOutcome
    /// A thread's notes, in the order written. They go with the thread.
    func notes(thread: Int64) async throws -> [NoteRecord]
    func templates(clinic: String) async throws -> [TemplateRecord]
    /// Adds template `id` (fewer than `limit` in the clinic) or, `replacing`, changes it;
    /// only under the clinic's current epoch. A new id already in use (any clinic) is `moved`.
    func putTemplate(clinic: String, id: String, replacing: Bool, epoch: UInt32, sealed: [UInt8], today: Day, limit: Int, audit: AuditRecord?)
        async throws -> SealedOutcome
    func deleteTemplate(clinic: String, id: String, audit: AuditRecord?) async throws -> Bool

    // MARK: Several relays
    /// Runs `body` unless another relay sharing the database is running `job` now (nil then).
    func exclusively<T: Sendable>(_ job: BackgroundJob, _ body: @escaping @Sendable () async throws -> T) async throws -> T?
    /// The limits relays sharing this database keep in it; nil where one relay has the
    /// database to itself and keeps them in memory.
    var sharedLimits: (any SharedLimits)? { get }
}

/// A staff action's audit row: who, what, which thread (by public handle), which day.
public struct AuditRecord: Sendable {
    public var staffID: String
    public var action: String
    public var threadHandle: String?
    public var today: Day

    public init(staffID: String, action: String, threadHandle: String? = nil, today: Day) {
        self.staffID = staffID
        self.action = action
        self.threadHandle = threadHandle
        self.today = today
    }
}

/// The same actions without an audit row: the writer's own, the sweep's, the tests'.
extension RelayStore {
    public func append(_ message: NewMessage, dailyLimit: Int) async throws -> AppendOutcome {
        try await append(message, dailyLimit: dailyLimit, audit: nil)
    }
    public func setStatus(thread: Int64, status: ThreadStatus) async throws { try await setStatus(thread: thread, status: status, audit: nil) }
    public func deleteThread(_ thread: Int64, cause: DeletionCause, today: Day) async throws {
        try await deleteThread(thread, cause: cause, today: today, audit: nil)
    }
    public func setHandler(thread: Int64, staffID: String?) async throws { try await setHandler(thread: thread, staffID: staffID, audit: nil) }
    public func markSeen(thread: Int64, staffID: String, messageCount: Int) async throws {
        try await markSeen(thread: thread, staffID: staffID, messageCount: messageCount, audit: nil)
    }
    public func addNote(thread: Int64, epoch: UInt32, sealed: [UInt8], expected: (seq: Int, afterSeq: Int)?, today: Day, limit: Int)
        async throws -> SealedOutcome
    {
        try await addNote(thread: thread, epoch: epoch, sealed: sealed, expected: expected, today: today, limit: limit, audit: nil)
    }
    public func putTemplate(clinic: String, id: String, replacing: Bool, epoch: UInt32, sealed: [UInt8], today: Day, limit: Int)
        async throws -> SealedOutcome
    {
        try await putTemplate(clinic: clinic, id: id, replacing: replacing, epoch: epoch, sealed: sealed, today: today, limit: limit, audit: nil)
    }
    public func deleteTemplate(clinic: String, id: String) async throws -> Bool { try await deleteTemplate(clinic: clinic, id: id, audit: nil) }
    public func updateProfile(clinic: String, profile: SignedProfile) async throws { try await updateProfile(clinic: clinic, profile: profile, audit: nil) }
    public func addEnrolmentToken(hash: [UInt8], clinic: String, role: StaffRole, expires: Day) async throws {
        try await addEnrolmentToken(hash: hash, clinic: clinic, role: role, expires: expires, audit: nil)
    }
    public func enrol(tokenHash: [UInt8], member: StaffRow, setup: ClinicSetup?, today: Day) async throws -> StaffRow {
        try await enrol(tokenHash: tokenHash, member: member, setup: setup, today: today, audit: nil)
    }
    public func approve(staffID: String, clinic: String, wrappedKeys: [WrappedKey]) async throws {
        try await approve(staffID: staffID, clinic: clinic, wrappedKeys: wrappedKeys, audit: nil)
    }
    public func remove(staffID: String, clinic: String, newEpoch: InboxCertificate, wrappedKeys: [WrappedKey], today: Day) async throws {
        try await remove(staffID: staffID, clinic: clinic, newEpoch: newEpoch, wrappedKeys: wrappedKeys, today: today, audit: nil)
    }
    public func addEpoch(clinic: String, inboxKey: InboxCertificate, wrappedKeys: [WrappedKey], today: Day) async throws {
        try await addEpoch(clinic: clinic, inboxKey: inboxKey, wrappedKeys: wrappedKeys, today: today, audit: nil)
    }
    public func setNoticeSettings(clinic: String, _ settings: NoticeSettings) async throws {
        try await setNoticeSettings(clinic: clinic, settings, audit: nil)
    }
    public func replaceIdentity(
        clinic: String, succession: IdentitySuccession, profile: SignedProfile, inboxKeys: [InboxCertificate], wrappedKeys: [WrappedKey], today: Day
    ) async throws {
        try await replaceIdentity(
            clinic: clinic, succession: succession, profile: profile, inboxKeys: inboxKeys, wrappedKeys: wrappedKeys, today: today, audit: nil)
    }
}

extension RelayStore {
    public func auditLog(clinic: String, limit: Int) async throws -> [AuditEntry] {
        try await auditLog(clinic: clinic, from: nil, to: nil, limit: limit)
    }

    /// One relay per SQLite folder: nothing to share.
    public var sharedLimits: (any SharedLimits)? { nil }

    /// One relay per SQLite folder: background work simply runs.
    public func exclusively<T: Sendable>(_ job: BackgroundJob, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await body()
    }
}

/// Who or what deleted a thread, for the statistics.
public enum DeletionCause: Sendable {
    case writer, staff, expiry
}

/// What `deleteUnanswered` did with one thread.
public enum JunkDeletion: Sendable, Equatable {
    /// Deleted: the clinic had never written in it.
    case deleted
    /// Left in place: the clinic has answered it, so it is a conversation, not junk.
    case answered
    /// Not there (deleted meanwhile).
    case gone
}

/// A clinic's notice settings as the notice service reads them.
public struct NoticeClinic: Sendable, Equatable {
    public var clinic: String
    public var settings: NoticeSettings
    public var pending: Bool
}

public struct AuditEntry: Codable, Sendable, Equatable {
    public var staffID: String
    public var action: String
    public var thread: String?
    public var date: String
}
