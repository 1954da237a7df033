import Foundation
import LuckaCore

/// A counsellor's or admin's work with the relay, with their keys unlocked in this
/// process. Decrypted text stays in memory; nothing here writes to disk.
public struct StaffSession: Sendable {
    public let relay: RelayClient
    public let keys: StaffKeys
    /// The clinic fingerprint pinned at enrolment.
    public let pin: Fingerprint?

    public init(relay: RelayClient, keys: StaffKeys, pin: Fingerprint?) {
        self.relay = relay
        self.keys = keys
        self.pin = pin
    }

    public func me() async throws -> StaffMember {
        try await relay.staff("GET", "/v1/staff/me", key: keys.signing, as: StaffMember.self)
    }

    /// Fetches, unwraps and verifies the clinic's keys for this member.
    public func clinicKeys() async throws -> ClinicKeys {
        let bundle = try await relay.staff("GET", "/v1/staff/keys", key: keys.signing, as: StaffKeyBundle.self)
        return try ClinicKeys.unwrap(bundle, staff: keys, pin: pin)
    }

    public func inbox(channel: Channel? = nil, status: ThreadStatus? = nil, cursor: String? = nil, limit: Int = 50) async throws -> InboxPage {
        var query = ["limit=\(limit)"]
        if let channel { query.append("channel=\(channel.rawValue)") }
        if let status { query.append("status=\(status.rawValue)") }
        if let cursor { query.append("cursor=\(cursor)") }
        return try await relay.staff("GET", "/v1/staff/inbox?" + query.joined(separator: "&"), key: keys.signing, as: InboxPage.self)
    }

    /// A whole thread, every message opened and both author chains checked.
    public func thread(_ handle: String, with clinicKeys: ClinicKeys) async throws -> (StaffThread, OpenedThread) {
        let thread = try await relay.staff("GET", "/v1/staff/threads/\(try Self.checked(handle))", key: keys.signing, as: StaffThread.self)
        return (thread, Self.open(thread.messages, writerKey: thread.writerKey.bytes, with: clinicKeys))
    }

    /// Opens messages of a thread whose writer key is `writerKey` (also for inbox previews).
    public static func open(_ records: [MessageRecord], writerKey: [UInt8], with clinicKeys: ClinicKeys) -> OpenedThread {
        OpenedThread.open(records) { (record) throws(LuckaError) in
            guard let pair = clinicKeys.inbox[record.epoch] else {
                throw LuckaError(.authenticationFailed, "it was sealed to inbox epoch \(record.epoch), whose key you do not hold")
            }
            return try MessageBox.open(record.ciphertext.bytes, with: pair.secretKey, from: writerKey, expectedAuthor: record.author)
        }
    }

    /// Seals a reply with the current inbox key; `displayName` goes inside the envelope.
    public func reply(to handle: String, text: String, displayName: String, with clinicKeys: ClinicKeys) async throws -> PostedMessage {
        let (thread, opened) = try await self.thread(handle, with: clinicKeys)
        let envelope = Envelope(author: .clinic, counsellorName: displayName, text: text, previous: opened.previousHash(for: .clinic))
        let sealed: [UInt8]
        do { sealed = try MessageBox.seal(envelope, from: try clinicKeys.current().secretKey, to: thread.writerKey.bytes) } catch let error as LuckaError {
            throw ClientError(.local, error.reason)
        }
        return try await relay.staff(
            "POST", "/v1/staff/threads/\(thread.handle)/messages", body: ReplyRequest(epoch: clinicKeys.clinic.current.epoch, message: sealed),
            key: keys.signing, as: PostedMessage.self)
    }

    public func setStatus(_ handle: String, _ status: ThreadStatus) async throws {
        try await relay.staff("POST", "/v1/staff/threads/\(try Self.checked(handle))/status", body: StatusRequest(status: status), key: keys.signing)
    }

    public func delete(_ handle: String) async throws {
        try await relay.staff("POST", "/v1/staff/threads/\(try Self.checked(handle))/delete", key: keys.signing)
    }

    /// Handles and ids are short lowercase tokens; anything else never reaches a URL.
    static func checked(_ token: String) throws -> String {
        guard !token.isEmpty, token.count <= 40, token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw ClientError(.local, "\(token.prefix(40)) is not a valid handle")
        }
        return token.lowercased()
    }
}
