import Foundation
@testable import LuckaClient
import LuckaCore
import Testing

/// Bad input thrown at a real `lucka-relay serve` over raw sockets: every answer is a
/// clear 4xx (JSON for the API, a calm page for browsers) or a closed connection, nothing
/// is stored, and afterwards a real writer still reads the real conversation.
/// Slow and idle connections: HostileInputTests+Connections.swift.
@Suite("Live relay: hostile input", .serialized)
struct HostileInputTests {
    static let maximumBody = 96 * 1024

    // MARK: Bodies

    @Test func oversizedBodiesAreRefusedBeforeTheyAreRead() async throws {
        let target = try await HostileTarget.start()
        let port = target.port
        let json = [("Content-Type", "application/json"), ("Accept", "application/json"), ("Connection", "close")]
        func filler(_ count: Int) -> [UInt8] {
            Array(("{\"lookupToken\":\"" + String(repeating: "A", count: count - 18) + "\"}").utf8)
        }

        for size in [Self.maximumBody + 1, 4 * Self.maximumBody] {
            expectAPIError(
                RawHTTP.json(port, "POST", "/v1/threads/read", body: filler(size)), "\(size) bytes with Content-Length",
                status: [413])
            let chunked = RawHTTP.request(
                "POST", "/v1/threads/messages", headers: json + [("Transfer-Encoding", "chunked")],
                body: RawHTTP.chunked(filler(size)))
            expectAPIError(RawHTTP.exchange(port, chunked), "\(size) bytes chunked", status: [413])
        }
        // Claims 10 MB and sends 200 KiB of it: refused without waiting for the rest.
        let claimed = RawHTTP.request("POST", "/v1/threads", headers: json, body: filler(200 * 1024), contentLength: 10_000_000)
        expectAPIError(RawHTTP.exchange(port, claimed), "10 MB Content-Length", status: [413])
        // No length at all: the body is empty as far as HTTP goes, and the rest is garbage.
        let unframed = RawHTTP.request("POST", "/v1/threads/read", headers: json, body: filler(200 * 1024), omitLength: true)
        expectAPIError(RawHTTP.exchange(port, unframed), "body without a length", status: [400])
        // The web form says the same, as a page.
        let form = Array(("channel=self&text=" + String(repeating: "x", count: 2 * Self.maximumBody)).utf8)
        expectErrorPage(RawHTTP.page(port, "POST", "/c/kast-test/write", form: form), "oversized form", status: [413])
        // A staff request over the limit, signed so it reaches the handler.
        let staffBody = filler(Self.maximumBody + 10)
        expectAPIError(
            RawHTTP.exchange(port, try target.signed("POST", "/v1/staff/invitations", body: staffBody)), "oversized staff body",
            status: [413])

        await target.expectStillServing(after: "oversized bodies")
        #expect(try await target.threadCount() == 1)
        target.relay.stop()
    }

    @Test func malformedJSONGetsA400AndStoresNothing() async throws {
        let target = try await HostileTarget.start()
        let port = target.port
        let token = target.conversation.keys.lookupToken.copyBytes().base64
        let post = String(decoding: try target.validPostBody(), as: UTF8.self)

        let malformed: [(String, String)] = [
            ("empty", ""), ("null", "null"), ("array", "[]"), ("array of the object", "[{\"lookupToken\":\"\(token)\"}]"),
            ("string", "\"lookupToken\""), ("number", "12"), ("true", "true"), ("truncated", String(post.prefix(post.count / 2))),
            ("truncated object", "{\"lookupToken\":"), ("missing fields", "{}"),
            ("wrong key case", "{\"LookupToken\":\"\(token)\"}"),
            ("token as number", "{\"lookupToken\":12345}"), ("token as array", "{\"lookupToken\":[1,2,3]}"),
            ("token as object", "{\"lookupToken\":{\"a\":1}}"), ("token null", "{\"lookupToken\":null}"),
            ("duplicate bad keys", "{\"lookupToken\":\"AAAA\",\"lookupToken\":\"AAAA\"}"),
            ("trailing garbage", "{\"lookupToken\":\"\(token)\"} x"),
            ("single quotes", "{'lookupToken':'\(token)'}"), ("comment", "{/* */\"lookupToken\":\"\(token)\"}"),
            ("lone surrogate", "{\"lookupToken\":\"\\ud800\"}"), ("NUL in string", "{\"lookupToken\":\"\u{0}\"}"),
            ("deep arrays", String(repeating: "[", count: 90_000)), ("deep objects", String(repeating: "{\"a\":", count: 15_000)),
        ]
        for path in ["/v1/threads/read", "/v1/threads/messages", "/v1/threads", "/v1/threads/delete"] {
            for (name, body) in malformed {
                expectAPIError(RawHTTP.json(port, "POST", path, body: Array(body.utf8)), "\(path): \(name)", status: [400])
            }
            for bytes: [UInt8] in [[0xFF, 0xFE], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]] {
                let body = Array("{\"lookupToken\":\"".utf8) + bytes + Array("\"}".utf8)
                expectAPIError(RawHTTP.json(port, "POST", path, body: body), "\(path): invalid UTF-8 \(bytes)", status: [400])
            }
        }
        // 100 000 `[` is over the body limit as well: refused either way.
        expectAPIError(
            RawHTTP.json(port, "POST", "/v1/threads/read", body: Array(String(repeating: "[", count: 100_000).utf8)), "100 000 [",
            status: [400, 413])

