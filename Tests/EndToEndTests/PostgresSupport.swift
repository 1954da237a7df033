import Foundation
@testable import LuckaClient
import LuckaCore

#if canImport(Glibc)
    import Glibc
#endif

/// The PostgreSQL cluster the tests may use: scripts/test exports its admin URL and password
/// (a throw-away cluster of scripts/postgres). Without them the PostgreSQL suites are skipped.
enum PostgresTest {
    static var adminURL: String? { ProcessInfo.processInfo.environment["LUCKA_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    static var adminPassword: String? {
        ProcessInfo.processInfo.environment["LUCKA_TEST_DATABASE_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
    }
    static var enabled: Bool { adminURL != nil && adminPassword != nil }

    /// scripts/postgres in this checkout.
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/postgres").path
    }

    /// Runs `psql` (Debian's) with `sql`, unaligned and without headers; returns its output.
    @discardableResult
    static func psql(_ sql: String, url: String, password: String) throws -> String {
        let result = try runLogged(
            "/usr/bin/psql", ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], environment: ["PGPASSWORD": password])
        guard result.status == 0 else { throw RelayProcessError(message: "psql failed (\(result.status)): \(result.error)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a program to completion with its output in files (a daemon it starts cannot
    /// hold a pipe of ours open), waiting without blocking a thread of the pool for long.
    static func runLogged(_ path: String, _ arguments: [String], environment: [String: String] = [:], seconds: Double = 120) throws
        -> (status: Int32, output: String, error: String)
    {
        let child = try Background(path, arguments, environment: environment)
        let end = Date().addingTimeInterval(seconds)
        while child.process.isRunning && Date() < end { Thread.sleep(forTimeInterval: 0.02) }
        if child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) }
        child.process.waitUntilExit()
        return (child.process.terminationStatus, child.output, child.error)
    }
}

/// One test's own schema on a cluster, dropped by `drop()`.
final class PostgresSchema: @unchecked Sendable {
    let name: String
    let adminURL: String
    let password: String

    init(adminURL: String, password: String) throws {
        name = "lucka_e2e_" + Random.bytes(5).hex
        self.adminURL = adminURL
        self.password = password
        try PostgresTest.psql("CREATE SCHEMA \(name)", url: adminURL, password: password)
    }

    /// On the suite's cluster (LUCKA_TEST_DATABASE_URL).
    static func make() throws -> PostgresSchema {
        try PostgresSchema(adminURL: PostgresTest.adminURL!, password: PostgresTest.adminPassword!)
    }

    /// The relay's URL: the admin URL with `schema=`.
    var url: String { adminURL + (adminURL.contains("?") ? "&" : "?") + "schema=" + name }

    /// What a relay (or `lucka-relay` command) needs to use this schema.
    var environment: [String: String] { ["LUCKA_DATABASE_URL": url, "LUCKA_DATABASE_PASSWORD": password] }

    /// `sql` with the schema first on the search path.
    @discardableResult
    func psql(_ sql: String) throws -> String {
        try PostgresTest.psql("SET search_path TO \(name); " + sql, url: adminURL, password: password)
    }

    func drop() {
        _ = try? PostgresTest.psql("DROP SCHEMA IF EXISTS \(name) CASCADE", url: adminURL, password: password)
    }

    /// A relay on this schema; `environment` wins over the schema's and the unlimited budgets.
    func relay(_ environment: [String: String] = [:]) throws -> RelayProcess {
        try RelayProcess(workspace: RelayProcess.workspace(), environment: self.environment.merging(environment) { $1 })
    }

    /// `lucka-relay clinic create SLUG` on this schema, and the founder enrolled through `relay`.
    func foundClinic(on relay: RelayProcess, slug: String = "kast-test") async throws -> LiveClinic {
        try await Self.foundClinic(environment: environment, on: relay, slug: slug)
    }

    /// The same on the database that `environment` names.
    static func foundClinic(environment: [String: String], on relay: RelayProcess, slug: String = "kast-test") async throws -> LiveClinic {
        let created = try run("lucka-relay", ["clinic", "create", slug, "--json"], environment: environment)
        guard created.status == 0 else { throw RelayProcessError(message: "clinic create failed: \(created.error)") }
        let invitation = try JSONDecoder().decode(Invitation.self, from: Data(created.output.utf8))
        let keys = try StaffKeys.generate()
        let (_, fingerprint) = try await StaffSession.enrol(
            relay: relay.client, keys: keys, token: invitation.token, displayName: "Anna Admin",
            founding: LiveClinic.profile(slug: slug))
        return LiveClinic(slug: slug, admin: StaffSession(relay: relay.client, keys: keys, pin: fingerprint), fingerprint: fingerprint!)
    }
}

/// A writer of the load tests: a conversation and the messages the relays acknowledged.
final class PostingWriter: @unchecked Sendable {
    let conversation: WriterConversation
    private let lock = NSLock()
    private var acknowledged: [(seq: Int, ciphertext: [UInt8], text: String)] = []

    init(conversation: WriterConversation) { self.conversation = conversation }

    /// A post body carrying `text`, sealed for the clinic.
    func body(_ text: String) throws -> (body: [UInt8], sealed: [UInt8]) {
        let sealed = try WriterConversation.seal(
            text: text, previous: nil, keys: conversation.keys, to: conversation.clinic.current.publicKey)
        let request = PostMessageRequest(
            lookupToken: conversation.keys.lookupToken.copyBytes(), writerKey: conversation.keys.boxKeyPair.publicKey,
            epoch: conversation.clinic.current.epoch, message: sealed)
        return (Array(try JSONEncoder().encode(request)), sealed)
    }

