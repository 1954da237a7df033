import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import LuckaCore
@testable import LuckaRelay
import Testing

// Helpers shared by the relay's route tests: an in-memory relay driven through the
// router, clinics set up through the real enrolment route, signed staff requests, and
// writers that seal real envelopes.

// MARK: The relay under test

/// One relay (router + a fresh store) for one test.
struct Harness: Sendable {
    let client: any TestClientProtocol
    let store: any RelayStore
    let configuration: RelayConfiguration

    /// The store as SQLite, for the tests that look inside it (they pass a SQLite store).
    var sqlite: SQLiteRelayStore { store as! SQLiteRelayStore }
}

/// The configuration tests start from: no sweep service, defaults otherwise.
func testConfiguration() -> RelayConfiguration {
    var configuration = RelayConfiguration()
    configuration.sweepIntervalHours = 0
    // Router tests have no network, so every request is one source: the per-source
    // budgets are off unless a test turns them on (SourceBudgetTests).
    configuration.newThreadsPerSourcePerHour = 0
    configuration.storageBytesPerSourcePerDay = 0
    configuration.requestsPerSourcePerSecond = 0
    // No notice service either (NoticeTests drive it themselves).
    configuration.noticesEnabled = false
    return configuration
}

/// Builds the real application on a fresh store of the engine under test (TestEngine)
/// and runs `test` against its router. `.live` runs a real server on a loopback port instead.
func withRelay<T: Sendable>(
    _ configure: (inout RelayConfiguration) -> Void = { _ in },
    setup: TestingSetup = .router,
    store: (any RelayStore)? = nil,
    _ test: @escaping @Sendable (Harness) async throws -> T
) async throws -> T {
    var configuration = testConfiguration()
    configuration.port = 0
    configure(&configuration)
    let frozen = configuration
    @Sendable func run(_ store: any RelayStore) async throws -> T {
        let app = buildApplication(configuration: frozen, store: store, logger: Logger(label: "test"))
        return try await app.test(setup) { client in
            try await test(Harness(client: client, store: store, configuration: frozen))
        }
    }
    if let store { return try await run(store) }
    return try await TestEngine.withStore { try await run($0) }
}

// MARK: Bodies and answers

func json(_ value: some Encodable) throws -> [UInt8] { Array(try JSONEncoder().encode(value)) }

func buffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }
func buffer(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

extension TestResponse {
    var bytes: [UInt8] { Array(body.readableBytesView) }
    var text: String { String(buffer: body) }

    func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    /// The `error` field of an APIErrorBody, or nil if the body is not one.
    var errorCode: String? { (try? decode(APIErrorBody.self))?.error }

    var retryAfter: Int? { headers[.retryAfter].flatMap { Int($0) } }
}

// MARK: Staff

/// A staff member's keys as their machine holds them, and the id the relay gave them.
struct StaffIdentity: Sendable {
    let signing: SigningKeyPair
    let box: BoxKeyPair
    let name: String
    var id: String = ""

    static func generate(_ name: String) throws -> StaffIdentity {
        StaffIdentity(signing: try SigningKeyPair.generate(), box: try BoxKeyPair.generate(), name: name)
    }
}

/// A clinic as its admin knows it: the signing key, every inbox key pair, the founder.
struct ClinicFixture: Sendable {
    let slug: String
    let signingKey: SigningKeyPair
    var profile: ClinicProfile
    var inboxKeys: [UInt32: BoxKeyPair]
    var epoch: UInt32
    var admin: StaffIdentity

    var currentInbox: BoxKeyPair { inboxKeys[epoch]! }
}

func sampleProfile(slug: String, channels: [Channel] = Channel.allCases, name: String = "Testmottagningen") -> ClinicProfile {
    ClinicProfile(
        slug: slug, name: name, region: "Jönköpings län", municipalities: ["Jönköping", "Habo"],
        phone: "036-10 20 30", phoneHours: "tisdagar 08:30–09:30", answerTime: "inom tre arbetsdagar",
        channels: channels, languages: ["sv", "en"], about: "En mottagning för test.")
}

/// Headers for a request signed by `key` over exactly these method, path and body.
func signedHeaders(
    method: HTTPRequest.Method, path: String, body: [UInt8], key: SigningKeyPair, now: Date = Date()
) throws -> HTTPFields {
    let signature = try SignedRequest.sign(method: method.rawValue, path: path, body: body, with: key, now: now)
    var headers: HTTPFields = [.contentType: "application/json"]
    for (name, value) in signature.headers { headers[HTTPField.Name(name)!] = value }
    return headers
}

/// A signed request ready to send (and, for replay tests, to send again unchanged).
struct PreparedRequest: Sendable {
    let method: HTTPRequest.Method
    let path: String
    let headers: HTTPFields
    let body: [UInt8]
}

extension Harness {
    /// Sends a request as is.
    func send(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await client.execute(uri: path, method: method, headers: headers, body: body.map(buffer))
    }

    func send(_ request: PreparedRequest) async throws -> TestResponse {
        try await send(request.method, request.path, body: request.body, headers: request.headers)
    }

    func prepare(_ method: HTTPRequest.Method, _ path: String, body: [UInt8] = [], as key: SigningKeyPair, now: Date = Date()) throws -> PreparedRequest {
        PreparedRequest(method: method, path: path, headers: try signedHeaders(method: method, path: path, body: body, key: key, now: now), body: body)
    }

    /// Signs (method, path with query, body) with the staff member's key and sends it.
    func staff(_ method: HTTPRequest.Method, _ path: String, body: [UInt8] = [], as staff: StaffIdentity, now: Date = Date()) async throws -> TestResponse {
        try await send(prepare(method, path, body: body, as: staff.signing, now: now))
    }

    func staff(_ method: HTTPRequest.Method, _ path: String, json value: some Encodable, as staff: StaffIdentity) async throws -> TestResponse {
        try await self.staff(method, path, body: try json(value), as: staff)
    }

    // MARK: Clinic set-up

    /// Creates a clinic through `ClinicAdministration` and enrols its founding admin
    /// through POST /v1/staff/enrol with a full ClinicSetup.
    func makeClinic(_ slug: String = "testmottagningen", channels: [Channel] = Channel.allCases) async throws -> ClinicFixture {
        let invitation = try await ClinicAdministration(store: store, configuration: configuration).createClinic(slug: slug)
        #expect(invitation.role == .admin)
        var admin = try StaffIdentity.generate("Admin \(slug)")
        let signingKey = try SigningKeyPair.generate()
        let profile = sampleProfile(slug: slug, channels: channels)
        let inbox = try BoxKeyPair.generate()
        let setup = try clinicSetup(slug: slug, signingKey: signingKey, profile: profile, inbox: inbox, for: admin)
        let request = EnrolRequest(token: invitation.token, displayName: admin.name, boxKey: admin.box.publicKey, setup: setup)
        let response = try await staff(.post, "/v1/staff/enrol", json: request, as: admin)
        try #require(response.status == .created, "founding enrolment: \(response.status) \(response.text)")
        let member = try response.decode(StaffMember.self)
        #expect(member.role == .admin && member.status == .active && member.clinic == slug)
        admin.id = member.id
        return ClinicFixture(slug: slug, signingKey: signingKey, profile: profile, inboxKeys: [1: inbox], epoch: 1, admin: admin)
    }

    /// Enrols `identity` with an invitation token; the answer is the relay's (not checked).
    func enrol(_ identity: StaffIdentity, token: String, setup: ClinicSetup? = nil) async throws -> TestResponse {
        try await staff(.post, "/v1/staff/enrol", json: EnrolRequest(token: token, displayName: identity.name, boxKey: identity.box.publicKey, setup: setup), as: identity)
    }

    func invite(_ role: StaffRole, in clinic: ClinicFixture) async throws -> Invitation {
        let response = try await staff(.post, "/v1/staff/invitations", json: InvitationRequest(role: role), as: clinic.admin)
        try #require(response.status == .created, "invitation: \(response.status) \(response.text)")
        return try response.decode()
    }

    /// Invites and enrols a new member, who stays pending.
    func addPending(_ name: String, role: StaffRole = .counsellor, in clinic: ClinicFixture) async throws -> StaffIdentity {
        let invitation = try await invite(role, in: clinic)
        var member = try StaffIdentity.generate(name)
        let response = try await enrol(member, token: invitation.token)
        try #require(response.status == .created, "enrolment: \(response.status) \(response.text)")
        let stored = try response.decode(StaffMember.self)
        #expect(stored.status == .pending && stored.role == role)
        member.id = stored.id
        return member
    }

    /// The approval an admin sends: the current inbox secret (and for admins the signing
    /// seed) wrapped to the newcomer's box key.
    func approval(for member: StaffIdentity, role: StaffRole = .counsellor, in clinic: ClinicFixture) throws -> ApproveRequest {
        var keys = [WrappedKey(staffID: member.id, kind: .inbox, epoch: clinic.epoch, wrapped: try SealedBox.seal(clinic.currentInbox.secretKey, to: member.box.publicKey))]
        if role == .admin {
            keys.append(WrappedKey(staffID: member.id, kind: .signing, epoch: 0, wrapped: try SealedBox.seal(try clinic.signingKey.seed(), to: member.box.publicKey)))
        }
        return ApproveRequest(wrappedKeys: keys)
    }

    /// Invites, enrols and approves a new member.
    func addActive(_ name: String, role: StaffRole = .counsellor, in clinic: ClinicFixture) async throws -> StaffIdentity {
        let member = try await addPending(name, role: role, in: clinic)
        let response = try await staff(.post, "/v1/staff/members/\(member.id)/approve", json: try approval(for: member, role: role, in: clinic), as: clinic.admin)
        try #require(response.status == .noContent, "approval: \(response.status) \(response.text)")
        return member
    }

    /// A new epoch's key pair and the request that starts it, wrapped for every active
    /// member except `excluding`.
    func newEpoch(for clinic: ClinicFixture, excluding: String? = nil) async throws -> (BoxKeyPair, NewEpochRequest) {
        let inbox = try BoxKeyPair.generate()
        let epoch = clinic.epoch + 1
        let certificate = try InboxCertificate.issue(clinic: clinic.slug, epoch: epoch, publicKey: inbox.publicKey, signingKey: clinic.signingKey)
        let recipients = try await store.staffMembers(clinic: clinic.slug).filter { $0.status == .active && $0.id != excluding }
        let wrapped = try recipients.map { member in
            WrappedKey(staffID: member.id, kind: .inbox, epoch: epoch, wrapped: try SealedBox.seal(inbox.secretKey, to: member.boxKey))
        }
        return (inbox, NewEpochRequest(inboxKey: certificate, wrappedKeys: wrapped))
    }

    /// Rotates the inbox key through POST /v1/staff/epochs.
    func rotate(_ clinic: inout ClinicFixture) async throws {
        let (inbox, request) = try await newEpoch(for: clinic)
        let response = try await staff(.post, "/v1/staff/epochs", json: request, as: clinic.admin)
        try #require(response.status == .noContent, "rotation: \(response.status) \(response.text)")
        clinic.epoch += 1
        clinic.inboxKeys[clinic.epoch] = inbox
    }

    /// Removes a member through POST /v1/staff/members/{id}/remove, starting a new epoch.
    func remove(_ member: StaffIdentity, from clinic: inout ClinicFixture) async throws {
        let (inbox, request) = try await newEpoch(for: clinic, excluding: member.id)
        let response = try await staff(.post, "/v1/staff/members/\(member.id)/remove", json: request, as: clinic.admin)
        try #require(response.status == .noContent, "removal: \(response.status) \(response.text)")
        clinic.epoch += 1
        clinic.inboxKeys[clinic.epoch] = inbox
    }

    // MARK: Writers

    func createThread(_ writer: Writer, in clinic: ClinicFixture, channel: Channel = .self, text: String = "Hej, jag behöver prata med någon.") async throws -> TestResponse {
        let request = CreateThreadRequest(
            clinic: clinic.slug, channel: channel, writerKey: writer.publicKey, lookupToken: writer.token, epoch: clinic.epoch,
            message: try writer.seal(text, to: clinic.currentInbox.publicKey))
        return try await send(.post, "/v1/threads", body: try json(request))
    }

    /// A new writer with a thread in `clinic`.
    func newThread(in clinic: ClinicFixture, channel: Channel = .self) async throws -> Writer {
        let writer = try Writer()
        let response = try await createThread(writer, in: clinic, channel: channel)
        try #require(response.status == .created, "create thread: \(response.status) \(response.text)")
        return writer
    }

    func read(_ writer: Writer) async throws -> TestResponse {
        try await send(.post, "/v1/threads/read", body: try json(ThreadAccessRequest(lookupToken: writer.token)))
    }

    func post(_ writer: Writer, in clinic: ClinicFixture, text: String = "Ett meddelande till.") async throws -> TestResponse {
        let request = PostMessageRequest(
            lookupToken: writer.token, writerKey: writer.publicKey, epoch: clinic.epoch,
            message: try writer.seal(text, to: clinic.currentInbox.publicKey))
        return try await send(.post, "/v1/threads/messages", body: try json(request))
    }

    func deleteThread(_ writer: Writer) async throws -> TestResponse {
        try await send(.post, "/v1/threads/delete", body: try json(ThreadAccessRequest(lookupToken: writer.token)))
    }

    /// The thread's public handle, as staff find it in the inbox (by writer key).
    func handle(of writer: Writer, as member: StaffIdentity) async throws -> String {
        let response = try await staff(.get, "/v1/staff/inbox?limit=200", as: member)
        try #require(response.status == .ok, "inbox: \(response.status) \(response.text)")
        let page = try response.decode(InboxPage.self)
        return try #require(page.threads.first { $0.writerKey.bytes == writer.publicKey }?.handle)
    }

    /// A counsellor's reply, sealed from the current inbox key to the writer.
    func reply(to handle: String, writerKey: [UInt8], in clinic: ClinicFixture, as member: StaffIdentity, text: String = "Hej! Vi hörs.") async throws -> TestResponse {
        let sealed = try MessageBox.seal(
            Envelope(author: .clinic, counsellorName: member.name, text: text), from: clinic.currentInbox.secretKey, to: writerKey)
        return try await staff(.post, "/v1/staff/threads/\(handle)/messages", json: ReplyRequest(epoch: clinic.epoch, message: sealed), as: member)
    }
}

/// The clinic's founding upload: public keys, a signed profile, secrets wrapped for the founder.
func clinicSetup(slug: String, signingKey: SigningKeyPair, profile: ClinicProfile, inbox: BoxKeyPair, epoch: UInt32 = 1, for admin: StaffIdentity) throws -> ClinicSetup {
    ClinicSetup(
        signingKey: signingKey.publicKey,
        profile: try SignedProfile.sign(profile, with: signingKey),
        inboxKey: try InboxCertificate.issue(clinic: slug, epoch: epoch, publicKey: inbox.publicKey, signingKey: signingKey),
        wrappedKeys: [
            WrappedKey(staffID: "", kind: .signing, epoch: 0, wrapped: try SealedBox.seal(try signingKey.seed(), to: admin.box.publicKey)),
            WrappedKey(staffID: "", kind: .inbox, epoch: epoch, wrapped: try SealedBox.seal(inbox.secretKey, to: admin.box.publicKey)),
        ])
}

/// A writer: a fresh code and the keys derived from it.
struct Writer: Sendable {
    let code: ConversationCode
    let keys: WriterKeys

    init() throws {
        code = ConversationCode.generate()
        keys = try WriterKeys(code: code)
    }

    var token: [UInt8] { keys.lookupToken.copyBytes() }
    var publicKey: [UInt8] { keys.boxKeyPair.publicKey }

    func seal(_ text: String, to inboxKey: [UInt8]) throws -> [UInt8] {
        try MessageBox.seal(Envelope(author: .writer, text: text), from: keys.boxKeyPair.secretKey, to: inboxKey)
    }
}

/// 32 random bytes: a lookup token no thread has.
func randomToken() -> [UInt8] { Random.bytes(32) }
