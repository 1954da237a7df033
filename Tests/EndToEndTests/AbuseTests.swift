import Foundation
import LuckaCore
import Testing

/// Issue 12: each attack of the security review, run against the real `lucka-relay` on
/// loopback with its default budgets, while a real writer (from another source: 127.0.0.2,
/// or another Tor circuit) and a real counsellor (`lucka-staff`) keep working. The figures
/// they print are the ones in docs/TESTING.md.
@Suite("Attacks from one source, real executables", .serialized)
struct AbuseTests {
    static let slug = "kast-e2e"

    /// A relay with the default per-source budgets and a Tor listener, and its clinic.
    static func relay(_ workspace: String, extra: [String: String] = [:]) throws -> (RelayProcess, torPort: Int) {
        let torPort = Abuse.freePort()
        let relay = try RelayProcess(
            workspace: workspace, extraArguments: ["--tor-port", String(torPort)],
            environment: RelayProcess.defaultBudgets.merging(extra) { $1 })
        return (relay, torPort)
    }

    @Test("Finding 2: one address and one Tor circuit flood new threads for 10 s; another address and another circuit start conversations on the first try")
    func threadFlood() async throws {
        let workspace = RelayProcess.workspace()
        let (relay, torPort) = try Self.relay(workspace)
        defer { relay.stop() }
        let (anna, _) = try StaffToolTests.foundClinic(relay, workspace)
        let port = RawHTTP.port(of: relay.url)
        let clinic = try Abuse.clinic(port, slug: Self.slug)

        let direct = Tally()
        let tor = Tally()
        var floods = Abuse.flood(seconds: 10, threads: 2, tally: direct) {
            RawHTTP.json(port, "POST", "/v1/threads", body: (try? Abuse.junkThread(clinic)) ?? [], source: "127.0.0.1")
        }
        floods += Abuse.flood(seconds: 10, threads: 1, tally: tor) {
            RawHTTP.json(torPort, "POST", "/v1/threads", body: (try? Abuse.junkThread(clinic)) ?? [], proxyLine: Abuse.torLine(circuit: 7))
        }
        try await Task.sleep(for: .seconds(2))

        // A writer at another address, through the API: first try.
        let first = try Abuse.genuineThread(clinic, text: "Jag behöver hjälp, skrivet under en flod.")
        let (api, apiMilliseconds) = Abuse.timed { RawHTTP.json(port, "POST", "/v1/threads", body: first.body, source: "127.0.0.2") }
        #expect(api?.status == 201, "API from 127.0.0.2: \(api?.status ?? 0) \(api?.text ?? "")")

        // The same writer's neighbour, through the web form: first try.
        let form = try #require(RawHTTP.page(port, "GET", "/c/\(Self.slug)?channel=self", source: "127.0.0.2"))
        #expect(form.status == 200)
        let token = try #require(RawHTTP.formToken(in: form.text))
        let (web, webMilliseconds) = Abuse.timed {
            RawHTTP.page(
                port, "POST", "/c/\(Self.slug)/write",
                form: RawHTTP.form([("lang", "sv"), ("form", token), ("channel", "self"), ("text", "Skrivet i webbformuläret under en flod.")]),
                source: "127.0.0.2")
        }
        #expect(web?.status == 200, "web form from 127.0.0.2: \(web?.status ?? 0)")
        #expect(web?.text.contains("code") == true)

        // Another Tor circuit: first try.
        let third = try Abuse.genuineThread(clinic, text: "Skrivet genom Tor under en flod.")
        let (onion, onionMilliseconds) = Abuse.timed {
            RawHTTP.json(torPort, "POST", "/v1/threads", body: third.body, proxyLine: Abuse.torLine(circuit: 8))
        }
        #expect(onion?.status == 201, "Tor circuit 8: \(onion?.status ?? 0) \(onion?.text ?? "")")

        // The counsellor, at the flooding address itself, still works.
        let (inbox, inboxMilliseconds) = try Abuse.timed { try anna.run(["inbox", "--json"]) }
        #expect(inbox.status == 0, "counsellor during the flood: \(inbox.error)")

        await Abuse.join(floods)
        print("thread flood, 10 s: address \(direct.total) requests (\(direct.description)); circuit \(tor.total) (\(tor.description))")
        print("genuine during the flood: API \(Int(apiMilliseconds)) ms, web form \(Int(webMilliseconds)) ms, Tor \(Int(onionMilliseconds)) ms, lucka-staff inbox \(Int(inboxMilliseconds)) ms")
        #expect(direct.total > 100 && tor.total > 50)
        // Each flooding source got at most its hourly budget of threads; the rest were clear 429s.
        #expect((direct.counts[201] ?? 0) <= 6)
        #expect((tor.counts[201] ?? 0) <= 6)
        #expect((direct.counts[429] ?? 0) > direct.total / 2)
        #expect((tor.counts[429] ?? 0) > tor.total / 2)
        #expect(direct.missingRetryAfter == 0 && tor.missingRetryAfter == 0)
        #expect(direct.counts.keys.allSatisfy { [201, 429].contains($0) }, "\(direct.description)")

        // The counsellor sweeps the junk: the three genuine conversations stay.
        let swept = try anna.ok(["junk", "--yes"])
        #expect(swept.contains("Deleted"), "\(swept)")
        let left = try anna.json([InboxRow].self, ["inbox"])
        #expect(left.count == 3, "\(left.map(\.preview))")
        #expect(left.allSatisfy { $0.preview.contains("flod") || $0.preview.contains("Tor") })
        // Nothing of the sources reached the log.
        #expect(!relay.log().contains("127.0.0.2"))
    }

