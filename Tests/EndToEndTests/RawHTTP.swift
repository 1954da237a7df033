import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An answer as it came off the wire: status, headers in order, body (chunks joined).
struct RawResponse {
    let status: Int
    /// The status line and header lines, exactly as received.
    let head: String
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// One TCP connection to the relay through plain POSIX sockets, so a test can send what
/// no HTTP client would: broken framing, bodies that stop half way, one byte a second.
/// Every call is bounded by the socket's send and receive timeouts.
final class RawConnection {
    private(set) var descriptor: Int32 = -1

    /// `source`: the local address to connect from (127.0.0.2 and up are this machine too),
    /// so a test can be two different sources on one machine.
    init(port: Int, timeoutSeconds: Int = 10, source: String? = nil) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RelayProcessError(message: "socket() failed: errno \(errno)") }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                Glibc.close(fd)
                throw RelayProcessError(message: "bind(\(source)) failed: errno \(errno)")
            }
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(fd)
            throw RelayProcessError(message: "connect() failed: errno \(code)")
        }
        descriptor = fd
    }

    deinit { close() }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Sends all of `bytes`; false once the relay has closed (or stopped reading).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Whether the relay has closed this connection (end of stream or reset), without waiting.
    /// Anything the relay sent first (an error answer) is read and dropped.
    var isClosedByRelay: Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count == 0 { return true }
            if count < 0 { return errno != EAGAIN && errno != EWOULDBLOCK }
        }
    }

    /// Reads one response; nil if the connection closed (or timed out) before a whole head arrived.
    func receiveResponse(timeoutSeconds: Double = 10) -> RawResponse? {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        func readMore() -> Bool {
            guard Date() < deadline else { return false }
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count <= 0 { return false }
            buffer += chunk[0..<count]
            return true
        }
        let separator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.firstRange(of: separator)?.upperBound
            if headEnd == nil, !readMore() { return nil }
        }
        let head = String(decoding: buffer[..<(headEnd! - 4)], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let response = { (body: [UInt8]) in RawResponse(status: status, head: head, headers: headers, body: body) }
        var body = Array(buffer[headEnd!...])
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }
        if let length = header("content-length").flatMap(Int.init) {
            while body.count < length {
                let before = buffer.count
                guard readMore() else { break }
                body += buffer[before...]
            }
            return response(Array(body.prefix(length)))
        }
        if header("transfer-encoding")?.lowercased() == "chunked" {
            while Array(body.suffix(5)) != Array("0\r\n\r\n".utf8) {
                let before = buffer.count
                guard readMore() else { break }
                body += buffer[before...]
            }
            return response(Self.dechunk(body))
        }
        // No length: the body runs to the end of the stream.
        while true {
            let before = buffer.count
            guard readMore() else { break }
            body += buffer[before...]
        }
        return response(body)
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var rest = bytes[...]
        while let lineEnd = rest.firstRange(of: Array("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0,
                rest.count >= lineEnd.upperBound - rest.startIndex + size
            else { break }
            out += rest[lineEnd.upperBound..<(lineEnd.upperBound + size)]
            rest = rest[(lineEnd.upperBound + size)...].dropFirst(2)
        }
        return out
    }
}

/// Requests written by hand.
enum RawHTTP {
    /// The port in a relay URL such as `http://localhost:41234`.
    static func port(of url: String) -> Int {
        Int(url.split(separator: ":").last ?? "") ?? 0
    }

    /// A request's bytes. `contentLength` nil: the body's own length; pass a number to lie,
    /// or leave the header out with `omitLength`.
    static func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = [],
        contentLength: Int? = nil, omitLength: Bool = false, host: String = "localhost"
    ) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !omitLength && !headers.contains(where: { $0.0.lowercased() == "transfer-encoding" }) {
            head += "Content-Length: \(contentLength ?? body.count)\r\n"
        }
        return Array((head + "\r\n").utf8) + body
    }

    /// `body` as chunked transfer coding, in chunks of `size` bytes.
    static func chunked(_ body: [UInt8], size: Int = 16_384) -> [UInt8] {
        var out: [UInt8] = []
        var offset = 0
        while offset < body.count {
            let end = min(offset + size, body.count)
            out += Array("\(String(end - offset, radix: 16))\r\n".utf8) + body[offset..<end] + Array("\r\n".utf8)
            offset = end
        }
        return out + Array("0\r\n\r\n".utf8)
    }

    /// Sends `bytes` on a fresh connection and reads one answer (nil: closed without one).
    static func exchange(_ port: Int, _ bytes: [UInt8], timeoutSeconds: Double = 10, source: String? = nil) -> RawResponse? {
        guard let connection = try? RawConnection(port: port, timeoutSeconds: max(1, Int(timeoutSeconds)), source: source) else { return nil }
        defer { connection.close() }
        connection.send(bytes)
        return connection.receiveResponse(timeoutSeconds: timeoutSeconds)
    }

    /// A JSON API request (`Accept: application/json`).
    /// `proxyLine`: a PROXY protocol line sent first (the relay's Tor listener wants one).
    static func json(
        _ port: Int, _ method: String, _ path: String, body: [UInt8], headers: [(String, String)] = [], source: String? = nil,
        proxyLine: String? = nil
    ) -> RawResponse? {
        exchange(
            port,
            Array((proxyLine.map { $0 + "\r\n" } ?? "").utf8)
                + request(
                    method, path,
                    headers: [("Content-Type", "application/json"), ("Accept", "application/json"), ("Connection", "close")]
                        + headers, body: body),
            source: source)
    }

    /// A browser-like request (`Accept: text/html`); form posts carry a same-origin header.
    /// A form without a `form` field gets a fresh single-use token, fetched first as a
    /// browser has one from the page it loaded.
    static func page(
        _ port: Int, _ method: String, _ path: String, form: [UInt8]? = nil, headers: [(String, String)] = [], source: String? = nil
    ) -> RawResponse? {
        var all = [("Accept", "text/html"), ("Connection", "close")] + headers
        var body = form ?? []
        if form != nil {
            all += [("Content-Type", "application/x-www-form-urlencoded"), ("Sec-Fetch-Site", "same-origin")]
            let names = String(decoding: body, as: UTF8.self).split(separator: "&").map { $0.split(separator: "=").first ?? "" }
            if !names.contains("form"), let token = page(port, "GET", "/return", source: source).flatMap({ formToken(in: $0.text) }) {
                body += Array(((body.isEmpty ? "" : "&") + "form=" + token).utf8)
            }
        }
        return exchange(port, request(method, path, headers: all, body: body), source: source)
    }

    /// A form body as a browser encodes it.
    static func form(_ fields: [(String, String)]) -> [UInt8] { Array(Browser.encode(fields).utf8) }

    /// The single-use token in a page's forms.
    static func formToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"form\" value=\"") else { return nil }
        let token = String(html[range.upperBound...].prefix(80))
        return token.count == 80 ? token : nil
    }
}
