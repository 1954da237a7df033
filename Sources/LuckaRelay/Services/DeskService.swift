import Foundation
import LuckaCore

/// The counsellors' daily work on their clinic's threads: the inbox, reading, replying,
/// status, who handles a thread, deletion. Every thread is looked up within the member's
/// own clinic (any other is simply not found), and every action is audited in the same
/// transaction as the action.
struct DeskService: Sendable {
    let store: any RelayStore
    let retention: Retention
    /// Replies the clinic may send in one conversation per day.
    let dailyLimit: Int

    /// One page of the inbox. With `overdueOnly`, only threads waiting longer than the
    /// clinic's profile promises (`no_answer_days`, 409, if it promises nothing).
    func inbox(_ query: InboxQuery, overdueOnly: Bool) async throws -> InboxPage {
        var query = query
        let today = Day.today()
        let promise = AnswerPromise(try await storedProfile(of: query.clinic))
        if overdueOnly {
            guard let promise else {
                throw APIError(.conflict, "no_answer_days", "The clinic's profile promises no number of days (answerDays): nothing can be overdue.")
            }
            query.waitingOnOrBefore = promise.overdueCutoff(today: today)
        }
        let rows = try await store.inbox(query)
        let entries = rows.map { row in
            let thread = row.thread
            let since = thread.isWaiting ? thread.waitingSince : nil
            return InboxEntry(
                handle: thread.handle, channel: thread.channel, status: thread.status, created: thread.created.description,
                lastActivity: thread.lastActivity.description, messageCount: thread.messageCount, unread: thread.unread,
                writerKey: thread.writerKey, latest: row.latest, waitingDays: since.map { max(0, today.number - $0.number) },
                overdue: since.map { promise?.isOverdue(since: $0, today: today) ?? false } ?? false, handler: thread.handler,
                unreadForMe: row.unreadForCaller)
        }
        let next = rows.count == query.limit ? rows.last.map { InboxCursor(after: $0.thread).text } : nil
        return InboxPage(threads: entries, next: next)
    }

    /// The clinic's own profile as stored (the relay's copy; staff verify theirs).
    private func storedProfile(of clinic: String) async throws -> ClinicProfile? {
        guard let document = try await store.clinic(slug: clinic)?.profile?.document else { return nil }
        return try? JSONDecoder().decode(ClinicProfile.self, from: Data(document))
    }

    /// Counts for `lucka-staff watch`: cheap, and no handle or text.
    func inboxCount(for member: StaffRow) async throws -> InboxCount {
        try await store.inboxCount(clinic: member.clinic, staffID: member.id)
    }

    /// The thread with its messages and notes; marks it read by `member` (audited).
    func read(_ handle: String, by member: StaffRow) async throws -> StaffThread {
        let thread = try await find(handle, member)
        let messages = try await store.messages(thread: thread.id)
        let notes = try await store.notes(thread: thread.id)
        try await store.markSeen(
            thread: thread.id, staffID: member.id, messageCount: messages.last?.seq ?? 0, audit: member.audit("read", thread: handle))
        return StaffThread(
            handle: thread.handle, channel: thread.channel, status: thread.status, created: thread.created.description,
            lastActivity: thread.lastActivity.description, expires: thread.expires.description, writerKey: thread.writerKey, messages: messages,
            handler: thread.handler, notes: notes)
    }

    /// The clinic's sealed reply. `stale_epoch` (409), `daily_limit` (429).
    func reply(to handle: String, epoch: UInt32, ciphertext: [UInt8], by member: StaffRow) async throws -> PostedMessage {
        let thread = try await find(handle, member)
        let today = Day.today()
        let outcome = try await store.append(
            NewMessage(thread: thread.id, author: .clinic, epoch: epoch, ciphertext: ciphertext, today: today, expires: retention.expiry(from: today)),
            dailyLimit: dailyLimit, audit: member.audit("reply", thread: handle, today: today))
        switch outcome {
        case .stored(let record): return PostedMessage(seq: record.seq, date: record.date)
        case .staleEpoch: throw APIError.staleEpoch
        case .dailyLimit:
            throw APIError(.tooManyRequests, "daily_limit", "This conversation has reached today's limit of replies.", retryAfter: Day.secondsUntilTomorrow())
        }
    }

    func setStatus(of handle: String, to status: ThreadStatus, by member: StaffRow) async throws {
        let thread = try await find(handle, member)
        try await store.setStatus(thread: thread.id, status: status, audit: member.audit("status-\(status.rawValue)", thread: handle))
    }

    /// Take (oneself), give (an active colleague of the clinic) or release (nobody).
    /// Audited with the thread's handle: take, give STAFF-ID, release.
    func setHandler(of handle: String, to staffID: String?, by member: StaffRow) async throws {
        let thread = try await find(handle, member)
        let action: String
        if let id = staffID {
            guard id.count <= 40, let colleague = try await store.staff(id: id), colleague.clinic == member.clinic, colleague.status == .active else {
                throw APIError(.notFound, "unknown_staff", "No active staff member with that id in your clinic.")
            }
            action = id == member.id ? "take" : "give \(id)"
        } else {
            action = "release"
        }
        try await store.setHandler(thread: thread.id, staffID: staffID, audit: member.audit(action, thread: handle))
    }

    func delete(_ handle: String, by member: StaffRow) async throws {
        let thread = try await find(handle, member)
        // Audited not by handle: the audit rows of a thread go with it (DESIGN.md §5).
        let today = Day.today()
        try await store.deleteThread(thread.id, cause: .staff, today: today, audit: member.audit("delete", today: today))
    }

    /// Deletes the junk threads the staff tool found (JunkAPI.swift): every handle that
    /// names a thread of the admin's clinic that the clinic never answered; answered ones
    /// are left and counted. One transaction per thread, so the audit row (with the count)
    /// is written once at the end.
    func deleteJunk(_ handles: [String], by admin: StaffRow) async throws -> JunkDeleteResult {
        var result = JunkDeleteResult(deleted: 0)
        let today = Day.today()
        for handle in Set(handles) {
            guard handle.count <= 40, let thread = try await store.thread(handle: handle, clinic: admin.clinic) else { continue }
            switch try await store.deleteUnanswered(thread.id, today: today) {
            case .deleted: result.deleted += 1
            case .answered: result.answered += 1
            case .gone: continue  // deleted meanwhile by someone else
            }
        }
        try await store.audit(staffID: admin.id, action: "delete-junk \(result.deleted)", threadHandle: nil, today: today)
        return result
    }

    /// A thread of the member's own clinic; any other is simply not found.
    func find(_ handle: String, _ member: StaffRow) async throws -> ThreadRow {
        guard handle.count <= 40, let thread = try await store.thread(handle: handle, clinic: member.clinic) else { throw APIError.unknownThread }
        return thread
    }
}
