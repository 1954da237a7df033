import Foundation
@testable import LuckaClient
import LuckaCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two real `lucka-relay serve` processes on one PostgreSQL database (each test in a schema
/// of its own on the cluster scripts/test starts; LUCKA_TEST_DATABASE_URL and
/// LUCKA_TEST_DATABASE_PASSWORD), driven by the real `lucka` and `lucka-staff` and by raw HTTP.
@Suite("Several relays on one PostgreSQL database", .serialized, .enabled(if: PostgresTest.enabled))
struct PostgresRelayTests {
    @Test("A writer writes through relay A and reads through B; a counsellor answers through B; the writer reads it through A")
    func conversationAcrossRelays() async throws {
        let schema = try PostgresSchema.make()
        defer { schema.drop() }
        let a = try schema.relay()
        defer { a.stop() }
        let b = try schema.relay()
        defer { b.stop() }
        let workspace = RelayProcess.workspace()
        let started = Date()

        let created = try run("lucka-relay", ["clinic", "create", "kast-e2e"], environment: schema.environment)
        #expect(created.status == 0, "\(created.error)")
        let token = try #require(StaffCLI.token(in: created.output))
        let anna = StaffCLI(workspace: workspace, name: "anna")
        _ = try await anna.succeeding(["keygen"])
        let profile = workspace + "/profile.json"
        _ = FileManager.default.createFile(atPath: profile, contents: Data(StaffToolTests.profileJSON.utf8))
        let enrolled = try await anna.succeeding(
            ["enroll", "--relay", b.url, "--name", "Anna", "--token-stdin", "--found", "kast-e2e", "--profile", profile], stdin: token + "\n")
        #expect(enrolled.contains("Enrolled at kast-e2e as Anna (admin"))
        let fingerprintOutput = try await anna.succeeding(["fingerprint"])
        let line = try #require(fingerprintOutput.split(separator: "\n").first { $0.hasPrefix("Clinic:") })
        let fingerprint = try Fingerprint(parsing: String(line.dropFirst("Clinic:".count).split(separator: "(")[0]))

        // The writer writes through A ...
        let question = "Jag har köpt sex och vill sluta. Kan ni hjälpa mig?"
        let throughA = WriterToolTests.WriterCLI(relay: a.url, workspace: workspace + "/writer-a")
        let code = try WriterToolTests.write(throughA, question + "\n", pin: fingerprint)
        // ... and reads through B.
        let throughB = WriterToolTests.WriterCLI(relay: b.url, workspace: workspace + "/writer-b")
        let readB = try throughB.command("read", ["--code-stdin", "--pin", fingerprint.description], stdin: code + "\n")
        #expect(readB.status == 0, "\(readB.error)")
        #expect(readB.output.contains(question))

        // The counsellor's keystore names relay B: inbox, read and reply go there.
        let inbox = try await anna.decoding([InboxRow].self, ["inbox"])
        #expect(inbox.count == 1)
        let handle = try #require(inbox.first?.handle)
        let view = try await anna.decoding(ThreadView.self, ["read", handle])
        #expect(view.intact && view.messages.count == 1 && view.messages.first?.text == question)
        let answer = "Hej! Bra att du skriver. Ring oss gärna på tisdag."
        _ = try await anna.succeeding(["reply", handle], stdin: answer + "\n")

        // The writer reads the reply through A, signed by Anna.
        let answered = try throughA.command("read", ["--code-stdin", "--pin", fingerprint.description], stdin: code + "\n")
        #expect(answered.status == 0, "\(answered.error)")
        #expect(answered.output.contains(answer) && answered.output.contains("── Anna, KAST Testköping"))
        #expect(answered.output.contains("· answered"))
        let after = try await anna.decoding(ThreadView.self, ["read", handle])
        #expect(after.intact && after.messages.map(\.author) == ["writer", "clinic"])
        print("postgres: a conversation across relays A and B (lucka through A and B, lucka-staff through B) in \(seconds(since: started)) s")
    }

    @Test("A signed staff request answered by relay A is refused by relay B as replayed")
    func replayToTheOtherRelay() async throws {
        let schema = try PostgresSchema.make()
        defer { schema.drop() }
        let a = try schema.relay()
        defer { a.stop() }
        let b = try schema.relay()
        defer { b.stop() }
        let clinic = try await schema.foundClinic(on: a)

        func signedInbox() throws -> [UInt8] {
            let signature = try SignedRequest.sign(method: "GET", path: "/v1/staff/inbox", body: [], with: clinic.admin.keys.signing)
            return RawHTTP.request(
                "GET", "/v1/staff/inbox", headers: [("Accept", "application/json"), ("Connection", "close")] + signature.headers)
        }
        let captured = try signedInbox()
        let first = RawHTTP.exchange(RawHTTP.port(of: a.url), captured)
        #expect(first?.status == 200, "\(first?.text ?? "no answer")")
        let replayed = RawHTTP.exchange(RawHTTP.port(of: b.url), captured)
        #expect(replayed?.status == 401)
        #expect(replayed?.text.contains("replayed") == true, "\(replayed?.text ?? "no answer")")
        let again = RawHTTP.exchange(RawHTTP.port(of: a.url), captured)
        #expect(again?.status == 401 && again?.text.contains("replayed") == true)
        // The counsellor is not locked out: a fresh request works on B.
        let fresh = RawHTTP.exchange(RawHTTP.port(of: b.url), try signedInbox())
        #expect(fresh?.status == 200)
        print("postgres: a signed request sent to A (\(first?.status ?? 0)), then to B: \(replayed?.status ?? 0) \(replayed?.text ?? "")")
    }

    @Test("Budgets per source stay in each relay's memory; the clinic's backstop holds across relays; the budget table names no source")
    func budgetAcrossRelays() async throws {
        let schema = try PostgresSchema.make()
        defer { schema.drop() }
        // Three conversations an hour per source; the clinic's backstop two for newcomers and two for the rest.
        let budgets = ["LUCKA_NEW_THREADS_PER_SOURCE_PER_HOUR": "3", "LUCKA_NEW_THREADS_PER_HOUR": "2"]
        let a = try schema.relay(budgets)
        defer { a.stop() }
        let b = try schema.relay(budgets)
        defer { b.stop() }
        let clinic = try await schema.foundClinic(on: a)
        let (portA, portB) = (RawHTTP.port(of: a.url), RawHTTP.port(of: b.url))
        let verified = try Abuse.clinic(portA, slug: clinic.slug)
        func create(_ port: Int, from source: String) throws -> RawResponse? {
            RawHTTP.json(port, "POST", "/v1/threads", body: try Abuse.genuineThread(verified, text: "tråd").body, source: source)
        }

        // Through A, 127.0.0.2 starts three: a newcomer's, then two of the rest; the fourth is its own limit.
        for index in 0..<3 { #expect(try create(portA, from: "127.0.0.2")?.status == 201, "thread \(index) through A") }
        let fourth = try create(portA, from: "127.0.0.2")
        #expect(fourth?.status == 429 && fourth?.text.contains("source_busy") == true, "\(fourth?.text ?? "no answer")")
        // Relay B has never seen the source (nginx keeps a source on one relay), and takes the
        // clinic's second newcomer's place; the clinic's rows in the database are shared, so a
        // third newcomer through B finds the newcomers' part spent.
        #expect(try create(portB, from: "127.0.0.2")?.status == 201)
        let third = try create(portB, from: "127.0.0.3")
        #expect(third?.status == 429 && third?.text.contains("clinic_full") == true, "\(third?.text ?? "no answer")")
        #expect(third?.header("Retry-After") != nil)
        #expect(try schema.psql("SELECT count(*) FROM thread") == "4")
        // One clinic, one path: a row for each of its four budgets, none for any source.
        #expect(try schema.psql("SELECT count(*) FROM budget") == "4")
        print("postgres: 3 threads from 127.0.0.2 through A, the 4th \(fourth?.status ?? 0); through B 201; 127.0.0.3 through B \(third?.status ?? 0) clinic_full; budget rows: 4")
    }

    @Test("A flood of refused staff requests with random keys reads nothing from the database")
    func refusalsReadNothing() async throws {
        let schema = try PostgresSchema.make()
        defer { schema.drop() }
        let relay = try schema.relay(["LUCKA_REQUESTS_PER_SOURCE_PER_SECOND": "5"])
        defer { relay.stop() }
        let clinic = try await schema.foundClinic(on: relay)
        let port = RawHTTP.port(of: relay.url)
        func reads() throws -> Int {
            Int(try schema.psql("SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'staff' AND schemaname = current_schema()")) ?? -1
        }
        // Spend the source's budget first.
        for _ in 0..<40 { _ = RawHTTP.json(port, "GET", "/v1/clinics", body: [], source: "127.0.0.4") }
        try await Task.sleep(for: .seconds(1.5))  // statistics reach the views within a second
        let before = try reads()
        let tally = Tally()
        for _ in 0..<1000 {
            let key = try SigningKeyPair.generate()
            let signature = try SignedRequest.sign(method: "GET", path: "/v1/staff/inbox", body: [], with: key)
            tally.record(RawHTTP.exchange(
                port, RawHTTP.request("GET", "/v1/staff/inbox", headers: [("Accept", "application/json"), ("Connection", "close")] + signature.headers),
                source: "127.0.0.4"))
        }
        try await Task.sleep(for: .seconds(1.5))
        let after = try reads()
        print("postgres: 1000 staff requests with random keys from a source over its budget: \(tally.description); reads of the staff table \(before) → \(after)")
        #expect((tally.counts[429] ?? 0) >= 900, "\(tally.description)")
        // Only the few that the bucket's refill let through (401: unknown key) were looked up.
        #expect(after - before <= (tally.counts[401] ?? 0) + 5, "\(after - before) reads for \(tally.counts[429] ?? 0) refused requests")
        // The counsellor at the same source is still served.
        let signature = try SignedRequest.sign(method: "GET", path: "/v1/staff/inbox", body: [], with: clinic.admin.keys.signing)
        let inbox = RawHTTP.exchange(
            port, RawHTTP.request("GET", "/v1/staff/inbox", headers: [("Accept", "application/json"), ("Connection", "close")] + signature.headers),
            source: "127.0.0.4")
        #expect(inbox?.status == 200, "\(inbox?.text ?? "no answer")")
    }

    @Test("SIGKILL of relay A while 8 writers post to A and B: every acknowledged message reads back through B")
    func killOneRelayUnderWrites() async throws {
        let schema = try PostgresSchema.make()
        defer { schema.drop() }
        let limits = ["LUCKA_WRITER_MESSAGES_PER_DAY": "100000"]
        let a = try schema.relay(limits)
        defer { a.kill() }
        let b = try schema.relay(limits)
        defer { b.stop() }
        let clinic = try await schema.foundClinic(on: a)
        var writers: [PostingWriter] = []
        for index in 0..<8 {
            let started = try await WriterConversation.start(
                relay: index % 2 == 0 ? a.client : b.client, clinic: clinic.slug, channel: .self, text: "start \(index)", pin: clinic.fingerprint)
            writers.append(PostingWriter(conversation: started.conversation))
        }
        let ports = [RawHTTP.port(of: a.url), RawHTTP.port(of: b.url)]
        let pid = a.process.processIdentifier
        let tally = StatusTally()
        let killedAt = Shared<Date?>(nil)
        let ackedAtKill = Shared(0)
        let all = writers
        let start = Date()
        let deadline = start.addingTimeInterval(10)
        await onThreads(9) { index in
            if index == 8 {
                // Kill A once posts flow (a third of the 400 acknowledged), or after 3 s.
                while Date() < start.addingTimeInterval(3), all.map(\.acknowledgedMessages.count).reduce(0, +) < 130 {
                    Thread.sleep(forTimeInterval: 0.01)
                }
                ackedAtKill.value = all.map(\.acknowledgedMessages.count).reduce(0, +)
                Glibc.kill(pid, SIGKILL)
                killedAt.value = Date()
                return
            }
            for n in 0..<50 where Date() < deadline {
                tally.record(all[index].post("writer \(index) message \(n)", port: ports[(index + n) % 2]))
            }
        }
        a.kill()
        let acknowledged = writers.map(\.acknowledgedMessages.count).reduce(0, +)
        var missing: [String] = []
        var stored = 0
        for (index, writer) in writers.enumerated() {
            missing += try await writer.missing(from: b.url).map { "writer \(index) \($0)" }
            stored += try await writer.storedCount(at: b.url) - 1  // less the first message
        }
        #expect(killedAt.value != nil)
        #expect(missing.isEmpty, "acknowledged but not read back through B: \(missing)")
        #expect(stored >= acknowledged)
        #expect(acknowledged > ackedAtKill.value, "B kept acknowledging after A was killed")
        let others = tally.counts.keys.filter { !(200..<300).contains($0) && $0 != 0 }
        #expect(others.isEmpty, "answers other than 2xx or no answer (A gone): \(tally.description)")
        print("postgres: SIGKILL of A after \(seconds(since: start, until: killedAt.value ?? Date())) s (\(ackedAtKill.value) acknowledged); "
            + "\(tally.total) posts in \(seconds(since: start)) s (\(tally.description)); \(acknowledged) acknowledged, \(stored) stored, "
            + "read back through B byte for byte and opened: \(acknowledged - missing.count), lost: \(missing.count)")
    }

    @Test("Relays started together sweep expired threads once: each deleted and counted exactly once")
    func sweepOnce() async throws {
        let schema = try PostgresSchema.make()
        defer { schema.drop() }
        let first = try schema.relay()
        let clinic = try await schema.foundClinic(on: first)
        let planted = 6
        var conversations: [WriterConversation] = []
        for index in 0...planted {
            conversations.append(
                try await WriterConversation.start(
                    relay: first.client, clinic: clinic.slug, channel: .self, text: "tråd \(index)", pin: clinic.fingerprint
                ).conversation)
        }
        first.stop()
        let living = try #require(conversations.last)
        let expired = try schema.psql(
            "WITH u AS (UPDATE thread SET expires = '2000-01-01' WHERE lookup_hash <> '\\x\(living.keys.lookupHash.hex)'::bytea RETURNING 1) SELECT count(*) FROM u")
        #expect(expired == String(planted))
        #expect(try schema.psql("SELECT coalesce(sum(expired), 0) FROM statistics") == "0")

        let started = Date()
        async let startA = Task.detached { try schema.relay() }.value
        async let startB = Task.detached { try schema.relay() }.value
        let (a, b) = try await (startA, startB)
        defer { a.stop(); b.stop() }
        // Each relay sweeps at start-up: wait for both to say what they did.
        let end = Date().addingTimeInterval(15)
        while Date() < end, ![a, b].allSatisfy({ $0.log().contains("expiry sweep") }) { try await Task.sleep(for: .milliseconds(100)) }
        let sweptAfter = seconds(since: started)
        func deleted(_ relay: RelayProcess) -> [Int] {
            relay.log().split(separator: "\n").compactMap { line in
                guard let range = line.range(of: "lucka.deleted_threads=") else { return nil }
                return Int(line[range.upperBound...].prefix { $0.isNumber })
            }
        }
        let (byA, byB) = (deleted(a), deleted(b))
        let leftToOther = [a, b].filter { $0.log().contains("expiry sweep left to another relay") }.count
        #expect(byA.reduce(0, +) + byB.reduce(0, +) == planted, "A deleted \(byA), B deleted \(byB)")
        #expect(try schema.psql("SELECT count(*) FROM thread") == "1")
        #expect(try schema.psql("SELECT coalesce(sum(expired), 0) FROM statistics") == String(planted))
        #expect(try await RelayClient(baseURL: b.url).readThread(lookupToken: living.keys.lookupToken.copyBytes()).messages.count == 1)
        for conversation in conversations.dropLast() {
            await #expect(throws: (any Error).self) { try await RelayClient(baseURL: a.url).readThread(lookupToken: conversation.keys.lookupToken.copyBytes()) }
        }
        let stats = try run("lucka-relay", ["stats", "--format", "json"], environment: schema.environment)
        #expect(stats.status == 0, "\(stats.error)")
        #expect(stats.output.contains("\"expired\""), "\(stats.output.prefix(300))")
        print("postgres: \(planted) expired threads planted; relays started together swept within \(sweptAfter) s: "
            + "A deleted \(byA), B deleted \(byB), \(leftToOther) left it to the other; statistics expired = \(planted); 1 living thread kept")
    }

    @Test("PostgreSQL stopped for 5 s under load: 503 with Retry-After, nothing acknowledged lost, served again without a restart")
    func databaseStoppedUnderLoad() async throws {
        let cluster = try OwnCluster()
        defer { cluster.remove() }
        let environment = ["LUCKA_DATABASE_URL": cluster.url, "LUCKA_DATABASE_PASSWORD": cluster.password]
        let a = try RelayProcess(
            workspace: RelayProcess.workspace(), environment: environment.merging(["LUCKA_WRITER_MESSAGES_PER_DAY": "100000"]) { $1 })
        defer { a.kill() }  // SIGTERM: see the report on shutting down after an outage
        let clinic = try await PostgresSchema.foundClinic(environment: environment, on: a)
        var writers: [PostingWriter] = []
        for index in 0..<4 {
            writers.append(
                PostingWriter(
                    conversation: try await WriterConversation.start(
                        relay: a.client, clinic: clinic.slug, channel: .self, text: "start \(index)", pin: clinic.fingerprint
                    ).conversation))
        }
        let port = RawHTTP.port(of: a.url)
        let before = StatusTally()
        let during = StatusTally()
        let after = StatusTally()
        let phase = Shared(0)  // 0 before, 1 stopped, 2 started again, 3 done
        let failure = Shared<String?>(nil)
        let times = Shared<[String: Date]>([:])
        let all = writers
        let hardEnd = Date().addingTimeInterval(45)
        await onThreads(5) { index in
            if index == 4 {
                do {
                    Thread.sleep(forTimeInterval: 2)
                    times.value["stopping"] = Date()
                    phase.value = 1
                    try cluster.stop()
                    times.value["stopped"] = Date()
                    Thread.sleep(forTimeInterval: 5)
                    try cluster.startAgain()
                    times.value["started"] = Date()
                    after.setMark()
                    phase.value = 2
                    while after.firstSuccess == nil, Date() < hardEnd { Thread.sleep(forTimeInterval: 0.02) }
                    Thread.sleep(forTimeInterval: 1)
                } catch {
                    failure.value = "\(error)"
                }
                phase.value = 3
                return
            }
            var n = 0
            while phase.value < 3, Date() < hardEnd {
                let current = phase.value
                let answer = all[index].post("writer \(index) message \(n)", port: port)
                // An answer counts in the phase it started in (a request begun before the stop may end after).
                [before, during, after][min(current, 2)].record(answer)
                n += 1
                if answer?.status == 503 { Thread.sleep(forTimeInterval: 0.05) }
            }
        }
        #expect(failure.value == nil, "\(failure.value ?? "")")
        let recovery = times.value["started"].map { started in (after.firstSuccess ?? Date()).timeIntervalSince(started) }
        var missing: [String] = []
        for (index, writer) in writers.enumerated() {
            missing += try await writer.missing(from: a.url).map { "writer \(index) \($0)" }
        }
        let acknowledged = writers.map(\.acknowledgedMessages.count).reduce(0, +)
        #expect(missing.isEmpty, "acknowledged but lost: \(missing)")
        #expect(a.process.isRunning, "the relay kept running")
        #expect(during.count(503) > 0, "503s while the database was down: \(during.description)")
        #expect(before.withoutRetryAfter + during.withoutRetryAfter + after.withoutRetryAfter == 0, "every 503 has Retry-After")
        // 0: no answer within RawHTTP's 10 s (counted and printed, not failed).
        let unexpected = [before, during, after].flatMap { $0.counts.keys }.filter { !(200..<300).contains($0) && $0 != 503 && $0 != 0 }
        #expect(unexpected.isEmpty, "before: \(before.description); down: \(during.description); after: \(after.description)")
        #expect(after.firstSuccess != nil, "served again after the database returned")
        #expect((recovery ?? 99) < 10, "served again \(recovery ?? -1) s after the database returned")
        let stopSeconds = times.value["stopping"].flatMap { stop in times.value["started"].map { seconds(since: stop, until: $0) } } ?? "?"
        print("postgres: database down \(stopSeconds) s under 4 writers: before \(before.description); while down \(during.description); "
            + "after \(after.description); served again \(String(format: "%.2f", recovery ?? -1)) s after the server was back, no relay restart; "
            + "\(acknowledged) acknowledged, \(missing.count) lost")
    }

    @Test("Privacy on PostgreSQL: the dump of the relays' schema and the server's log hold no text, code, token, address or time of day")
    func privacyScan() async throws {
        let schema = try PostgresSchema.make()
        defer { schema.drop() }
        let dataDirectory = try schema.psql("SHOW data_directory")
        let serverLog = URL(fileURLWithPath: dataDirectory).deletingLastPathComponent().appendingPathComponent("postgresql.log").path
        let logOffset = (try? FileManager.default.attributesOfItem(atPath: serverLog))?[.size] as? Int
        let started = Date()
        let a = try schema.relay()
        defer { a.stop() }
        let b = try schema.relay()
        defer { b.stop() }
        let clinic = try await schema.foundClinic(on: b)
        let marker = Random.bytes(4).hex
        let texts = [
            "Jag köpte sex igår \(marker)-1", "Hej från kliniken \(marker)-2", "Tack, jag ringer \(marker)-3", "Radera detta \(marker)-4",
            "Från en annan adress \(marker)-5",
        ]

        // Write through A, reply through B, read through B, reply again through A.
        let (code, conversation) = try await WriterConversation.start(
            relay: a.client, clinic: clinic.slug, channel: .self, text: texts[0], pin: clinic.fingerprint)
        let keys = try await clinic.admin.clinicKeys()
        let handle = try #require(try await clinic.admin.inbox().threads.first?.handle)
        _ = try await clinic.admin.reply(to: handle, text: texts[1], displayName: "Anna", with: keys)
        let (_, opened) = try await WriterConversation.resume(relay: b.client, code: code, pin: clinic.fingerprint)
        #expect(opened.isIntact && opened.messages.compactMap(\.envelope?.text) == [texts[0], texts[1]])
        _ = try await conversation.reply(texts[2])
        // A second thread, deleted by its writer through B.
        let (deletedCode, deleted) = try await WriterConversation.start(
            relay: a.client, clinic: clinic.slug, channel: .self, text: texts[3], pin: clinic.fingerprint)
        let (again, _) = try await WriterConversation.resume(relay: b.client, code: deletedCode, pin: clinic.fingerprint)
        try await again.delete()
        // A third from another source address, through B.
        let verified = try Abuse.clinic(RawHTTP.port(of: b.url), slug: clinic.slug)
        let third = try Abuse.genuineThread(verified, text: texts[4])
        #expect(RawHTTP.json(RawHTTP.port(of: b.url), "POST", "/v1/threads", body: third.body, source: "127.0.0.2")?.status == 201)
        let thirdKeys = try WriterKeys(code: third.code)

        var needles: [(name: String, bytes: [UInt8])] = texts.enumerated().map { ("text \($0.offset + 1)", Array($0.element.utf8)) }
        for (name, code, keys) in [("code 1", code, conversation.keys), ("code 2", deletedCode, deleted.keys), ("code 3", third.code, thirdKeys)] {
            needles.append((name, Array(code.grouped().utf8)))
            needles.append((name + " (ungrouped)", Array(code.grouped().replacingOccurrences(of: "-", with: "").utf8)))
            let token = keys.lookupToken.copyBytes()
            needles.append((name + " lookup token (hex)", Array(token.hex.utf8)))
            needles.append((name + " lookup token (base64)", Array(token.base64.utf8)))
        }
        needles.append(("a 127.0.0.x address", Array("127.0.0.".utf8)))

        // The dump of the schema.
        let dump = try PostgresTest.runLogged(
            "/usr/bin/pg_dump", ["-d", schema.adminURL, "-n", schema.name], environment: ["PGPASSWORD": schema.password])
        #expect(dump.status == 0, "\(dump.error)")
        let dumpText = dump.output
        #expect(dumpText.contains("COPY \(schema.name).message"), "the dump holds the message table")
        let inDump = findings(in: Array(dumpText.utf8), needles: needles)
        #expect(inDump.isEmpty, "in the dump: \(inDump)")
        var dataLines: [Substring] = []
        var inCopy = false
        for line in dumpText.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("COPY ") { inCopy = true; continue }
            if line == "\\." { inCopy = false; continue }
            if inCopy { dataLines.append(line) }
        }
        let timeOfDay = try Regex("[0-9]{2}:[0-9]{2}:[0-9]{2}")
        let timed = dataLines.filter { $0.contains(timeOfDay) }
        #expect(timed.isEmpty, "times of day in the dump's data: \(timed.prefix(3))")
        #expect(dataLines.count > 10)

        // The server's log, from this test's start.
        var logChecked = "no server log found beside \(dataDirectory)"
        if let logOffset, let log = FileManager.default.contents(atPath: serverLog) {
            let written = Array(log.dropFirst(logOffset))
            let inLog = findings(in: written, needles: needles)
            #expect(inLog.isEmpty, "in the server's log: \(inLog)")
            logChecked = "\(written.count) bytes of the server's log"
        }
        // And the relays' own logs.
        // (They name the database's host, 127.0.0.1, at start-up: look for the writer's address.)
        let relayNeedles = needles.filter { $0.name != "a 127.0.0.x address" } + [("the source address 127.0.0.2", Array("127.0.0.2".utf8))]
        let inRelayLogs = findings(in: Array((a.log() + b.log()).utf8), needles: relayNeedles)
        #expect(inRelayLogs.isEmpty, "in the relays' logs: \(inRelayLogs)")

        // After VACUUM and a checkpoint: the schema's files and the WAL written meanwhile.
        for table in ["message", "thread", "note", "audit", "nonce", "budget"] {
            try PostgresTest.psql("VACUUM \(schema.name).\(table)", url: schema.adminURL, password: schema.password)
        }
        try PostgresTest.psql("CHECKPOINT", url: schema.adminURL, password: schema.password)
        let relations = try schema.psql(
            """
            SELECT pg_relation_filepath(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '\(schema.name)'
            UNION SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = '\(schema.name)' AND c.reltoastrelid <> 0
            """
        ).split(separator: "\n").map { dataDirectory + "/" + $0 }
        var files = relations.flatMap { path in [path] + (1..<8).map { "\(path).\($0)" } }.filter { FileManager.default.fileExists(atPath: $0) }
        let wal = (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory + "/pg_wal")) ?? []
        files += wal.map { dataDirectory + "/pg_wal/" + $0 }.filter { path in
            guard let modified = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date else { return false }
            return modified >= started.addingTimeInterval(-1)
        }
        let plaintextNeedles = needles.filter { $0.name.hasPrefix("text") || $0.name.hasPrefix("code") && !$0.name.contains("token") }
        var foundInFiles: [String: Int] = [:]
        var scanned = 0
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            scanned += data.count
            for name in findings(in: Array(data), needles: plaintextNeedles) { foundInFiles[name, default: 0] += 1 }
        }
        print("postgres privacy: checked \(needles.count) needles (5 plaintexts, 3 codes grouped and ungrouped, their lookup tokens in hex and base64, "
            + "\"127.0.0.\") in the pg_dump of \(schema.name) (\(dumpText.utf8.count) bytes, \(dataLines.count) data rows: none, and no HH:MM:SS), "
            + "in \(logChecked) and in both relays' logs: none")
        print("postgres privacy (not asserted): after VACUUM and CHECKPOINT, \(files.count) files (\(relations.count) relations of the schema, "
            + "WAL segments written during the test; \(scanned) bytes) hold \(foundInFiles.isEmpty ? "none" : "\(foundInFiles)") of the plaintexts and codes")
    }
}