    /// Posts `text` to the relay on `port`; records it if the answer is 2xx.
    func post(_ text: String, port: Int) -> RawResponse? {
        guard let (body, sealed) = try? body(text) else { return nil }
        let answer = RawHTTP.json(port, "POST", "/v1/threads/messages", body: body)
        if let answer, (200..<300).contains(answer.status),
            let posted = try? JSONDecoder().decode(PostedMessage.self, from: Data(answer.body))
        {
            lock.lock()
            acknowledged.append((posted.seq, sealed, text))
            lock.unlock()
        }
        return answer
    }

    var acknowledgedMessages: [(seq: Int, ciphertext: [UInt8], text: String)] {
        lock.lock()
        defer { lock.unlock() }
        return acknowledged
    }

    /// Acknowledged messages the relay at `url` does not hold, byte for byte and (opened
    /// with the writer's keys) word for word.
    func missing(from url: String) async throws -> [String] {
        let thread = try await RelayClient(baseURL: url).readThread(lookupToken: conversation.keys.lookupToken.copyBytes())
        let stored = Dictionary(thread.messages.map { ($0.seq, $0.ciphertext.bytes) }, uniquingKeysWith: { first, _ in first })
        let opened = conversation.open(thread)
        let texts = Dictionary(opened.messages.map { ($0.seq, $0.envelope?.text) }, uniquingKeysWith: { first, _ in first })
        var missing: [String] = []
        for message in acknowledgedMessages {
            if stored[message.seq] != message.ciphertext {
                missing.append("seq \(message.seq): ciphertext")
            } else if texts[message.seq] ?? nil != message.text {
                missing.append("seq \(message.seq): text")
            }
        }
        return missing
    }

    /// Messages the relay holds in this thread.
    func storedCount(at url: String) async throws -> Int {
        try await RelayClient(baseURL: url).readThread(lookupToken: conversation.keys.lookupToken.copyBytes()).messages.count
    }
}

/// Statuses of answers, with Retry-After counted for 429 and 503.
final class StatusTally: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [Int: Int] = [:]
    private(set) var withoutRetryAfter = 0
    private var firstSuccessAfterMark: Date?
    private var mark: Date?

    func record(_ response: RawResponse?) {
        lock.lock()
        defer { lock.unlock() }
        let status = response?.status ?? 0
        statuses[status, default: 0] += 1
        if [429, 503].contains(status), response?.header("Retry-After") == nil { withoutRetryAfter += 1 }
        if let mark, firstSuccessAfterMark == nil, (200..<300).contains(status), Date() > mark { firstSuccessAfterMark = Date() }
    }

    /// From now on, remember the first 2xx.
    func setMark() {
        lock.lock()
        mark = Date()
        firstSuccessAfterMark = nil
        lock.unlock()
    }

    var firstSuccess: Date? { lock.lock(); defer { lock.unlock() }; return firstSuccessAfterMark }
    var counts: [Int: Int] { lock.lock(); defer { lock.unlock() }; return statuses }
    func count(_ status: Int) -> Int { counts[status] ?? 0 }
    var total: Int { counts.values.reduce(0, +) }
    var description: String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key == 0 ? "no answer" : String($0.key)): \($0.value)" }.joined(separator: ", ")
    }
}

/// A throw-away cluster of scripts/postgres in a fresh folder, for tests that stop it.
final class OwnCluster: @unchecked Sendable {
    let directory: String
    let url: String
    let password: String

    init() throws {
        directory = NSTemporaryDirectory() + "lucka-pg-" + Random.bytes(5).hex
        let started = try PostgresTest.runLogged(PostgresTest.script, ["start", directory])
        guard started.status == 0 else { throw RelayProcessError(message: "scripts/postgres start failed: \(started.error)") }
        url = try String(contentsOfFile: directory + "/url", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        password = try String(contentsOfFile: directory + "/password", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func stop() throws {
        let stopped = try PostgresTest.runLogged(PostgresTest.script, ["stop", directory])
        guard stopped.status == 0 else { throw RelayProcessError(message: "scripts/postgres stop failed: \(stopped.error)") }
    }

    /// Starts the stopped server again on its port (scripts/postgres wrote it to postgresql.conf).
    func startAgain() throws {
        let pgctl = "/usr/lib/postgresql/15/bin/pg_ctl"
        let command = "\(pgctl) -D \(directory)/data -l \(directory)/postgresql.log -w -t 60 start"
        // As scripts/postgres does: the server must keep no descriptor of ours beyond 0-2, or
        // Foundation waits for it to close before it sees the command end.
        let closeInherited = #"for fd in $(ls /proc/$$/fd); do [ "$fd" -le 2 ] || eval "exec $fd>&-" 2>/dev/null || true; done; "#
        let line = closeInherited + (getuid() == 0 ? "cd / && exec runuser -u postgres -- \(command)" : "cd / && exec \(command)")
        let started = try PostgresTest.runLogged("/bin/bash", ["-c", line])
        guard started.status == 0 else { throw RelayProcessError(message: "pg_ctl start failed: \(started.output) \(started.error)") }
    }

    func remove() {
        _ = try? PostgresTest.runLogged(PostgresTest.script, ["remove", directory])
    }
}

/// Runs `body` on `count` OS threads (so a blocked socket never holds the concurrency pool)
/// and waits for them without blocking a thread of the pool.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) async {
    let threads = (0..<count).map { index in Thread { body(index) } }
    threads.forEach { $0.start() }
    while threads.contains(where: { !$0.isFinished }) { try? await Task.sleep(for: .milliseconds(50)) }
}

/// Seconds since `start`, to two decimals.
func seconds(since start: Date, until end: Date = Date()) -> String {
    String(format: "%.2f", end.timeIntervalSince(start))
}

/// A value shared between the test and its OS threads.
final class Shared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