        // Fields of the right shape with the wrong content.
        let keys = target.conversation.keys
        func postBody(_ replace: [String: String]) -> [UInt8] {
            var fields = [
                "lookupToken": "\"\(token)\"", "writerKey": "\"\(keys.boxKeyPair.publicKey.base64)\"", "epoch": "1",
                "message": "\"\(Random.bytes(MessageBox.sealedLengths[0]).base64)\"",
            ]
            for (key, value) in replace { fields[key] = value }
            return Array(("{" + fields.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}").utf8)
        }
        let badNumbers = [
            "1e400", "18446744073709551616", "-0", "-1", "4294967296", "1.5", "NaN", "Infinity", "\"1\"",
            String(repeating: "9", count: 5_000),
        ]
        for number in badNumbers {
            expectAPIError(
                RawHTTP.json(port, "POST", "/v1/threads/messages", body: postBody(["epoch": number])),
                "epoch \(number.prefix(24))")
        }
        let badBase64 = [
            "\"\"", "\"!!!!\"", "\"AAA\"", "\"AAAA====\"", "\"\(Random.bytes(31).base64)\"", "\"\(Random.bytes(33).base64)\"",
            "\"\(Random.bytes(32).base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))x\"",
            "\"AAAA AAAA\"", "\"\(String(repeating: "A", count: 60_000))\"",
        ]
        for value in badBase64 {
            for field in ["lookupToken", "writerKey", "message"] {
                expectAPIError(
                    RawHTTP.json(port, "POST", "/v1/threads/messages", body: postBody([field: value])),
                    "\(field) = \(value.prefix(24))")
            }
        }
        let wrongSize = postBody(["message": "\"\(Random.bytes(MessageBox.sealedLengths[0] - 1).base64)\""])
        expectAPIError(
            RawHTTP.json(port, "POST", "/v1/threads/messages", body: wrongSize), "ciphertext one byte short", status: [400])

        // Numbers in the staff API: the inbox limit and the signature's timestamp.
        for number in badNumbers + ["0", "201", "10%20OR%201%3D1"] {
            let query = "/v1/staff/inbox?limit=\(percentEncoded(number))"
            expectAPIError(
                RawHTTP.exchange(port, try target.signed("GET", query)), "inbox limit \(number.prefix(24))", status: [400])
        }
        for timestamp in ["1e400", "18446744073709551616", "-0", "-9223372036854775809", String(repeating: "9", count: 400)] {
            var request = try target.signed("GET", "/v1/staff/me")
            let text = String(decoding: request, as: UTF8.self)
            let line = text.split(separator: "\r\n").first { $0.hasPrefix(SignedRequest.timestampHeader) }!
            request = Array(
                text.replacingOccurrences(of: String(line), with: "\(SignedRequest.timestampHeader): \(timestamp)").utf8)
            expectAPIError(RawHTTP.exchange(port, request), "timestamp \(timestamp.prefix(24))", status: [401])
        }

        // Extra fields are ignored, as JSON APIs do: the real read still works.
        let extra = RawHTTP.json(
            port, "POST", "/v1/threads/read", body: Array("{\"lookupToken\":\"\(token)\",\"seq\":1e400,\"admin\":true}".utf8))
        #expect(extra?.status == 200, "a read with extra fields: \(extra?.status ?? 0)")

        await target.expectStillServing(after: "malformed JSON")
        #expect(try await target.threadCount() == 1)
        target.relay.stop()
    }

