import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import Testing

/// What docs/PROTOCOL.md and docs/openapi.yaml promise where an independent client found
/// them wrong or vague: the inbox's query parameters, the stale_epoch answer, the founder's
/// wrapped keys, the counsellor's name as the sender's claim, and the signed-request example.
@Suite("Document fixes")
struct DocumentFixTests {
    // MARK: Inbox query parameters

    @Test("An unknown or repeated inbox query parameter is 400 bad_request, and the message names it")
    func unknownOrRepeatedInboxParameter() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            _ = try await relay.newThread(in: clinic)

            func refused(_ query: String) async throws -> String {
                let response = try await relay.staff(.get, "/v1/staff/inbox?\(query)", as: clinic.admin)
                #expect(response.status == .badRequest, "\(query): \(response.status) \(response.text)")
                #expect(response.errorCode == "bad_request", "\(query): \(response.text)")
                return (try? response.decode(APIErrorBody.self).message) ?? ""
            }

            let unknown = [
                ("page=2", "page"), ("limit=5&offset=10", "offset"), ("stauts=new", "stauts"), ("status=new&Limit=5", "Limit"),
                ("channel=self&sort=oldest&limit=5", "sort"),
            ]
            for (query, name) in unknown {
                let message = try await refused(query)
                #expect(message.contains("Unknown query parameter \(name):"), "\(query): \(message)")
                #expect(message.contains("channel, status, cursor, limit, mine, unassigned and overdue"), "\(query): \(message)")
            }

            let repeated = [
                ("limit=5&limit=6", "limit"), ("status=new&channel=self&status=closed", "status"),
                ("channel=self&channel=self", "channel"), ("cursor=1.abc&limit=5&cursor=2.abc", "cursor"),
            ]
            for (query, name) in repeated {
                let message = try await refused(query)
                #expect(message.contains("parameter \(name) is given more than once"), "\(query): \(message)")
            }

