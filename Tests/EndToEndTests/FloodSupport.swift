import AsyncHTTPClient
import Foundation
@testable import LuckaClient
import LuckaCore
import NIOCore

/// The flood's clients, and what they were told.
final class Flood: @unchecked Sendable {
    struct Answer {
        var status: Int
        var retryAfter: String?
    }

    struct Tally: CustomStringConvertible {
        var ok = 0, limited = 0, shed = 0, timeouts = 0
        var unexpected: [String] = []
        var total: Int { ok + limited + shed + timeouts + unexpected.count }
        var description: String { "2xx \(ok), 429 \(limited), 503 \(shed), timeouts \(timeouts), other \(unexpected.count)" }
    }

    let url: String
    let http: HTTPClient
    let clinic: VerifiedClinic
    let acknowledged = Acknowledged()
    private let state = NSLock()
    private var counts = Tally()
    private var created: [(WriterKeys, [UInt8])] = []

    init(url: String, http: HTTPClient, clinic: VerifiedClinic) {
        self.url = url
        self.http = http
        self.clinic = clinic
    }

    var tally: Tally { state.withLock { counts } }
    var createdThreads: [(WriterKeys, [UInt8])] { state.withLock { created } }

    /// One client: posts to its thread, reads it, opens a new thread, again and again.
    func client(_ index: Int, _ keys: WriterKeys, until deadline: Date) async {
        var step = 0
        while Date() < deadline {
            do {
                switch step % 3 {
                case 0: record(try await post(keys, writer: index))
                case 1:
                    record(
                        try await send("/v1/threads/read", ThreadAccessRequest(lookupToken: keys.lookupToken.copyBytes())).answer)
                default: record(try await create(try WriterKeys(code: ConversationCode.generate())))
                }
            } catch let error as HTTPClientError where error == .deadlineExceeded {
                state.withLock { counts.timeouts += 1 }
            } catch {
                state.withLock { counts.unexpected.append("\(type(of: error)): \(error)") }
            }
            step += 1
        }
    }

    func post(_ keys: WriterKeys, writer: Int) async throws -> Answer {
        let sealed = try WriterConversation.seal(text: "flood \(writer)", previous: nil, keys: keys, to: clinic.current.publicKey)
        let request = PostMessageRequest(
            lookupToken: keys.lookupToken.copyBytes(), writerKey: keys.boxKeyPair.publicKey, epoch: clinic.current.epoch,
            message: sealed)
        let (answer, body) = try await send("/v1/threads/messages", request)
        if (200..<300).contains(answer.status), writer >= 0 {
            let posted = try JSONDecoder().decode(PostedMessage.self, from: Data(body))
            acknowledged.add(writer: writer, seq: posted.seq, ciphertext: sealed)
        }
        return answer
    }

    func create(_ keys: WriterKeys) async throws -> Answer {
        let sealed = try WriterConversation.seal(text: "a new thread", previous: nil, keys: keys, to: clinic.current.publicKey)
        let request = CreateThreadRequest(
            clinic: clinic.slug, channel: .self, writerKey: keys.boxKeyPair.publicKey, lookupToken: keys.lookupToken.copyBytes(),
            epoch: clinic.current.epoch, message: sealed)
        let answer = try await send("/v1/threads", request).answer
        if (200..<300).contains(answer.status) { state.withLock { created.append((keys, sealed)) } }
        return answer
    }

    /// Sends one JSON request with a 10 s timeout; a timeout throws `deadlineExceeded`.
    func send(_ path: String, _ body: some Encodable) async throws -> (answer: Answer, body: [UInt8]) {
        var request = HTTPClientRequest(url: url + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let response = try await http.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (
            Answer(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After")),
            Array(bytes.readableBytesView)
        )
    }

    func record(_ answer: Answer) {
        state.withLock {
            switch answer.status {
            case 200..<300: counts.ok += 1
            case 429 where answer.retryAfter != nil: counts.limited += 1
            case 503 where answer.retryAfter != nil: counts.shed += 1
            default: counts.unexpected.append("\(answer.status) Retry-After: \(answer.retryAfter ?? "none")")
            }
        }
    }

    /// Retries a request the relay shed, after its Retry-After (for setting up and reading back).
    func untilAnswered(_ request: () async throws -> Answer) async throws -> Answer {
        for _ in 0..<50 {
            let answer = try await request()
            guard answer.status == 503 else { return answer }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await request()
    }

    /// How many of `expected` (seq, ciphertext) the writer's thread does not hold.
    func missing(_ expected: [(Int, [UInt8])], keys: WriterKeys) async throws -> Int {
        guard !expected.isEmpty else { return 0 }
        var thread: WriterThread?
        _ = try await untilAnswered {
            let (answer, body) = try await send(
                "/v1/threads/read", ThreadAccessRequest(lookupToken: keys.lookupToken.copyBytes()))
            if answer.status == 200 { thread = try JSONDecoder().decode(WriterThread.self, from: Data(body)) }
            return answer
        }
        let stored = Dictionary(
            (thread?.messages ?? []).map { ($0.seq, $0.ciphertext.bytes) }, uniquingKeysWith: { first, _ in first })
        return expected.filter { stored[$0.0] != $0.1 }.count
    }
}

/// The relay's resident memory, sampled every half second; the maximum in kB.
final class RSSSampler: @unchecked Sendable {
    let pid: Int32
    private let state = NSLock()
    private var highest = 0
    private var stopped = false

    init(pid: Int32) { self.pid = pid }

    var maximum: Int { state.withLock { highest } }

    func stop() { state.withLock { stopped = true } }

    func run() async {
        while !state.withLock({ stopped }) {
            if let rss = residentKilobytes(pid) { state.withLock { highest = max(highest, rss) } }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }
}

/// VmRSS from /proc/<pid>/status, in kB.
func residentKilobytes(_ pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return nil }
    return line.split(separator: " ").compactMap { Int($0) }.first
}
