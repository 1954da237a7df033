import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import Testing

/// POST /v1/threads, /v1/threads/read, /v1/threads/messages, /v1/threads/delete.
@Suite("Writer routes")
struct WriterRouteTests {
    // MARK: Success

    @Test("Create, read, post and delete a thread; both sides can open what the other sealed")
    func lifecycle() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let writer = try Writer()

            let created = try await relay.createThread(writer, in: clinic, channel: .relative, text: "Första meddelandet")
            #expect(created.status == .created)
            let posted = try created.decode(PostedMessage.self)
            #expect(posted.seq == 1)
            #expect(posted.date == Day.today().description)

            // The counsellor opens the writer's message with the inbox secret.
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            let staffView = try await relay.staff(.get, "/v1/staff/threads/\(handle)", as: clinic.admin)
            let staffThread = try staffView.decode(StaffThread.self)
            #expect(staffThread.channel == .relative)
            let first = try MessageBox.open(
                staffThread.messages[0].ciphertext.bytes, with: clinic.currentInbox.secretKey, from: writer.publicKey, expectedAuthor: .writer)
            #expect(first.text == "Första meddelandet")

            let reply = try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: clinic.admin, text: "Svar från mottagningen")
            #expect(reply.status == .created)

            let second = try await relay.post(writer, in: clinic, text: "Tack!")
            #expect(second.status == .created)
            #expect(try second.decode(PostedMessage.self).seq == 3)

            let read = try await relay.read(writer)
            #expect(read.status == .ok)
            let thread = try read.decode(WriterThread.self)
            #expect(thread.clinic == clinic.slug)
            #expect(thread.channel == .relative)
            #expect(thread.status == .new)
            #expect(thread.expires == Day.today().adding(days: relay.configuration.retentionDays).description)
            #expect(thread.messages.map(\.seq) == [1, 2, 3])
            #expect(thread.messages.map(\.author) == [.writer, .clinic, .writer])
            #expect(thread.messages.allSatisfy { $0.epoch == 1 && $0.date == Day.today().description })
            // The writer opens the clinic's reply with the key derived from the code.
            let answer = try MessageBox.open(
                thread.messages[1].ciphertext.bytes, with: writer.keys.boxKeyPair.secretKey, from: clinic.currentInbox.publicKey, expectedAuthor: .clinic)
            #expect(answer.text == "Svar från mottagningen")
            #expect(answer.counsellorName == clinic.admin.name)

            let deleted = try await relay.deleteThread(writer)
            #expect(deleted.status == .noContent)
            #expect(deleted.body.readableBytes == 0)
            let gone = try await relay.read(writer)
            #expect(gone.status == .notFound)
            #expect(gone.errorCode == "not_found")
            #expect(try await relay.store.thread(lookupHash: writer.keys.lookupHash) == nil)
        }
    }

    @Test("The relay stores only the lookup hash, never the token")
    func storesHashOnly() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            let stored = try #require(try await relay.store.thread(lookupHash: writer.keys.lookupHash))
            #expect(stored.writerKey == writer.publicKey)
            #expect(try await relay.store.thread(lookupHash: writer.token) == nil)
        }
    }

    // MARK: Bad input

    static let writerPaths = ["/v1/threads", "/v1/threads/read", "/v1/threads/messages", "/v1/threads/delete"]

    @Test("Malformed JSON is 400 bad_request", arguments: writerPaths, ["", "{", "not json", "[]", "{\"lookupToken\": 5}", "{\"lookupToken\": \"***\"}"])
    func malformedJSON(path: String, body: String) async throws {
        try await withRelay { relay in
            let response = try await relay.send(.post, path, body: Array(body.utf8))
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "bad_request")
        }
    }

    @Test("A malformed body's message names no value from the body")
    func messageQuotesNoValue() async throws {
        try await withRelay { relay in
            let body = #"{"lookupToken": "SECRET-VALUE-\#u{1}"}"#
            let response = try await relay.send(.post, "/v1/threads/read", body: Array(body.utf8))
            #expect(response.status == .badRequest)
            #expect(!response.text.contains("SECRET"))
        }
    }

    @Test("Keys and tokens of the wrong size are 400", arguments: [0, 16, 31, 33, 64])
    func wrongSizes(size: Int) async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let writer = try Writer()
            let message = try writer.seal("hej", to: clinic.currentInbox.publicKey)
            let wrong = Random.bytes(size)

            let badKey = CreateThreadRequest(clinic: clinic.slug, channel: .self, writerKey: wrong, lookupToken: writer.token, epoch: 1, message: message)
            let badToken = CreateThreadRequest(clinic: clinic.slug, channel: .self, writerKey: writer.publicKey, lookupToken: wrong, epoch: 1, message: message)
            for request in [badKey, badToken] {
                let response = try await relay.send(.post, "/v1/threads", body: try json(request))
                #expect(response.status == .badRequest)
                #expect(response.errorCode == "bad_request")
            }
            for path in ["/v1/threads/read", "/v1/threads/delete"] {
                let response = try await relay.send(.post, path, body: try json(ThreadAccessRequest(lookupToken: wrong)))
                #expect(response.status == .badRequest)
                #expect(response.errorCode == "bad_request")
            }
            let post = PostMessageRequest(lookupToken: wrong, writerKey: writer.publicKey, epoch: 1, message: message)
            let response = try await relay.send(.post, "/v1/threads/messages", body: try json(post))
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "bad_request")
        }
    }

    @Test("Creating a thread for an unknown or not-set-up clinic is 404 unknown_clinic", arguments: ["no-such-clinic", "not-set-up"])
    func unknownClinic(slug: String) async throws {
        try await withRelay { relay in
            var clinic = try await relay.makeClinic()
            _ = try await ClinicAdministration(store: relay.store, configuration: relay.configuration).createClinic(slug: "not-set-up")
            clinic = ClinicFixture(slug: slug, signingKey: clinic.signingKey, profile: clinic.profile, inboxKeys: clinic.inboxKeys, epoch: 1, admin: clinic.admin)
            let response = try await relay.createThread(try Writer(), in: clinic)
            #expect(response.status == .notFound)
            #expect(response.errorCode == "unknown_clinic")
        }
    }

    @Test("A channel the clinic does not offer is 400 channel_not_offered")
    func channelNotOffered() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic(channels: [.self, .relative])
            let refused = try await relay.createThread(try Writer(), in: clinic, channel: .professional)
            #expect(refused.status == .badRequest)
            #expect(refused.errorCode == "channel_not_offered")
            #expect(try await relay.createThread(try Writer(), in: clinic, channel: .relative).status == .created)

            // A channel no client knows is a malformed body.
            var body = try JSONSerialization.jsonObject(with: Data(try json(CreateThreadRequest(
                clinic: clinic.slug, channel: .self, writerKey: Random.bytes(32), lookupToken: Random.bytes(32), epoch: 1,
                message: Random.bytes(1064))))) as! [String: Any]
            body["channel"] = "neighbour"
            let unknown = try await relay.send(.post, "/v1/threads", body: Array(try JSONSerialization.data(withJSONObject: body)))
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorCode == "bad_request")
        }
    }

    static let badCiphertextSizes = [0, 1, 40, 1063, 1065, 1024, 4135, 4137, 16423, 16425, 32809, 65536]

    @Test("A ciphertext of a non-bucket size is 400 bad_ciphertext on create and post", arguments: badCiphertextSizes)
    func badCiphertext(size: Int) async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let create = CreateThreadRequest(
                clinic: clinic.slug, channel: .self, writerKey: Random.bytes(32), lookupToken: Random.bytes(32), epoch: 1, message: Random.bytes(size))
            let created = try await relay.send(.post, "/v1/threads", body: try json(create))
            #expect(created.status == .badRequest)
            #expect(created.errorCode == "bad_ciphertext")

            let writer = try await relay.newThread(in: clinic)
            let post = PostMessageRequest(lookupToken: writer.token, writerKey: writer.publicKey, epoch: 1, message: Random.bytes(size))
            let posted = try await relay.send(.post, "/v1/threads/messages", body: try json(post))
            #expect(posted.status == .badRequest)
            #expect(posted.errorCode == "bad_ciphertext")
        }
    }

    @Test("Every bucket size is accepted", arguments: MessageBox.sealedLengths)
    func bucketSizes(size: Int) async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let create = CreateThreadRequest(
                clinic: clinic.slug, channel: .self, writerKey: Random.bytes(32), lookupToken: Random.bytes(32), epoch: 1, message: Random.bytes(size))
            #expect(try await relay.send(.post, "/v1/threads", body: try json(create)).status == .created)
        }
    }

    @Test("A stale or future epoch is 409 stale_epoch on create and post")
    func staleEpoch() async throws {
        try await withRelay { relay in
            var clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            let old = clinic
            try await relay.rotate(&clinic)

            // Sealed to the epoch-1 key, sent as epoch 1.
            let staleCreate = try await relay.createThread(try Writer(), in: old)
            #expect(staleCreate.status == .conflict)
            #expect(staleCreate.errorCode == "stale_epoch")
            let stalePost = try await relay.post(writer, in: old)
            #expect(stalePost.status == .conflict)
            #expect(stalePost.errorCode == "stale_epoch")

            var future = clinic
            future.epoch = 3
            future.inboxKeys[3] = clinic.currentInbox
            #expect(try await relay.createThread(try Writer(), in: future).errorCode == "stale_epoch")

            // Fetching the keys again and re-encrypting works.
            #expect(try await relay.createThread(try Writer(), in: clinic).status == .created)
            #expect(try await relay.post(writer, in: clinic).status == .created)
        }
    }

    @Test("A second thread with the same code is 409 thread_exists")
    func duplicateThread() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            let again = try await relay.createThread(writer, in: clinic)
            #expect(again.status == .conflict)
            #expect(again.errorCode == "thread_exists")
        }
    }

    @Test("Posting with another writer key is 403 wrong_writer_key")
    func wrongWriterKey() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            let request = PostMessageRequest(
                lookupToken: writer.token, writerKey: try BoxKeyPair.generate().publicKey, epoch: 1,
                message: try writer.seal("hej", to: clinic.currentInbox.publicKey))
            let response = try await relay.send(.post, "/v1/threads/messages", body: try json(request))
            #expect(response.status == .forbidden)
            #expect(response.errorCode == "wrong_writer_key")
            #expect(try await relay.read(writer).decode(WriterThread.self).messages.count == 1)
        }
    }

    @Test("Every unknown code gets the same 404 body on read, post and delete")
    func unknownCodeUniform() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            // A deleted thread's code is just as unknown as one never used.
            let deleted = try await relay.newThread(in: clinic)
            #expect(try await relay.deleteThread(deleted).status == .noContent)
            let tokens = [randomToken(), randomToken(), [UInt8](repeating: 0, count: 32), deleted.token]

            var bodies: Set<[UInt8]> = []
            for token in tokens {
                let access = try json(ThreadAccessRequest(lookupToken: token))
                let post = try json(PostMessageRequest(
                    lookupToken: token, writerKey: Random.bytes(32), epoch: 1, message: try deleted.seal("hej", to: clinic.currentInbox.publicKey)))
                for (path, body) in [("/v1/threads/read", access), ("/v1/threads/messages", post), ("/v1/threads/delete", access)] {
                    let response = try await relay.send(.post, path, body: body)
                    #expect(response.status == .notFound)
                    #expect(response.errorCode == "not_found")
                    bodies.insert(response.bytes)
                }
            }
            #expect(bodies.count == 1)
            let body = try JSONDecoder().decode(APIErrorBody.self, from: Data(try #require(bodies.first)))
            #expect(body.error == "not_found" && body.message == "No conversation matches this code.")
        }
    }

    @Test("A body over the configured limit is 413 too_large", arguments: ["/v1/threads", "/v1/threads/messages", "/v1/threads/read"])
    func oversized(path: String) async throws {
        try await withRelay { relay in
            let limit = relay.configuration.maximumBodyBytes
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            // A syntactically valid body padded with whitespace past the limit.
            let body = try json(ThreadAccessRequest(lookupToken: writer.token)) + [UInt8](repeating: UInt8(ascii: " "), count: limit)
            let response = try await relay.send(.post, path, body: body)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "too_large")
            // The largest sealed message fits comfortably.
            let large = PostMessageRequest(lookupToken: writer.token, writerKey: writer.publicKey, epoch: 1, message: Random.bytes(MessageBox.sealedLengths.max()!))
            #expect(try await relay.send(.post, "/v1/threads/messages", body: try json(large)).status == .created)
        }
    }

    @Test("A small configured body limit is honoured")
    func smallLimit() async throws {
        try await withRelay({ $0.maximumBodyBytes = 2_000 }) { relay in
            let create = CreateThreadRequest(
                clinic: "x", channel: .self, writerKey: Random.bytes(32), lookupToken: Random.bytes(32), epoch: 1, message: Random.bytes(4136))
            let response = try await relay.send(.post, "/v1/threads", body: try json(create))
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "too_large")
            let small = try await relay.send(.post, "/v1/threads/read", body: try json(ThreadAccessRequest(lookupToken: randomToken())))
            #expect(small.status == .notFound)
        }
    }

    @Test("Writer routes take no GET: the token never travels in a URL")
    func noGet() async throws {
        try await withRelay { relay in
            for path in Self.writerPaths {
                let response = try await relay.send(.get, path)
                #expect(response.status.code >= 400 && response.status.code < 500)
                #expect(response.errorCode != nil)
            }
        }
    }
}
