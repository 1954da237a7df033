import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import Testing

/// The application as `serve` runs it: a real HTTP server, and the expiry sweep service.
@Suite("Application")
struct ApplicationTests {
    @Test("Over a real loopback connection: signed requests with a query, 413, headers")
    func liveServer() async throws {
        try await withRelay({ $0.maximumBodyBytes = 8 * 1024 }, setup: .live) { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic, channel: .relative)
            // The server sees the path with its query exactly as the client signed it.
            let inbox = try await relay.staff(.get, "/v1/staff/inbox?channel=relative&status=new&limit=10", as: clinic.admin)
            #expect(inbox.status == .ok)
            #expect(try inbox.decode(InboxPage.self).threads.map(\.writerKey.bytes) == [writer.publicKey])
            SecurityHeaderTests.expectHeaders(inbox, "live inbox")

            #expect(try await relay.read(writer).status == .ok)

            // Last: the server may close a connection whose body it refused unread (the
            // hostile-input suite shows the relay serving on after thousands of these).
            let tooLarge = try await relay.send(.post, "/v1/threads", body: [UInt8](repeating: UInt8(ascii: " "), count: 9 * 1024))
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.errorCode == "too_large")
            SecurityHeaderTests.expectHeaders(tooLarge, "live 413")
        }
    }

    @Test("The sweep service deletes expired threads when the relay starts")
    func sweepAtStart() async throws {
        let store = try SQLiteRelayStore.inMemory()
        let (fixture, expired, fresh) = try await withRelay(store: store) { relay in
            let clinic = try await relay.makeClinic()
            let fresh = try await relay.newThread(in: clinic)
            // A thread whose expiry day has passed, stored directly.
            let expired = try Writer()
            let yesterday = Day.today().adding(days: -1)
            try await relay.store.createThread(NewThread(
                lookupHash: expired.keys.lookupHash, handle: "expired00000", clinic: clinic.slug, channel: .self, writerKey: expired.publicKey,
                epoch: 1, ciphertext: try expired.seal("gammalt", to: clinic.currentInbox.publicKey), today: yesterday.adding(days: -90),
                expires: yesterday))
            #expect(try await relay.read(expired).status == .ok)
            return (clinic, expired, fresh)
        }
        _ = fixture
        try await withRelay({ $0.sweepIntervalHours = 24 }, store: store) { relay in
            var gone = false
            for _ in 0..<100 where !gone {
                gone = try await relay.store.thread(lookupHash: expired.keys.lookupHash) == nil
                if !gone { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(gone)
            let response = try await relay.read(expired)
            #expect(response.status == .notFound)
            #expect(response.errorCode == "not_found")
            #expect(try await relay.read(fresh).status == .ok)
        }
    }
}
