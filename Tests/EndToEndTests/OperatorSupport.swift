import AsyncHTTPClient
import Foundation
import LuckaCore
import NIOCore
import NIOHTTP1

/// The repository's root folder (deploy/, README.md).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A browser-like HTTP exchange: form posts and pages, status and body as text.
struct Browser {
    struct Page {
        var status: Int
        var headers: HTTPHeaders
        var body: String
    }

    func get(_ url: String) async throws -> Page {
        try await send(HTTPClientRequest(url: url))
    }

    /// Posts `fields` as `application/x-www-form-urlencoded`, with the headers a browser
    /// sends for a same-origin form. Like a browser that has just loaded the form, it sends
    /// a fresh single-use `form` token unless `fields` carry one.
    func post(_ url: String, form fields: [(String, String)]) async throws -> Page {
        var fields = fields
        if !fields.contains(where: { $0.0 == "form" }), let origin = Self.origin(of: url),
           let token = RawHTTP.formToken(in: try await get(origin + "/return").body) {
            fields.append(("form", token))
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        if let origin = Self.origin(of: url) { request.headers.add(name: "Origin", value: origin) }
        request.headers.add(name: "Sec-Fetch-Site", value: "same-origin")
        request.body = .bytes(ByteBuffer(string: Self.encode(fields)))
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest) async throws -> Page {
        var request = request
        request.headers.add(name: "Accept", value: "text/html")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4 << 20)
        return Page(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }

    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }

    /// `application/x-www-form-urlencoded`, as browsers write it (space as +).
    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "*-._ ")
        return fields.map { name, value in
            [name, value].map { $0.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: " ", with: "+") }
                .joined(separator: "=")
        }.joined(separator: "&")
    }
}

/// The first match of `pattern`'s first capture group in `text`.
func capture(_ pattern: String, in text: String) -> String? {
    guard let regex = try? NSRegularExpression(pattern: pattern),
          let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), match.numberOfRanges > 1,
          let range = Range(match.range(at: 1), in: text)
    else { return nil }
    return String(text[range])
}

/// Runs a command found on PATH (a system tool such as systemd-analyze, tor, nginx).
func runSystemTool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    try runTool("/usr/bin/env", [name] + arguments)
}

/// Waits for `line` (a substring) in the file at `path`; returns that line.
func waitForLine(containing needle: String, in path: String, seconds: Double = 30, while running: () -> Bool) throws -> String {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        if let line = text.split(separator: "\n").first(where: { $0.contains(needle) }) { return String(line) }
        if !running() { break }
        Thread.sleep(forTimeInterval: 0.05)
    }
    throw RelayProcessError(message: "no line with \(needle): \((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")")
}