    @Test("X-Real-IP names the source only on the proxy listener and from a trusted proxy's address bytes; elsewhere it is ignored")
    func trustedProxyHeader() async throws {
        let workspace = RelayProcess.workspace()
        let proxyPort = Abuse.freePort()
        let relay = try RelayProcess(
            workspace: workspace, extraArguments: ["--proxy-port", String(proxyPort)],
            // Written as IPv4-mapped IPv6: compared as address bytes, it is 127.0.0.2.
            environment: RelayProcess.defaultBudgets.merging(["LUCKA_TRUSTED_PROXIES": "::ffff:127.0.0.2"]) { $1 })
        defer { relay.stop() }
        _ = try StaffToolTests.foundClinic(relay, workspace)
        let port = RawHTTP.port(of: relay.url)
        let clinic = try Abuse.clinic(port, slug: Self.slug)
        func create(on port: Int, from peer: String, claiming address: String) throws -> Int {
            let thread = try Abuse.genuineThread(clinic, text: "Hej")
            return RawHTTP.json(port, "POST", "/v1/threads", body: thread.body, headers: [("X-Real-IP", address)], source: peer)?.status ?? 0
        }
        // The plain listener (where tor's staff service also connects) never believes the
        // header, not even from the trusted proxy's address: 127.0.0.2 is one source.
        let plain = try (0..<8).map { try create(on: port, from: "127.0.0.2", claiming: "192.0.2.\($0 + 1)") }
        #expect(plain.filter { $0 == 201 }.count == 6 && plain.suffix(2) == [429, 429], "\(plain)")
        // The proxy listener, from an address that is no trusted proxy: one source again.
        let untrusted = try (0..<8).map { try create(on: proxyPort, from: "127.0.0.3", claiming: "192.0.2.\($0 + 1)") }
        #expect(untrusted.filter { $0 == 201 }.count == 6 && untrusted.suffix(2) == [429, 429], "\(untrusted)")
        // The proxy listener from the trusted proxy: each named address has its own budget.
        let first = try (0..<7).map { _ in try create(on: proxyPort, from: "127.0.0.2", claiming: "198.51.100.7") }
        #expect(first.prefix(6).allSatisfy { $0 == 201 } && first.last == 429, "\(first)")
        #expect(try create(on: proxyPort, from: "127.0.0.2", claiming: "198.51.100.8") == 201)
        #expect(try create(on: proxyPort, from: "127.0.0.2", claiming: "2001:db8:1:2::5") == 201)
        // The addresses went nowhere: not the log, not the database.
        for needle in ["198.51.100", "192.0.2.", "2001:db8", "127.0.0.2", "127.0.0.3"] {
            #expect(!relay.log().contains(needle))
            for (path, bytes) in filesUnder(relay.dataDirectory) {
                #expect(findings(in: bytes, needles: [("address", Array(needle.utf8))]).isEmpty, "\(path) holds \(needle)")
            }
        }
    }

    @Test("Tor's listener closes a connection whose PROXY line names any source but a circuit")
    func torListenerTakesOnlyCircuits() async throws {
        let workspace = RelayProcess.workspace()
        let (relay, torPort) = try Self.relay(workspace)
        defer { relay.stop() }
        for line in ["PROXY TCP4 192.0.2.7 127.0.0.1 5555 80", "PROXY UNKNOWN", "PROXY TCP6 2001:db8::1 ::1 80 80"] {
            let answer = RawHTTP.json(torPort, "GET", "/v1/clinics", body: [], proxyLine: line)
            #expect(answer == nil, "\(line): \(answer?.status ?? 0)")
        }
        #expect(RawHTTP.json(torPort, "GET", "/v1/clinics", body: [], proxyLine: Abuse.torLine(circuit: 3))?.status == 200)
    }

