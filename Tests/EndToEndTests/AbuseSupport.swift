import Foundation
import LuckaCore

#if canImport(Glibc)
    import Glibc
#endif

/// Pieces of the attacks in AbuseTests: a flood on OS threads (so it never waits on the
/// concurrency pool the test itself runs on), genuine and junk conversations, free ports.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [Int: Int] = [:]
    private var retryAfterMissing = 0

    func record(_ response: RawResponse?) {
        lock.lock()
        defer { lock.unlock() }
        statuses[response?.status ?? 0, default: 0] += 1
        if response?.status == 429, response?.header("Retry-After") == nil { retryAfterMissing += 1 }
    }

    var counts: [Int: Int] { lock.lock(); defer { lock.unlock() }; return statuses }
    var total: Int { counts.values.reduce(0, +) }
    var missingRetryAfter: Int { lock.lock(); defer { lock.unlock() }; return retryAfterMissing }
    var description: String { counts.sorted { $0.key < $1.key }.map { "\($0.key == 0 ? "no answer" : String($0.key)): \($0.value)" }.joined(separator: ", ") }
}

enum Abuse {
    /// A port nobody listens on now (bound and released; the relay binds it a moment later).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Tor's PROXY line for circuit `id`.
    static func torLine(circuit id: UInt32) -> String {
        "PROXY TCP6 fc00:dead:beef:4dad::\(String(id >> 16, radix: 16)):\(String(id & 0xffff, radix: 16)) ::1 80 80"
    }

    static func clinic(_ port: Int, slug: String, source: String? = nil) throws -> VerifiedClinic {
        guard let response = RawHTTP.json(port, "GET", "/v1/clinics/\(slug)", body: [], source: source), response.status == 200 else {
            throw RelayProcessError(message: "could not fetch the clinic \(slug)")
        }
        return try JSONDecoder().decode(ClinicDocument.self, from: Data(response.body)).verified(pin: nil)
    }

    /// A real first message from a new writer, sealed to the clinic's current key.
    static func genuineThread(_ clinic: VerifiedClinic, text: String) throws -> (code: ConversationCode, body: [UInt8]) {
        let code = ConversationCode.generate()
        let keys = try WriterKeys(code: code)
        let sealed = try MessageBox.seal(Envelope(author: .writer, text: text), from: keys.boxKeyPair.secretKey, to: clinic.current.publicKey)
        let request = CreateThreadRequest(
            clinic: clinic.slug, channel: .self, writerKey: keys.boxKeyPair.publicKey, lookupToken: keys.lookupToken.copyBytes(),
            epoch: clinic.current.epoch, message: sealed)
        return (code, Array(try JSONEncoder().encode(request)))
    }

    /// What a flood sends: a random token and key and bytes of a valid length that no key opens.
    static func junkThread(_ clinic: VerifiedClinic, size: Int = MessageBox.sealedLengths[0]) throws -> [UInt8] {
        let request = CreateThreadRequest(
            clinic: clinic.slug, channel: .self, writerKey: Random.bytes(32), lookupToken: Random.bytes(32), epoch: clinic.current.epoch,
            message: Random.bytes(size))
        return Array(try JSONEncoder().encode(request))
    }

    /// Sends `next()` as fast as one OS thread can, on fresh connections, until `seconds`
    /// have passed or `next` returns nil; every answer goes into `tally`. Returns at once;
    /// `join` waits.
    static func flood(seconds: Double, threads: Int, tally: Tally, _ next: @escaping @Sendable () -> RawResponse??) -> [Thread] {
        let deadline = Date().addingTimeInterval(seconds)
        let workers = (0..<threads).map { _ in
            Thread {
                while Date() < deadline, let answer = next() { tally.record(answer) }
            }
        }
        workers.forEach { $0.start() }
        return workers
    }

    static func join(_ threads: [Thread]) async {
        while threads.contains(where: { !$0.isFinished }) { try? await Task.sleep(for: .milliseconds(50)) }
    }

    /// Milliseconds `body` took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let value = try body()
        let elapsed = ContinuousClock.now - start
        return (value, Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
}