    // MARK: Traversal and SQL

    static let injections = [
        "' OR 1=1 --", "\"; DROP TABLE message; --", "'; DROP TABLE thread; --", "1' UNION SELECT * FROM staff --",
        "../../etc/passwd", "..%2f..%2fetc%2fpasswd", "kast-test\u{0}", "..\\..\\data",
    ]

    @Test func traversalAndSQLChangeNothing() async throws {
        let target = try await HostileTarget.start()
        let port = target.port

        // Paths, raw and encoded, for the API and for pages.
        let paths = [
            "/v1/clinics/../../../etc/passwd", "/v1/clinics/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/v1/clinics/..%2f..%2fdata",
            "/v1/clinics/kast-test%00", "/v1/clinics/kast-test%00.json", "/v1/clinics/%00", "/v1/clinics/kast-test%2f..",
            "/v1/clinics/%27%20OR%201%3D1%20--", "/v1/../v1/clinics/kast-test/../../../etc/passwd", "/v1/threads/..%2fread",
        ]
        for path in paths {
            let answer = RawHTTP.exchange(
                port, RawHTTP.request("GET", path, headers: [("Accept", "application/json"), ("Connection", "close")]))
            expectAPIError(answer, "GET \(path)", status: [400, 404, 405])
        }
        let pagePaths = [
            "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/c/..%2f..%2fetc%2fpasswd", "/c/%2e%2e", "/c/kast-test%2f..%2f..",
            "/c/kast-test%00", "/static/..%2f..%2fPackage.swift", "/static/lucka.css/../../../etc/passwd",
            "/c/%27%20OR%201%3D1%20--",
        ]
        for path in pagePaths {
            expectErrorPage(RawHTTP.page(port, "GET", path), "page \(path)", status: [400, 404])
        }
        // A NUL or a space in the request line is not HTTP.
        for line in ["GET /v1/clinics/kast\u{0}test HTTP/1.1", "GET /v1/clinics/' OR 1=1 -- HTTP/1.1"] {
            expectRefusedOrClosed(
                RawHTTP.exchange(port, Array((line + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").utf8)), line)
        }

        // Every string field of every writer body.
        let keys = target.conversation.keys
        let token = "\"\(keys.lookupToken.copyBytes().base64)\""
        let writerKey = "\"\(keys.boxKeyPair.publicKey.base64)\""
        let message = "\"\(Random.bytes(MessageBox.sealedLengths[0]).base64)\""
        func json(_ fields: [String: String]) -> [UInt8] {
            Array(("{" + fields.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}").utf8)
        }
        for injection in Self.injections {
            let value = String(decoding: try JSONEncoder().encode(injection), as: UTF8.self)
            let create = [
                "clinic": "\"kast-test\"", "channel": "\"self\"", "writerKey": writerKey,
                "lookupToken": "\"\(Random.bytes(32).base64)\"", "epoch": "1", "message": message,
            ]
            for field in ["clinic", "channel", "writerKey", "lookupToken", "message"] {
                var fields = create
                fields[field] = value
                expectAPIError(
                    RawHTTP.json(port, "POST", "/v1/threads", body: json(fields)), "create with \(field) = \(injection)")
            }
            let postFields = ["lookupToken": token, "writerKey": writerKey, "epoch": "1", "message": message]
            for field in postFields.keys {
                var fields = postFields
                fields[field] = value
                expectAPIError(
                    RawHTTP.json(port, "POST", "/v1/threads/messages", body: json(fields)), "post with \(field) = \(injection)",
                    status: [400])
            }
            for path in ["/v1/threads/read", "/v1/threads/delete"] {
                expectAPIError(
                    RawHTTP.json(port, "POST", path, body: json(["lookupToken": value])), "\(path) with \(injection)",
                    status: [400])
            }
            try expectStaffRefuse(target, injection, value)
            expectPagesRefuse(target, injection)
            // Query parameters nobody reads are ignored; the ones read are checked.
            let ignored = RawHTTP.exchange(
                port, RawHTTP.request("GET", "/v1/clinics?slug=\(percentEncoded(injection))", headers: [("Connection", "close")]))
            #expect(
                ignored?.status == 200 && ignored?.text.contains("kast-test") == true,
                "clinic list with a query: \(ignored?.status ?? 0)")
        }

        await target.expectStillServing(after: "traversal and SQL")
        #expect(try await target.threadCount() == 1)
        target.relay.stop()
        let check = try run("lucka-relay", ["check", "--data-dir", target.relay.dataDirectory])
        #expect(check.status == 0 && check.output.contains("integrity: ok"), "\(check.output) \(check.error)")
        try target.relay.restart()
        await target.expectStillServing(after: "a restart")
        target.relay.stop()
    }

    /// The injection in every string a signed staff request carries: path, query, body.
    func expectStaffRefuse(_ target: HostileTarget, _ injection: String, _ value: String) throws {
        let port = target.port
        let encoded = percentEncoded(injection)
        for name in ["channel", "status", "cursor", "limit"] {
            expectAPIError(
                RawHTTP.exchange(port, try target.signed("GET", "/v1/staff/inbox?\(name)=\(encoded)")),
                "inbox \(name) = \(injection)", status: [400])
        }
        for path in [
            "/v1/staff/threads/\(encoded)", "/v1/staff/threads/\(encoded)/status", "/v1/staff/threads/\(encoded)/messages",
            "/v1/staff/threads/\(encoded)/delete", "/v1/staff/members/\(encoded)/approve", "/v1/staff/members/\(encoded)/remove",
        ] {
            let method = path.hasSuffix(encoded) ? "GET" : "POST"
            let body =
                method == "GET" ? [] : Array("{\"status\":\"closed\",\"epoch\":1,\"message\":\"AAAA\",\"wrappedKeys\":[]}".utf8)
            expectAPIError(
                RawHTTP.exchange(port, try target.signed(method, path, body: body)), "\(method) \(path)", status: [400, 404])
        }
        let bodies: [(String, String)] = [
            ("/v1/staff/invitations", "{\"role\":\(value)}"),
            ("/v1/staff/profile", "{\"profile\":{\"document\":\(value),\"signature\":\(value)}}"),
            ("/v1/staff/epochs", "{\"inboxKey\":\(value),\"wrappedKeys\":[]}"),
        ]
        for (path, body) in bodies {
            expectAPIError(
                RawHTTP.exchange(port, try target.signed("POST", path, body: Array(body.utf8))), "\(path) with \(injection)",
                status: [400])
        }
        // Enrolment with a key the relay does not know: token and name are the injection.
        let stranger = try StaffKeys.generate()
        let enrol = Array("{\"token\":\(value),\"displayName\":\(value),\"boxKey\":\"\(stranger.box.publicKey.base64)\"}".utf8)
        let signature = try SignedRequest.sign(method: "POST", path: "/v1/staff/enrol", body: enrol, with: stranger.signing)
        let request = RawHTTP.request(
            "POST", "/v1/staff/enrol",
            headers: [("Content-Type", "application/json"), ("Accept", "application/json"), ("Connection", "close")]
                + signature.headers,
            body: enrol)
        expectAPIError(RawHTTP.exchange(port, request), "enrol with \(injection)", status: [400, 403])
    }

    /// The injection in every field of every writer form, and in the clinic slug.
    func expectPagesRefuse(_ target: HostileTarget, _ injection: String) {
        let port = target.port
        let value = percentEncoded(injection)
        let forms: [(String, String, Set<Int>)] = [
            ("/c/\(value)/write", "channel=self&text=hej", [404]),
            ("/c/kast-test/write", "channel=\(value)&text=hej", [400]),
            ("/return", "code=\(value)", [400]),
            ("/reply", "code=\(value)&text=\(value)", [400]),
            ("/delete/confirm", "code=\(value)", [400]),
        ]
        for (path, form, status) in forms {
            expectErrorPage(RawHTTP.page(port, "POST", path, form: Array(form.utf8)), "POST \(path) \(form)", status: status)
        }
        let page = RawHTTP.page(port, "GET", "/c/kast-test?channel=\(value)&lang=\(value)")
        #expect(
            page?.status == 200 && page?.text.contains("<html lang=\"sv\" dir=\"ltr\">") == true, "clinic page with \(injection) in the query"
        )
    }
}