    @Test("Finding 1: 10,000 signed requests from never-enrolled keys (half five minutes in the future) leave genuine staff unharmed")
    func replayGuardFlood() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)  // no per-source budgets: as if from many sources
        defer { relay.stop() }
        let (anna, _) = try StaffToolTests.foundClinic(relay, workspace)
        let port = RawHTTP.port(of: relay.url)
        let (_, before) = try Abuse.timed { try anna.ok(["inbox"]) }

        let count = 10_000
        let requests: [[UInt8]] = try (0..<count).map { index in
            let key = try SigningKeyPair.generate()
            let path = "/v1/staff/inbox"
            let now = Date().addingTimeInterval(index % 2 == 0 ? 0 : 290)
            let signed = try SignedRequest.sign(method: "GET", path: path, body: [], with: key, now: now)
            return RawHTTP.request("GET", path, headers: signed.headers + [("Connection", "close")])
        }
        let tally = Tally()
        let next = Counter()
        let started = Date()
        let workers = Abuse.flood(seconds: 60, threads: 4, tally: tally) {
            let index = next.next()
            guard index < count else { return nil }
            return .some(RawHTTP.exchange(port, requests[index]))
        }
        try await Task.sleep(for: .seconds(2))
        let (whileFlooded, during) = try Abuse.timed { try anna.run(["inbox"]) }
        #expect(whileFlooded.status == 0, "during the flood: \(whileFlooded.error)")
        await Abuse.join(workers)
        let elapsed = Date().timeIntervalSince(started)
        let (after, afterwards) = try Abuse.timed { try anna.ok(["inbox"]) }
        let sent = tally.total
        print("replay-guard flood: \(sent) requests in \(String(format: "%.1f", elapsed)) s (\(tally.description)); lucka-staff inbox (with its Argon2id unlock) \(Int(before)) ms before, \(Int(during)) ms during, \(Int(afterwards)) ms after")
        #expect(sent >= count)
        #expect(tally.counts[401] ?? 0 >= count)
        #expect(after.contains("HANDLE") || after.contains("No conversations"))
    }

    @Test("Finding 3: one source filling the disk gets 429 after its daily storage budget; unanswered threads expire in 14 days")
    func diskFill() async throws {
        let workspace = RelayProcess.workspace()
        let (relay, _) = try Self.relay(workspace)
        defer { relay.stop() }
        _ = try StaffToolTests.foundClinic(relay, workspace)
        let port = RawHTTP.port(of: relay.url)
        let clinic = try Abuse.clinic(port, slug: Self.slug)
        let largest = MessageBox.sealedLengths.last!

        var accepted = 0
        var refusedWith: RawResponse?
        var writers: [WriterKeys] = []
        for _ in 0..<10 {
            let code = ConversationCode.generate()
            let keys = try WriterKeys(code: code)
            let request = CreateThreadRequest(
                clinic: Self.slug, channel: .self, writerKey: keys.boxKeyPair.publicKey, lookupToken: keys.lookupToken.copyBytes(),
                epoch: clinic.current.epoch, message: Random.bytes(largest))
            let response = RawHTTP.json(port, "POST", "/v1/threads", body: Array(try JSONEncoder().encode(request)))
            if response?.status == 201 {
                accepted += largest
                writers.append(keys)
            }
        }
        outer: for _ in 0..<40 {
            for keys in writers {
                let request = PostMessageRequest(
                    lookupToken: keys.lookupToken.copyBytes(), writerKey: keys.boxKeyPair.publicKey, epoch: clinic.current.epoch,
                    message: Random.bytes(largest))
                let response = try #require(RawHTTP.json(port, "POST", "/v1/threads/messages", body: Array(try JSONEncoder().encode(request))))
                if response.status == 201 {
                    accepted += largest
                } else {
                    refusedWith = response
                    break outer
                }
            }
        }
        let refused = try #require(refusedWith)
        print("disk fill from one source: \(accepted) ciphertext bytes accepted in \(writers.count) threads, then \(refused.status) \(refused.text)")
        #expect(refused.status == 429)
        #expect(refused.header("Retry-After") != nil)
        #expect(accepted <= 4 * 1024 * 1024 + largest)
        #expect(writers.count <= 6)

        // Another source still writes.
        let other = try Abuse.genuineThread(clinic, text: "En annan skribent.")
        #expect(RawHTTP.json(port, "POST", "/v1/threads", body: other.body, source: "127.0.0.2")?.status == 201)

        // Nobody answered: the junk goes in 14 days, not 90.
        let read = try #require(RawHTTP.json(port, "POST", "/v1/threads/read", body: Array(try JSONEncoder().encode(ThreadAccessRequest(lookupToken: writers[0].lookupToken.copyBytes())))))
        let thread = try JSONDecoder().decode(WriterThread.self, from: Data(read.body))
        #expect(thread.expires == Self.day(in: 14))
    }

    @Test("Finding 5: a re-sent form (Reload on the code page, Back and Reload after leaving) creates and shows nothing")
    func resentForms() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        defer { relay.stop() }
        let (anna, _) = try StaffToolTests.foundClinic(relay, workspace)
        let port = RawHTTP.port(of: relay.url)

        let page = try #require(RawHTTP.page(port, "GET", "/c/\(Self.slug)?channel=self"))
        let write = RawHTTP.form([
            ("lang", "sv"), ("form", try #require(RawHTTP.formToken(in: page.text))), ("channel", "self"), ("text", "Hemligt första meddelande"),
        ])
        let codePage = try #require(RawHTTP.page(port, "POST", "/c/\(Self.slug)/write", form: write))
        #expect(codePage.status == 200)
        let codeRange = try #require(codePage.text.range(of: #"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"#, options: .regularExpression))
        let code = String(codePage.text[codeRange])

        // Reload of the code page: the same form again.
        let reload = try #require(RawHTTP.page(port, "POST", "/c/\(Self.slug)/write", form: write))
        #expect(reload.status == 410)
        #expect(reload.text.contains("går inte att visa igen"))
        #expect(!reload.text.contains(code) && !reload.text.contains("Hemligt"))
        #expect(try anna.json([InboxRow].self, ["inbox"]).count == 1)

        // Read the conversation, then (after "Leave this page quickly") Back and Reload.
        let returnPage = try #require(RawHTTP.page(port, "GET", "/return"))
        let read = RawHTTP.form([("lang", "sv"), ("form", try #require(RawHTTP.formToken(in: returnPage.text))), ("code", code)])
        let conversation = try #require(RawHTTP.page(port, "POST", "/return", form: read))
        #expect(conversation.status == 200 && conversation.text.contains("Hemligt första meddelande"))
        let again = try #require(RawHTTP.page(port, "POST", "/return", form: read))
        #expect(again.status == 410)
        #expect(!again.text.contains("Hemligt") && !again.text.contains(code))

        // A form from before a restart is never accepted: it asks for the code again.
        relay.stop()
        try relay.restart()
        let restartedPort = RawHTTP.port(of: relay.url)
        let stale = RawHTTP.form([("lang", "sv"), ("form", try #require(RawHTTP.formToken(in: conversation.text))), ("code", code)])
        let afterRestart = try #require(RawHTTP.page(restartedPort, "POST", "/return", form: stale))
        #expect(afterRestart.status == 400)
        #expect(!afterRestart.text.contains("Hemligt"))
        // No form token reached the log.
        #expect(!relay.log().contains(try #require(RawHTTP.formToken(in: conversation.text))))
    }

    @Test("Finding 4: thread, message and audit ids in the database file are random, not in order of arrival")
    func idsAreNoClock() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        defer { relay.stop() }
        _ = try StaffToolTests.foundClinic(relay, workspace)
        let port = RawHTTP.port(of: relay.url)
        let clinic = try Abuse.clinic(port, slug: Self.slug)
        var keys: [String] = []
        for index in 0..<20 {
            let thread = try Abuse.genuineThread(clinic, text: "Kanariefågel \(index)")
            #expect(RawHTTP.json(port, "POST", "/v1/threads", body: thread.body)?.status == 201)
            keys.append(try WriterKeys(code: thread.code).boxKeyPair.publicKey.hex)
        }
        let script = """
            import sqlite3, sys, json
            db = sqlite3.connect(sys.argv[1])
            keys = json.loads(sys.argv[2])
            ids = [db.execute("SELECT id FROM thread WHERE hex(writer_key) = ?", (k.upper(),)).fetchone()[0] for k in keys]
            messages = [r[0] for r in db.execute("SELECT id FROM message ORDER BY rowid")]
            print(json.dumps({"threads": ids, "messages": messages}))
            """
        let output = try runTool("/usr/bin/env", ["python3", "-c", script, relay.dataDirectory + "/lucka.sqlite", String(decoding: try JSONEncoder().encode(keys), as: UTF8.self)]).output
        struct IDs: Decodable { var threads: [Int64]; var messages: [Int64] }
        let ids = try JSONDecoder().decode(IDs.self, from: Data(output.utf8))
        #expect(ids.threads.count == 20)
        #expect(ids.threads != ids.threads.sorted(), "thread ids follow arrival")
        #expect(ids.threads.filter { $0 < 1 << 32 }.count <= 1, "ids are small integers")
        #expect(ids.messages.filter { $0 < 1 << 32 }.count <= 1)
    }

    /// Today plus `days`, as the relay writes days (UTC).
    static func day(in days: Int) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(Double(days) * 86_400))
    }
}

/// A shared counter for the flood's workers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count - 1 }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
