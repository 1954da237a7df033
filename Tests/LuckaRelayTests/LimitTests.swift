import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import Testing

/// The abuse limits: per thread per day, per clinic per hour, and relay-wide.
@Suite("Limits")
struct LimitTests {
    @Test("A writer's messages per thread per day: past the limit, 429 daily_limit with Retry-After until midnight")
    func writerDailyLimit() async throws {
        try await withRelay({ $0.writerMessagesPerThreadPerDay = 3 }) { relay in
            let clinic = try await relay.makeClinic()
            // The first message (creating the thread) counts.
            let writer = try await relay.newThread(in: clinic)
            #expect(try await relay.post(writer, in: clinic).status == .created)
            #expect(try await relay.post(writer, in: clinic).status == .created)
            let refused = try await relay.post(writer, in: clinic)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "daily_limit")
            let wait = try #require(refused.retryAfter)
            #expect(wait > 0 && wait <= 86_400)
            #expect(abs(wait - Day.secondsUntilTomorrow()) <= 5)
            #expect(try await relay.read(writer).decode(WriterThread.self).messages.count == 3)

            // Another thread has its own allowance, and the clinic can still answer.
            let other = try await relay.newThread(in: clinic)
            #expect(try await relay.post(other, in: clinic).status == .created)
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            #expect(try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: clinic.admin).status == .created)
            // Replies do not give the writer more room.
            #expect(try await relay.post(writer, in: clinic).status == .tooManyRequests)
        }
    }

    @Test("The clinic's replies per thread per day: past the limit, 429 daily_limit")
    func clinicDailyLimit() async throws {
        try await withRelay({ $0.clinicMessagesPerThreadPerDay = 2 }) { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            for _ in 0..<2 {
                #expect(try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: clinic.admin).status == .created)
            }
            let refused = try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: clinic.admin)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "daily_limit")
            #expect(refused.retryAfter != nil)
        }
    }

    @Test("New threads per clinic per hour: past the limit, 429 clinic_full with Retry-After; other clinics unaffected")
    func newThreadsPerHour() async throws {
        try await withRelay({ $0.newThreadsPerClinicPerHour = 2 }) { relay in
            let clinic = try await relay.makeClinic("full")
            let other = try await relay.makeClinic("open")
            // The source's first conversation this hour counts in the newcomers' part, the next two in the rest.
            _ = try await relay.newThread(in: clinic)
            _ = try await relay.newThread(in: clinic)
            _ = try await relay.newThread(in: clinic)
            let refused = try await relay.createThread(try Writer(), in: clinic)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "clinic_full")
            let wait = try #require(refused.retryAfter)
            #expect(wait > 0 && wait <= 3_600)
            #expect(try await relay.createThread(try Writer(), in: other).status == .created)
            // Existing threads keep working.
            let inbox = try await relay.staff(.get, "/v1/staff/inbox", as: clinic.admin).decode(InboxPage.self)
            #expect(inbox.threads.count == 3)
        }
    }

    @Test("Past the relay-wide request rate: 503 overloaded with Retry-After")
    func loadShedderRate() async throws {
        try await withRelay({ $0.requestsPerSecond = 2 }) { relay in
            // The bucket holds two requests and refills at two a second: sending as fast
            // as possible meets a 503 within a few requests.
            let clock = ContinuousClock()
            let start = clock.now
            var accepted = 0
            var refused: TestResponse?
            for _ in 0..<50 {
                let response = try await relay.send(.get, "/v1/clinics")
                if response.status == .serviceUnavailable {
                    refused = response
                    break
                }
                #expect(response.status == .ok)
                accepted += 1
            }
            let elapsed = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
            #expect(accepted >= 2)
            #expect(Double(accepted) <= 2 + 2 * elapsed + 1)
            let response = try #require(refused)
            #expect(response.errorCode == "overloaded")
            #expect(response.retryAfter == 2)
            #expect(response.headers[.cacheControl] == "no-store")

            // The bucket refills.
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await relay.send(.get, "/healthz").status == .ok)
        }
    }

    @Test("With no room for requests in flight, everything is 503 at once")
    func loadShedderConcurrency() async throws {
        try await withRelay({ $0.maximumConcurrentRequests = 0 }) { relay in
            for path in ["/healthz", "/v1/clinics", "/v1/staff/me"] {
                let response = try await relay.send(.get, path)
                #expect(response.status == .serviceUnavailable)
                #expect(response.errorCode == "overloaded")
                #expect(response.retryAfter == 2)
            }
        }
    }

    @Test("Concurrent requests beyond the in-flight cap are shed, and slots are released afterwards")
    func loadShedderReleases() async throws {
        try await withRelay({ $0.maximumConcurrentRequests = 1 }) { relay in
            for _ in 0..<5 {
                let response = try await relay.send(.get, "/healthz")
                #expect(response.status == .ok)
            }
        }
    }
}
