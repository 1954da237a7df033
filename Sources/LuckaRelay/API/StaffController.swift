import Foundation
import Hummingbird
import LuckaCore

/// Counsellors' daily work: enrol, inbox, threads, replies, status, deletion. Every
/// request is signed; see StaffAuthenticator.
package struct StaffController: Sendable {
    let relay: Relay
    var auth: StaffAuthenticator { StaffAuthenticator(relay: relay) }

    func addRoutes(to router: Router<RelayContext>, _ routes: StaffRoutes) {
        // Not behind authentication: the key is not known until the token checks out.
        router.post("/v1/staff/enrol") { request, context in try await enrol(request, context) }
        routes.pendingToo.get("me") { _, context in try JSONBody.response(try context.staff.staff.member) }
        routes.members.get("keys") { _, context in try await keys(context.staff) }
        routes.members.get("inbox") { request, context in try await inbox(context.staff, request) }
        routes.members.get("inbox/count") { _, context in try await inboxCount(context.staff) }
        routes.members.get("threads/{handle}") { _, context in try await thread(context.staff, context.parameters.require("handle")) }
        routes.members.post("threads/{handle}/messages") { _, context in try await reply(context.staff, context.parameters.require("handle")) }
        routes.members.post("threads/{handle}/status") { _, context in try await status(context.staff, context.parameters.require("handle")) }
        routes.members.post("threads/{handle}/delete") { _, context in try await delete(context.staff, context.parameters.require("handle")) }
        routes.members.post("threads/{handle}/handler") { _, context in try await handler(context.staff, context.parameters.require("handle")) }
        routes.admins.post("junk/delete") { _, context in try await deleteJunk(context.staff) }
    }

    func enrol(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let signed = try await auth.verifySignature(request, context)
        let body = try JSONBody.decode(EnrolRequest.self, from: signed.body)
        try WriterController<RelayContext>.checkKey(body.boxKey, "boxKey")
        let name = try Self.checkedDisplayName(body.displayName)
        let hash = Identifier.tokenHash(body.token)
        let today = Day.today()
        guard let token = try await relay.store.enrolmentToken(hash: hash), token.expires >= today else {
            throw APIError(.forbidden, "bad_token", "The enrolment token is unknown, used or expired. Ask for a new one.")
        }
        // Only now, with a valid token, may this key's nonce take memory.
        try await auth.recordNonce(signed)
        if try await relay.store.staff(signingKey: signed.signature.publicKey) != nil {
            throw APIError(.conflict, "key_enrolled", "This staff key is enrolled already.")
        }
        if token.founding {
            guard let setup = body.setup else {
                throw APIError.invalid("The first admin's enrolment must carry the clinic's keys (setup).")
            }
            try Self.validateSetup(setup, clinic: token.clinic)
        } else if body.setup != nil {
            throw APIError.invalid("Only the clinic's first admin uploads clinic keys.")
        }
        let member = StaffRow(
            id: Identifier.staffID(), clinic: token.clinic, signingKey: signed.signature.publicKey, boxKey: body.boxKey.bytes,
            role: token.role, status: token.founding ? .active : .pending, displayName: name, created: today)
        let audit = AuditRecord(staffID: member.id, action: token.founding ? "enrol-founder" : "enrol", today: today)
        let stored = try await relay.store.enrol(tokenHash: hash, member: member, setup: token.founding ? body.setup : nil, today: today, audit: audit)
        relay.members.learn(stored.signingKey)
        return try JSONBody.response(stored.member, status: .created)
    }

    /// The display name trimmed, if it is 1 to 64 bytes on one line.
    package static func checkedDisplayName(_ displayName: String) throws -> String {
        let name = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...Envelope.maximumNameLength).contains(name.utf8.count), !name.contains(where: \.isNewline) else {
            throw APIError.invalid("displayName must be 1 to \(Envelope.maximumNameLength) bytes on one line.")
        }
        return name
    }

    /// The founder's upload must be a consistent set of clinic keys for this clinic.
    package static func validateSetup(_ setup: ClinicSetup, clinic: String) throws {
        let signingKey = setup.signingKey.bytes
        do {
            _ = try setup.profile.verify(signingPublicKey: signingKey, slug: clinic)
            try setup.inboxKey.verify(signingPublicKey: signingKey, clinic: clinic)
        } catch {
            throw APIError.invalid(error.reason)
        }
        guard setup.inboxKey.epoch == 1 else { throw APIError.invalid("The first inbox key is epoch 1.") }
        guard setup.wrappedKeys.contains(where: { $0.kind == .inbox && $0.epoch == 1 }),
              setup.wrappedKeys.contains(where: { $0.kind == .signing })
        else { throw APIError.invalid("The setup must wrap the signing key and the epoch-1 inbox key for the founder.") }
    }

    func keys(_ request: StaffRequest) async throws -> Response {
        guard let clinic = try await relay.clinicDocument(slug: request.staff.clinic) else {
            throw APIError(.conflict, "clinic_not_set_up", "The clinic has no keys yet.")
        }
        return try JSONBody.response(StaffKeyBundle(clinic: clinic, wrappedKeys: try await relay.store.wrappedKeys(staffID: request.staff.id)))
    }

    /// The inbox's query parameters. Any other name, or one of these given twice, is 400.
    package static var inboxParameters: [Substring] { ["channel", "status", "cursor", "limit", "mine", "unassigned", "overdue"] }

    /// Refuses a query parameter the inbox does not know, and a known one given twice.
    /// Names are compared as sent (not percent-decoded); the message repeats a name only
    /// when it is short and plain, so that it never echoes hostile input.
    package static func checkInboxQuery(names: [Substring]) throws {
        var seen: Set<Substring> = []
        for name in names {
            guard inboxParameters.contains(name) else {
                let known = "the inbox takes only channel, status, cursor, limit, mine, unassigned and overdue"
                let plain = name.count <= 32
                    && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
                if name.isEmpty { throw APIError.invalid("The query has a parameter without a name: \(known).") }
                if plain { throw APIError.invalid("Unknown query parameter \(name): \(known).") }
                throw APIError.invalid("The query has an unknown parameter: \(known).")
            }
            guard seen.insert(name).inserted else {
                throw APIError.invalid("The query parameter \(name) is given more than once; give each at most once.")
            }
        }
    }

    func inbox(_ staff: StaffRequest, _ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        try Self.checkInboxQuery(names: query.map { $0.key })
        var inbox = InboxQuery(clinic: staff.staff.clinic, channel: nil, status: nil, after: nil, limit: 50, staffID: staff.staff.id)
        if let value = query["channel"] {
            guard let channel = Channel(rawValue: String(value)) else { throw APIError.invalid("Unknown channel.") }
            inbox.channel = channel
        }
        if let value = query["status"] {
            guard let status = ThreadStatus(rawValue: String(value)) else { throw APIError.invalid("Unknown status.") }
            inbox.status = status
        }
        if let value = query["cursor"] {
            guard let cursor = InboxCursor(text: String(value)) else { throw APIError.invalid("Bad cursor.") }
            inbox.after = cursor
        }
        if let value = query["limit"] {
            guard let limit = Int(value), (1...200).contains(limit) else { throw APIError.invalid("limit must be 1 to 200.") }
            inbox.limit = limit
        }
        let mine = try Self.flag(query["mine"], "mine")
        let unassigned = try Self.flag(query["unassigned"], "unassigned")
        guard !(mine && unassigned) else { throw APIError.invalid("mine and unassigned exclude each other.") }
        if mine { inbox.handler = .staff(staff.staff.id) }
        if unassigned { inbox.handler = .nobody }
        let today = Day.today()
        let promise = AnswerPromise(try await profile(of: staff.staff.clinic))
        if try Self.flag(query["overdue"], "overdue") {
            guard let promise else {
                throw APIError(.conflict, "no_answer_days", "The clinic's profile promises no number of days (answerDays): nothing can be overdue.")
            }
            inbox.waitingOnOrBefore = promise.overdueCutoff(today: today)
        }
        let rows = try await relay.store.inbox(inbox)
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
        let next = rows.count == inbox.limit ? rows.last.map { InboxCursor(after: $0.thread).text } : nil
        return JSONBody.written(InboxPage(threads: entries, next: next))
    }

    /// A yes-or-no query parameter: `true` or `false`; absent is false.
    static func flag(_ value: Substring?, _ name: String) throws -> Bool {
        guard let value else { return false }
        switch value {
        case "true": return true
        case "false": return false
        default: throw APIError.invalid("\(name) is true or false.")
        }
    }

    /// The clinic's own profile as stored (the relay's copy; staff verify theirs).
    private func profile(of clinic: String) async throws -> ClinicProfile? {
        guard let document = try await relay.store.clinic(slug: clinic)?.profile?.document else { return nil }
        return try? JSONDecoder().decode(ClinicProfile.self, from: Data(document))
    }

    /// Counts for `lucka-staff watch`: cheap, and no handle or text.
    func inboxCount(_ request: StaffRequest) async throws -> Response {
        try JSONBody.response(try await relay.store.inboxCount(clinic: request.staff.clinic, staffID: request.staff.id))
    }

    /// Take (oneself), give (an active colleague of the clinic) or release (nobody).
    /// Audited with the thread's handle: take, give STAFF-ID, release.
    func handler(_ request: StaffRequest, _ handle: String) async throws -> Response {
        let body = try request.decode(HandlerRequest.self)
        let thread = try await find(handle, request)
        let action: String
        if let id = body.staffID {
            guard id.count <= 40, let member = try await relay.store.staff(id: id), member.clinic == request.staff.clinic, member.status == .active else {
                throw APIError(.notFound, "unknown_staff", "No active staff member with that id in your clinic.")
            }
            action = id == request.staff.id ? "take" : "give \(id)"
        } else {
            action = "release"
        }
        try await relay.store.setHandler(thread: thread.id, staffID: body.staffID, audit: request.audit(action, thread: handle))
        return Response(status: .noContent)
    }

    func thread(_ request: StaffRequest, _ handle: String) async throws -> Response {
        let thread = try await find(handle, request)
        let messages = try await relay.store.messages(thread: thread.id)
        let notes = try await relay.store.notes(thread: thread.id)
        try await relay.store.markSeen(
            thread: thread.id, staffID: request.staff.id, messageCount: messages.last?.seq ?? 0, audit: request.audit("read", thread: handle))
        return JSONBody.written(
            StaffThread(
                handle: thread.handle, channel: thread.channel, status: thread.status, created: thread.created.description,
                lastActivity: thread.lastActivity.description, expires: thread.expires.description, writerKey: thread.writerKey, messages: messages,
                handler: thread.handler, notes: notes))
    }

    func reply(_ request: StaffRequest, _ handle: String) async throws -> Response {
        let body = try request.decode(ReplyRequest.self)
        try WriterController<RelayContext>.checkCiphertext(body.message)
        let thread = try await find(handle, request)
        let today = Day.today()
        let outcome = try await relay.store.append(
            NewMessage(thread: thread.id, author: .clinic, epoch: body.epoch, ciphertext: body.message.bytes, today: today, expires: relay.expiry(from: today)),
            dailyLimit: relay.configuration.clinicMessagesPerThreadPerDay, audit: request.audit("reply", thread: handle, today: today))
        let stored: MessageRecord
        switch outcome {
        case .stored(let record): stored = record
        case .staleEpoch: throw APIError.staleEpoch
        case .dailyLimit:
            throw APIError(.tooManyRequests, "daily_limit", "This conversation has reached today's limit of replies.", retryAfter: Relay.secondsUntilTomorrow())
        }
        return JSONBody.written(PostedMessage(seq: stored.seq, date: stored.date), status: .created)
    }

    func status(_ request: StaffRequest, _ handle: String) async throws -> Response {
        let body = try request.decode(StatusRequest.self)
        let thread = try await find(handle, request)
        try await relay.store.setStatus(thread: thread.id, status: body.status, audit: request.audit("status-\(body.status.rawValue)", thread: handle))
        return Response(status: .noContent)
    }

    func delete(_ request: StaffRequest, _ handle: String) async throws -> Response {
        let thread = try await find(handle, request)
        // Audited not by handle: the audit rows of a thread go with it (DESIGN.md §5).
        let today = Day.today()
        try await relay.store.deleteThread(thread.id, cause: .staff, today: today, audit: request.audit("delete", today: today))
        return Response(status: .noContent)
    }

    /// Deletes the junk threads the staff tool found (JunkAPI.swift): every handle that
    /// names a thread of the caller's clinic that the clinic never answered; answered ones
    /// are left and counted. Admins only: a bulk deletion is not a counsellor's call.
    /// Audited once, with the count.
    func deleteJunk(_ request: StaffRequest) async throws -> Response {
        let body = try request.decode(JunkDeleteRequest.self)
        guard (1...JunkDeleteRequest.maximumHandles).contains(body.handles.count) else {
            throw APIError.invalid("handles must list 1 to \(JunkDeleteRequest.maximumHandles) threads.")
        }
        var result = JunkDeleteResult(deleted: 0)
        let today = Day.today()
        for handle in Set(body.handles) {
            guard handle.count <= 40, let thread = try await relay.store.thread(handle: handle, clinic: request.staff.clinic) else { continue }
            switch try await relay.store.deleteUnanswered(thread.id, today: today) {
            case .deleted: result.deleted += 1
            case .answered: result.answered += 1
            case .gone: continue  // deleted meanwhile by someone else
            }
        }
        try await relay.store.audit(staffID: request.staff.id, action: "delete-junk \(result.deleted)", threadHandle: nil, today: today)
        return try JSONBody.response(result)
    }

    /// A thread of the staff member's own clinic; any other is simply not found.
    private func find(_ handle: String, _ request: StaffRequest) async throws -> ThreadRow {
        guard let thread = try await relay.store.thread(handle: handle, clinic: request.staff.clinic) else {
            throw APIError(.notFound, "unknown_thread", "No thread with that handle in your clinic.")
        }
        return thread
    }
}