            // A name that is not short and plain is refused without being repeated back.
            for query in ["%3Cscript%3E=1", "li%6Dit=5", "\(String(repeating: "a", count: 40))=1", "a+b=1"] {
                let message = try await refused(query)
                #expect(message.contains("an unknown parameter"), "\(query): \(message)")
                #expect(!message.contains("%") && !message.contains("aaaa") && !message.contains("a+b"), "\(query): \(message)")
            }
            for query in ["limit=5&&status=new", "=5"] {
                #expect(try await refused(query).contains("without a name"), "\(query)")
            }
        }
    }

    @Test("The inbox still takes each of its four parameters once, in any order, and no query at all")
    func knownInboxParameters() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            for query in ["", "?", "?limit=10&status=new&channel=self", "?channel=self&limit=1"] {
                let response = try await relay.staff(.get, "/v1/staff/inbox\(query)", as: clinic.admin)
                try #require(response.status == .ok, "\(query): \(response.status) \(response.text)")
                #expect(try response.decode(InboxPage.self).threads.map(\.writerKey.bytes) == [writer.publicKey], "\(query)")
            }
            let first = try await relay.staff(.get, "/v1/staff/inbox?limit=1", as: clinic.admin).decode(InboxPage.self)
            let next = try #require(first.next)
            let second = try await relay.staff(.get, "/v1/staff/inbox?cursor=\(next)&status=new&limit=1", as: clinic.admin)
            #expect(second.status == .ok, "\(second.text)")
        }
    }

    // MARK: stale_epoch

    @Test("stale_epoch says the epoch is not the current one, for an older and for a future epoch alike")
    func staleEpochMessage() async throws {
        try await withRelay { relay in
            var clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            var future = clinic
            future.epoch = 2
            future.inboxKeys[2] = clinic.currentInbox

            var answers = [
                try await relay.createThread(try Writer(), in: future), try await relay.post(writer, in: future),
                try await relay.reply(to: handle, writerKey: writer.publicKey, in: future, as: clinic.admin),
            ]
            let old = clinic
            try await relay.rotate(&clinic)
            answers += [
                try await relay.createThread(try Writer(), in: old), try await relay.post(writer, in: old),
                try await relay.reply(to: handle, writerKey: writer.publicKey, in: old, as: clinic.admin),
            ]
            for answer in answers {
                #expect(answer.status == .conflict && answer.errorCode == "stale_epoch", "\(answer.status) \(answer.text)")
                let message = (try? answer.decode(APIErrorBody.self).message) ?? ""
                #expect(message.contains("not the clinic's current inbox epoch") && !message.contains("newer"), "\(message)")
                #expect(message.contains("Fetch the clinic's keys again"), "\(message)")
            }
        }
    }

    // MARK: The founder's wrapped keys

    @Test("A founding enrolment's wrapped keys must carry staffID, sent as \"\"; the relay fills in the founder's id")
    func founderWrappedKeysCarryAnEmptyStaffID() async throws {
        try await withRelay { relay in
            let slug = "grundarmottagningen"
            let invitation = try await ClinicAdministration(store: relay.store, configuration: relay.configuration).createClinic(slug: slug)
            var admin = try StaffIdentity.generate("Grundaren")
            let setup = try clinicSetup(
                slug: slug, signingKey: try SigningKeyPair.generate(), profile: sampleProfile(slug: slug), inbox: try BoxKeyPair.generate(),
                for: admin)
            #expect(setup.wrappedKeys.allSatisfy { $0.staffID == "" })
            let request = EnrolRequest(token: invitation.token, displayName: admin.name, boxKey: admin.box.publicKey, setup: setup)

            // Without the field: 400 naming it, and the token is not used up.
            var object = try #require(try JSONSerialization.jsonObject(with: Data(try json(request))) as? [String: Any])
            var setupObject = try #require(object["setup"] as? [String: Any])
            let keys = try #require(setupObject["wrappedKeys"] as? [[String: Any]])
            setupObject["wrappedKeys"] = keys.map { key in key.filter { $0.key != "staffID" } }
            object["setup"] = setupObject
            let withoutField = Array(try JSONSerialization.data(withJSONObject: object))
            let missing = try await relay.staff(.post, "/v1/staff/enrol", body: withoutField, as: admin)
            #expect(missing.status == .badRequest && missing.errorCode == "bad_request", "\(missing.status) \(missing.text)")
            #expect(((try? missing.decode(APIErrorBody.self).message) ?? "").contains("staffID"), "\(missing.text)")

            // With "": the founder is enrolled, and every wrapped key names the founder's new id.
            let response = try await relay.staff(.post, "/v1/staff/enrol", json: request, as: admin)
            try #require(response.status == .created, "\(response.status) \(response.text)")
            admin.id = try response.decode(StaffMember.self).id
            let bundle = try await relay.staff(.get, "/v1/staff/keys", as: admin).decode(StaffKeyBundle.self)
            #expect(bundle.wrappedKeys.count == 2 && bundle.wrappedKeys.allSatisfy { $0.staffID == admin.id })
        }
    }

    // MARK: The counsellor's name

    @Test("The relay does not check the counsellor name inside a reply: it is the sender's claim")
    func counsellorNameIsTheSendersClaim() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let counsellor = try await relay.addActive("Bertil", in: clinic)
            let writer = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: counsellor)
            // Bertil signs the request, but the envelope names the admin.
            let sealed = try MessageBox.seal(
                Envelope(author: .clinic, counsellorName: clinic.admin.name, text: "Skrivet av Bertil."),
                from: clinic.currentInbox.secretKey, to: writer.publicKey)
            let response = try await relay.staff(
                .post, "/v1/staff/threads/\(handle)/messages", json: ReplyRequest(epoch: clinic.epoch, message: sealed), as: counsellor)
            #expect(response.status == .created, "\(response.text)")
            let thread = try await relay.read(writer).decode(WriterThread.self)
            let last = try #require(thread.messages.last)
            let opened = try MessageBox.open(
                last.ciphertext.bytes, with: writer.keys.boxKeyPair.secretKey, from: clinic.currentInbox.publicKey, expectedAuthor: .clinic)
            #expect(opened.counsellorName == clinic.admin.name && opened.counsellorName != counsellor.name)
        }
    }

    @Test("A counsellor name with a control character is refused when sealing, as when opening")
    func controlCharactersAreRefusedWhenSealing() throws {
        let writer = try BoxKeyPair.generate()
        let inbox = try BoxKeyPair.generate()
        func seal(_ name: String) throws(LuckaError) -> [UInt8] {
            try MessageBox.seal(Envelope(author: .clinic, counsellorName: name, text: "Hej"), from: inbox.secretKey, to: writer.publicKey)
        }
        for name in ["An\u{0}na", "Anna\n", "An\tna", "An\u{7F}na", "An\u{85}na", "An\u{9F}na"] {
            let error = #expect(throws: LuckaError.self, "\(name.unicodeScalars.map(\.value))") { try seal(name) }
            #expect(error?.code == .envelopeMalformed)
        }
        // Other characters are allowed, including format characters and non-Latin letters.
        for name in ["Åsa Ö.", "Anna\u{200D}", "Анна", "🙂"] {
            #expect(try MessageBox.open(try seal(name), with: writer.secretKey, from: inbox.publicKey).counsellorName == name)
        }
    }

    // MARK: The signed-request example

    /// docs/PROTOCOL.md section 14, "Signed request", and the timestamp rule of section 12.
    @Test("The signed-request example of docs/PROTOCOL.md matches LuckaCore and the relay's routes")
    func signedRequestExample() throws {
        let staff = try SigningKeyPair(seed: SecureBytes(copying: Array(UInt8(64)..<96)))
        #expect(staff.publicKey.hex == "2543b92ff1095511476adc8369db6ddc933665a11978dda1404ee1066ca9559d")
        #expect(staff.publicKey.base64 == "JUO5L/EJVRFHatyDadtt3JM2ZaEZeN2hQE7hBmypVZ0=")
        let path = "/v1/staff/threads/h7qx2m9c4t0a/status"
        let nonce = "000102030405060708090a0b0c0d0e0f"
        let body = Array(#"{"status":"closed"}"#.utf8)
        #expect(LuckaCore.Hash.blake2b(body).hex == "deb829f205afd55d01819a093a8bd8cf2ac675b7a81770e047f99b96b25cc8a5")
        let signedBytes = """
            lucka/request/v1
            POST
            /v1/staff/threads/h7qx2m9c4t0a/status
            1767225600
            000102030405060708090a0b0c0d0e0f
            deb829f205afd55d01819a093a8bd8cf2ac675b7a81770e047f99b96b25cc8a5
            """
        let signature = "0xJUqXdFt6qJlENkj6bw0A9T7vGIN30R8uXfDLImIO3qPetN7zQm2yZwCSCZ1K6FM3s7u9psoiRlIf8svxTjCw=="
        #expect(try staff.sign(Array(signedBytes.utf8)).base64 == signature)

        // LuckaCore rebuilds the same bytes from the request. The timestamp line is the
        // parsed header in canonical form, so a "+" or leading zeros in the header still verify.
        for timestamp in ["1767225600", "+1767225600", "01767225600", "+01767225600"] {
            let headers = [
                SignedRequest.keyHeader: staff.publicKey.base64, SignedRequest.timestampHeader: timestamp,
                SignedRequest.nonceHeader: nonce, SignedRequest.signatureHeader: signature,
            ]
            let request = try SignedRequest(header: { headers[$0] })
            #expect(request.timestamp == 1_767_225_600)
            try request.verify(method: "post", path: path, body: body, now: Date(timeIntervalSince1970: 1_767_225_700))
        }

        // The example's route is one the relay serves, and its handle has the documented form.
        let router = buildRouter(configuration: RelayConfiguration(), store: try SQLiteRelayStore.inMemory())
        #expect(router.routes.contains { $0.method.rawValue == "POST" && $0.path.description == "/v1/staff/threads/{handle}/status" })
        #expect("h7qx2m9c4t0a".utf8.count == 12 && "h7qx2m9c4t0a".allSatisfy { "0123456789abcdefghjkmnpqrstvwxyz".contains($0) })
    }
}
