import Foundation
import Hummingbird
import LuckaCore

/// Counsellors' daily work: enrol, keys, inbox, threads, replies, status, deletion. Every
/// request but enrolment is signed by a member (StaffRoutes); the work is DeskService's,
/// EnrolmentService's and ClinicAdminService's. Here: reading the request, writing the answer.
struct StaffController: Sendable {
    let desk: DeskService
    let enrolment: EnrolmentService
    let clinics: ClinicAdminService
    let authenticator: StaffAuthenticator

    func addRoutes(to router: Router<RelayContext>, _ routes: StaffRoutes) {
        // Not behind authentication: the key is not known until the token checks out.
        router.post("/v1/staff/enrol") { request, context in try await enrol(request, context) }
        routes.pendingToo.get("me") { _, context in try JSONBody.response(try context.staff.member.member) }
        routes.members.get("keys") { _, context in try JSONBody.response(try await clinics.keyBundle(for: context.staff.member)) }
        routes.members.get("inbox") { request, context in try await inbox(context.staff, request) }
        routes.members.get("inbox/count") { _, context in try JSONBody.response(try await desk.inboxCount(for: context.staff.member)) }
        routes.members.get("threads/{handle}") { _, context in
            JSONBody.written(try await desk.read(try context.parameters.require("handle"), by: context.staff.member))
        }
        routes.members.post("threads/{handle}/messages") { _, context in try await reply(context.staff, context.parameters.require("handle")) }
        routes.members.post("threads/{handle}/status") { _, context in
            let staff = try context.staff
            let body = try staff.decode(StatusRequest.self)
            try await desk.setStatus(of: try context.parameters.require("handle"), to: body.status, by: staff.member)
            return Response(status: .noContent)
        }
        routes.members.post("threads/{handle}/delete") { _, context in
            try await desk.delete(try context.parameters.require("handle"), by: context.staff.member)
            return Response(status: .noContent)
        }
        routes.members.post("threads/{handle}/handler") { _, context in
            let staff = try context.staff
            let body = try staff.decode(HandlerRequest.self)
            try await desk.setHandler(of: try context.parameters.require("handle"), to: body.staffID, by: staff.member)
            return Response(status: .noContent)
        }
        routes.admins.post("junk/delete") { _, context in try await deleteJunk(context.staff) }
    }

    func enrol(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let signed = try await authenticator.verifySignature(request, context)
        let body = try JSONBody.decode(EnrolRequest.self, from: signed.body)
        try WriterController<RelayContext>.checkKey(body.boxKey, "boxKey")
        let name = try EnrolmentService.checkedDisplayName(body.displayName)
        let today = Day.today()
        let token = try await enrolment.validToken(body.token, today: today)
        // Only now, with a valid token, may this key's nonce take memory.
        try await authenticator.recordNonce(signed)
        let member = try await enrolment.enrol(body, name: name, signingKey: signed.signature.publicKey, token: token, today: today)
        return try JSONBody.response(member, status: .created)
    }

    /// The inbox's query parameters. Any other name, or one of these given twice, is 400.
    static var inboxParameters: [Substring] { ["channel", "status", "cursor", "limit", "mine", "unassigned", "overdue"] }

    /// Refuses a query parameter the inbox does not know, and a known one given twice.
    /// Names are compared as sent (not percent-decoded); the message repeats a name only
    /// when it is short and plain, so that it never echoes hostile input.
    static func checkInboxQuery(names: [Substring]) throws {
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
        var inbox = InboxQuery(clinic: staff.member.clinic, channel: nil, status: nil, after: nil, limit: 50, staffID: staff.member.id)
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
        if mine { inbox.handler = .staff(staff.member.id) }
        if unassigned { inbox.handler = .nobody }
        return JSONBody.written(try await desk.inbox(inbox, overdueOnly: try Self.flag(query["overdue"], "overdue")))
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

    func reply(_ request: StaffRequest, _ handle: String) async throws -> Response {
        let body = try request.decode(ReplyRequest.self)
        try WriterController<RelayContext>.checkCiphertext(body.message)
        let posted = try await desk.reply(to: handle, epoch: body.epoch, ciphertext: body.message.bytes, by: request.member)
        return JSONBody.written(posted, status: .created)
    }

    /// Deletes the junk threads the staff tool found; admins only: a bulk deletion is not
    /// a counsellor's call.
    func deleteJunk(_ request: StaffRequest) async throws -> Response {
        let body = try request.decode(JunkDeleteRequest.self)
        guard (1...JunkDeleteRequest.maximumHandles).contains(body.handles.count) else {
            throw APIError.invalid("handles must list 1 to \(JunkDeleteRequest.maximumHandles) threads.")
        }
        return try JSONBody.response(try await desk.deleteJunk(body.handles, by: request.member))
    }
}
