import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import NIOCore
import Testing

/// Budgets per source (issue 12, findings 2 and 3): what one source spends never comes
/// out of another's; sources are pseudonyms under a key that rotates.
@Suite("Budgets per source")
struct SourceBudgetTests {
    static let a = SourceKey(Array(repeating: 1, count: 16))
    static let b = SourceKey(Array(repeating: 2, count: 16))

    @Test("A token bucket: the capacity at once, then refill over time; Retry-After says when")
    func bucket() {
        let buckets = TokenBuckets(amount: 6, perSeconds: 3600)
        let start = ContinuousClock.now
        for _ in 0..<6 { #expect(buckets.take(Self.a, now: start) == nil) }
        #expect(buckets.take(Self.a, now: start) == 600)
        // Another source has its own bucket.
        #expect(buckets.take(Self.b, now: start) == nil)
        // Ten minutes later one more is allowed.
        #expect(buckets.take(Self.a, now: start + .seconds(600)) == nil)
        #expect(buckets.take(Self.a, now: start + .seconds(600)) != nil)
    }

    @Test("A cost above the capacity is capped; nothing is spent by a refusal")
    func cost() {
        let buckets = TokenBuckets(amount: 1000, perSeconds: 100)
        let now = ContinuousClock.now
        #expect(buckets.take(Self.a, cost: 600, now: now) == nil)
        #expect(buckets.take(Self.a, cost: 600, now: now) == 20)
        #expect(buckets.take(Self.a, cost: 400, now: now) == nil)
        #expect(buckets.take(Self.b, cost: 5000, now: now) == nil)
    }

    @Test("Capacity 0 turns a budget off")
    func off() {
        let buckets = TokenBuckets(amount: 0, perSeconds: 3600)
        for _ in 0..<100 { #expect(buckets.take(Self.a) == nil) }
    }

    @Test("Memory stays bounded, and an old source is never refused because of new ones")
    func bounded() {
        let buckets = TokenBuckets(amount: 2, perSeconds: 3600, maximumSources: 100)
        let now = ContinuousClock.now
        #expect(buckets.take(Self.a, now: now) == nil)
        for n in 0..<1000 {
            var bytes = [UInt8](repeating: 9, count: 16)
            bytes[0] = UInt8(n & 255)
            bytes[1] = UInt8(n >> 8)
            _ = buckets.take(SourceKey(bytes), now: now)
            #expect(buckets.sourceCount <= 100)
        }
        // Whatever was dropped, `a` can still spend (it only ever gains budget).
        #expect(buckets.take(Self.a, now: now) == nil)
    }

    @Test("Pseudonyms: IPv4 whole, IPv6 by /64 (and its /56 and /48), stable under one key, different after rotation")
    func pseudonyms() throws {
        let pseudonyms = SourcePseudonyms(rotationSeconds: 60)
        let now = ContinuousClock.now
        func source(_ address: String) throws -> BudgetSource {
            pseudonyms.key(for: RequestSource(try SocketAddress(ipAddress: address, port: 1)), now: now).0
        }
        #expect(try source("192.0.2.1") == source("192.0.2.1"))
        #expect(try source("192.0.2.1") != source("192.0.2.2"))
        #expect(try source("192.0.2.1").path == .ipv4 && source("192.0.2.1").keys.count == 1)
        #expect(try source("2001:db8:1:2::1") == source("2001:db8:1:2:ffff::9"))
        #expect(try source("2001:db8:1:2::1").own != source("2001:db8:1:3::1").own)
        // Two /64s of one /56 share its key and their /48's; another /56 shares only the /48.
        let (a, b, c) = (try source("2001:db8:1:2::1"), try source("2001:db8:1:3::1"), try source("2001:db8:1:4200::1"))
        #expect(a.path == .ipv6 && a.keys.count == 3)
        #expect(a.keys[1] == b.keys[1] && a.keys[2] == b.keys[2])
        #expect(a.keys[1] != c.keys[1] && a.keys[2] == c.keys[2])
        #expect(try source("::ffff:192.0.2.1") == source("192.0.2.1"))
        let before = try source("192.0.2.1")
        let (after, generation) = pseudonyms.key(for: RequestSource(try SocketAddress(ipAddress: "192.0.2.1", port: 1)), now: now + .seconds(61))
        #expect(after != before)
        #expect(generation == 1)
        // A circuit and an address never share a pseudonym, nor a path.
        #expect(RequestSource.torCircuit(0xC000_0201).levels != RequestSource.address([192, 0, 2, 1]).levels)
        #expect(RequestSource.torCircuit(1).path == .tor)
    }

    @Test("PROXY v1 lines: only Tor's circuit ids (fc00:dead:beef:4dad::/64); any other source, and malformed lines, refused")
    func proxyLines() {
        #expect(ProxyHeaderHandler.parse("PROXY TCP6 fc00:dead:beef:4dad::0:2a ::1 80 80") == .torCircuit(42))
        #expect(ProxyHeaderHandler.parse("PROXY TCP6 fc00:dead:beef:4dad::1:0 ::1 80 80") == .torCircuit(65_536))
        for bad in [
            "", "GET / HTTP/1.1", "PROXY TCP4 nonsense 127.0.0.1 1 2", "PROXY TCP6 fc00::1", "PROXY TCP4 192.0.2.7 127.0.0.1 5555",
            "PROXY TCP4 192.0.2.7 127.0.0.1 5555 80", "PROXY UNKNOWN", "PROXY TCP6 2001:db8::1 ::1 80 80", "PROXY TCP6 fc00:dead:beef:4dae::1 ::1 80 80",
        ] {
            #expect(ProxyHeaderHandler.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("The per-source new-thread budget: 429 source_busy with Retry-After, while the clinic stays open")
    func newThreadsPerSource() async throws {
        try await withRelay({ $0.newThreadsPerSourcePerHour = 2 }) { relay in
            let clinic = try await relay.makeClinic()
            _ = try await relay.newThread(in: clinic)
            _ = try await relay.newThread(in: clinic)
            let refused = try await relay.createThread(try Writer(), in: clinic)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "source_busy")
            let wait = try #require(refused.retryAfter)
            // A token bucket refills one thread in half an hour; a fixed window (PostgreSQL) by the hour's end.
            #expect(wait > 0 && wait <= (TestEngine.isPostgres ? 3_600 : 1_800))
        }
    }

    @Test("The per-source storage budget counts ciphertext bytes across threads")
    func storagePerSource() async throws {
        // Each test message seals to the smallest bucket; allow about three of them.
        let size = MessageBox.sealedLengths[0]
        try await withRelay({ $0.storageBytesPerSourcePerDay = size * 3 }) { relay in
            let clinic = try await relay.makeClinic()
            let writer = try await relay.newThread(in: clinic)
            #expect(try await relay.post(writer, in: clinic).status == .created)
            #expect(try await relay.post(writer, in: clinic).status == .created)
            let refused = try await relay.post(writer, in: clinic)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "source_busy")
            #expect(try await relay.createThread(try Writer(), in: clinic).errorCode == "source_busy")
        }
    }

    @Test("The clinic-wide storage backstop: 429 clinic_full for new conversations at that clinic only; a writer in a conversation goes on")
    func clinicStorage() async throws {
        let size = MessageBox.sealedLengths[0]
        try await withRelay({ $0.storageBytesPerClinicPerDay = size * 2 }) { relay in
            let clinic = try await relay.makeClinic("full")
            let other = try await relay.makeClinic("open")
            // The first conversation counts in the newcomers' part, the next two in the rest.
            let writer = try await relay.newThread(in: clinic)
            _ = try await relay.newThread(in: clinic)
            _ = try await relay.newThread(in: clinic)
            let refused = try await relay.createThread(try Writer(), in: clinic)
            #expect(refused.errorCode == "clinic_full")
            #expect(refused.retryAfter != nil)
            #expect(try await relay.post(writer, in: clinic).status == .created)
            #expect(try await relay.post(writer, in: clinic).status == .created)
            #expect(try await relay.createThread(try Writer(), in: other).status == .created)
        }
    }

    @Test("Requests per source: past the budget, 429 rate_limited with Retry-After, before the relay-wide shedder")
    func requestsPerSource() async throws {
        try await withRelay({ $0.requestsPerSourcePerSecond = 1 }) { relay in
            // Four at once, then one a second: a few hundred requests in a row meet the
            // limit however slowly a busy machine runs them.
            var refused: TestResponse?
            for _ in 0..<500 {
                let response = try await relay.send(.get, "/v1/clinics")
                if response.status == .tooManyRequests {
                    refused = response
                    break
                }
            }
            let response = try #require(refused)
            #expect(response.errorCode == "rate_limited")
            #expect(response.retryAfter == 1)
            // A browser gets a calm page (the bucket may have refilled a little meanwhile).
            var page: TestResponse?
            for _ in 0..<500 {
                let answer = try await relay.send(.get, "/", headers: [.accept: "text/html"])
                if answer.status == .tooManyRequests {
                    page = answer
                    break
                }
            }
            #expect(try #require(page).text.contains("Många förfrågningar"))
        }
    }
}
