import Foundation
import LuckaCore

/// Which part of the queue to list.
public struct InboxFilter: Sendable, Equatable {
    public var channel: Channel?
    public var status: ThreadStatus?
    public var mine = false
    public var unassigned = false
    public var overdue = false

    public init(
        channel: Channel? = nil, status: ThreadStatus? = nil, mine: Bool = false, unassigned: Bool = false, overdue: Bool = false
    ) {
        self.channel = channel
        self.status = status
        self.mine = mine
        self.unassigned = unassigned
        self.overdue = overdue
    }

    var query: [String] {
        var query: [String] = []
        if let channel { query.append("channel=\(channel.rawValue)") }
        if let status { query.append("status=\(status.rawValue)") }
        if mine { query.append("mine=true") }
        if unassigned { query.append("unassigned=true") }
        if overdue { query.append("overdue=true") }
        return query
    }
}

/// One row of the clinic's audit log, as an admin reads it.
public struct AuditRow: Codable, Sendable, Equatable {
    public var staffID: String
    public var action: String
    public var thread: String?
    public var date: String
}

extension StaffSession {
    /// One page of the queue, in the relay's order (waiting longest first, then the rest).
    public func inbox(_ filter: InboxFilter, cursor: String? = nil, limit: Int = 50) async throws -> InboxPage {
        var query = ["limit=\(limit)"] + filter.query
        if let cursor {
            guard cursor.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
                throw ClientError(.badResponse, "the relay's answer is not what Lucka expects")
            }
            query.append("cursor=\(cursor)")
        }
        return try await relay.staff(
            "GET", "/v1/staff/inbox?" + query.joined(separator: "&"), key: keys.signing, as: InboxPage.self)
    }

    /// The first `limit` threads of the queue, following the relay's pages of `pageSize`;
    /// `more` when the queue goes on.
    public func queue(_ filter: InboxFilter, limit: Int, pageSize: Int = 50) async throws -> (entries: [InboxEntry], more: Bool) {
        var entries: [InboxEntry] = []
        var cursor: String?
        repeat {
            let page = try await inbox(filter, cursor: cursor, limit: min(pageSize, limit - entries.count))
            entries += page.threads
            cursor = page.next
        } while cursor != nil && entries.count < limit
        guard let cursor, entries.count >= limit else { return (entries, false) }
        // A full last page may be followed by an empty one.
        return (entries, !(try await inbox(filter, cursor: cursor, limit: 1).threads.isEmpty))
    }

    public func inboxCount() async throws -> InboxCount {
        try await relay.staff("GET", "/v1/staff/inbox/count", key: keys.signing, as: InboxCount.self)
    }

    /// Take (`staffID` = own id), give (a colleague's) or release (nil) a thread.
    public func setHandler(_ handle: String, to staffID: String?) async throws {
        try await relay.staff(
            "POST", "/v1/staff/threads/\(try Self.checked(handle))/handler", body: HandlerRequest(staffID: staffID),
            key: keys.signing)
    }

    /// The clinic's audit log (admins), newest day first; days as `YYYY-MM-DD`.
    public func auditLog(from: String?, to: String?) async throws -> [AuditRow] {
        var query: [String] = []
        for (name, day) in [("from", from), ("to", to)] {
            guard let day else { continue }
            guard day.count == 10, day.allSatisfy({ $0.isNumber || $0 == "-" }) else {
                throw ClientError(.local, "\(day.prefix(20)) is not a day (YYYY-MM-DD)")
            }
            query.append("\(name)=\(day)")
        }
        return try await relay.staff(
            "GET", "/v1/staff/audit" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")), key: keys.signing,
            as: [AuditRow].self)
    }
}
