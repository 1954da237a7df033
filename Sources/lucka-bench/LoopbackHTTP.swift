import Foundation
import LuckaRelay

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 keep-alive connection on a blocking loopback socket. The load
/// generator shares the machine's two cores with the relay it measures; AsyncHTTPClient
/// spends about as much CPU per request as the relay does, this spends a small part of it.
/// Requests are prepared bytes; answers need a Content-Length (the relay always sends one).
final class LoopbackConnection {
    private let socket: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw LoopbackError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw LoopbackError("connect() to port \(port) failed: errno \(errno)")
        }
        var yes: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    /// Sends one request and reads its whole answer.
    func exchange(_ request: [UInt8]) throws -> (status: Int, body: [UInt8]) {
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { send(socket, $0.baseAddress! + sent, request.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw LoopbackError("send failed: errno \(errno)") }
            sent += n
        }
        let headEnd = try fill(until: { $0.headEnd })
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 "),
              let status = Int(statusLine.dropFirst(9).prefix(3))
        else { throw LoopbackError("not an HTTP answer") }
        guard let lengthLine = lines.first(where: { $0.lowercased().hasPrefix("content-length:") }),
              let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces))
        else { throw LoopbackError("an answer without Content-Length") }
        let total = headEnd + 4 + length
        _ = try fill(until: { $0.count >= total ? total : nil })
        let body = Array(buffer[(headEnd + 4)..<total])
        buffer.removeFirst(total)
        return (status, body)
    }

    /// Reads until `done` finds what it needs in the buffer.
    private func fill(until done: ([UInt8]) -> Int?) throws -> Int {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            if let found = done(buffer) { return found }
            let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
            guard n > 0 else { throw LoopbackError(n == 0 ? "the relay closed the connection" : "recv failed: errno \(errno)") }
            buffer += chunk[..<n]
        }
    }

    /// A request as bytes, with the headers a JSON API call needs.
    static func request(_ method: String, _ path: String, body: [UInt8] = [], headers: [(String, String)] = []) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.count)\r\n"
        if !body.isEmpty { head += "Content-Type: application/json\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }
}

struct LoopbackError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Array where Element == UInt8 {
    /// Where "\r\n\r\n" starts, if it is there.
    fileprivate var headEnd: Int? {
        guard count >= 4 else { return nil }
        for i in 0...(count - 4) where self[i] == 13 && self[i + 1] == 10 && self[i + 2] == 13 && self[i + 3] == 10 { return i }
        return nil
    }
}

/// Runs `clients` OS threads, each with its own connection, sending the request that
/// `next` prepares until `seconds` have passed. A request counts as done when its answer
/// has `expected` status; any other status is counted by code. With several `ports`
/// (relays), client n connects to port n modulo their count.
func runSocketLoad(
    ports: [Int], clients: Int, seconds: Double, expected: Int, _ next: @escaping @Sendable (_ client: Int, _ iteration: Int) -> [UInt8]?
) -> LoadResult {
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
    let collected = Locked(LoadResult(latencies: [], errors: [:], seconds: 0))
    let group = DispatchGroup()
    let started = DispatchTime.now().uptimeNanoseconds
    for client in 0..<clients {
        group.enter()
        let thread = Thread {
            var latencies: [Double] = []
            var errors: [String: Int] = [:]
            defer {
                collected.withLock { result in
                    result.latencies += latencies
                    for (key, count) in errors { result.errors[key, default: 0] += count }
                }
                group.leave()
            }
            guard let connection = try? LoopbackConnection(port: ports[client % ports.count]) else {
                errors["connect", default: 0] += 1
                return
            }
            var iteration = 0
            while DispatchTime.now().uptimeNanoseconds < deadline, let request = next(client, iteration) {
                iteration += 1
                let start = DispatchTime.now().uptimeNanoseconds
                do {
                    let answer = try connection.exchange(request)
                    if answer.status == expected {
                        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                    } else {
                        errors["HTTP \(answer.status)", default: 0] += 1
                    }
                } catch {
                    errors["\(error)", default: 0] += 1
                    return
                }
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    group.wait()
    var result = collected.withLock { $0 }
    result.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    return result
}
