import Foundation
@testable import LuckaClient
import LuckaCore
import Testing

/// Markup in what the pages show, and header injection in what they might reflect.
extension HostileInputTests {
    static let script = "<script>alert(1)</script>"
    static let attribute = "\"><img src=x onerror=alert(1)>"
    static let mustache = "{{mustache}}"

    static func hostileProfile(slug: String) -> ClinicProfile {
        ClinicProfile(
            slug: slug, name: "KAST \(script)", region: "Län \(attribute)", municipalities: [script, mustache, attribute],
            phone: "036-10 74 74 \(script)", phoneHours: "tisdagar \(attribute)", answerTime: "snart \(mustache) \(script)",
            channels: Channel.allCases, languages: ["sv", "en"], about: "Om oss \(script) \(attribute) \(mustache)")
    }

    @Test func profileAndMessageMarkupIsEscapedOnEveryPage() async throws {
        let relay = try RelayProcess(workspace: RelayProcess.workspace())
        defer { relay.stop() }
        let clinic = try await LiveClinic.found(on: relay, profile: Self.hostileProfile(slug: "kast-xss"))
        let port = RawHTTP.port(of: relay.url)

        // (name, answer); names starting "write again" show no profile text, only the form.
        var pages: [(String, RawResponse?)] = []
        for lang in ["", "?lang=en"] {
            pages.append(("start \(lang)", RawHTTP.page(port, "GET", "/\(lang)")))
            pages.append(("clinic \(lang)", RawHTTP.page(port, "GET", "/c/kast-xss\(lang)")))
            pages.append(
                (
                    "clinic with channel \(lang)",
                    RawHTTP.page(port, "GET", "/c/kast-xss?channel=self\(lang.replacingOccurrences(of: "?", with: "&"))")
                ))
            // An empty message: the write-again page shows the clinic and keeps the text.
            pages.append(
                (
                    "write again \(lang)",
                    RawHTTP.page(port, "POST", "/c/kast-xss/write\(lang)", form: Array("channel=self&text=+".utf8))
                ))
        }
        let writerText = "Hej \(Self.script) \(Self.attribute) \(Self.mustache)"
        let written = RawHTTP.page(
            port, "POST", "/c/kast-xss/write", form: Array("channel=self&text=\(percentEncoded(writerText))".utf8))
        pages.append(("code page", written))
        let code = try #require(
            capture("class=\"code\">([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})<", in: written?.text ?? ""),
            "no code on \(written?.text.prefix(300) ?? "")")

        // A counsellor answers, signing with a name that is markup too.
        let keys = try await clinic.admin.clinicKeys()
        let handle = try #require(try await clinic.admin.inbox().threads.first?.handle)
        _ = try await clinic.admin.reply(
            to: handle, text: "Svar \(Self.attribute) \(Self.script)", displayName: "Eva \(Self.script)", with: keys)
        pages.append(("conversation", RawHTTP.page(port, "POST", "/return", form: Array("code=\(code)".utf8))))
        pages.append(
            (
                "reply sent",
                RawHTTP.page(port, "POST", "/reply", form: Array("code=\(code)&text=\(percentEncoded(writerText))".utf8))
            ))
        pages.append(
            (
                "reply again",
                RawHTTP.page(port, "POST", "/reply", form: Array("code=XXXX&text=\(percentEncoded(writerText))".utf8))
            ))

        for (name, page) in pages {
            let html = try #require(page?.text, "\(name): no answer")
            #expect(!html.contains("<script"), "\(name) carries a raw <script>")
            #expect(!html.contains("<img"), "\(name) carries a raw <img>")
            if !name.hasPrefix("write again") {
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(name) does not show the escaped name")
            }
            #expect(!html.contains("{{") || html.contains(Self.mustache), "\(name) has a template tag left over")
        }
        // Values that sit only on some pages are shown there, escaped.
        let clinicPage = pages[1].1?.text ?? ""
        for shown in ["&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", Self.mustache] {
            #expect(clinicPage.contains(shown), "the clinic page does not show \(shown)")
        }
        let conversation = pages.first { $0.0 == "conversation" }?.1?.text ?? ""
        #expect(
            conversation.contains("Svar &quot;&gt;&lt;img") && conversation.contains("Eva &lt;script&gt;"),
            "the reply and its signature, escaped")
        #expect(conversation.contains("Hej &lt;script&gt;alert(1)&lt;/script&gt;"), "the writer's message, escaped")
        // The API hands the profile out as signed bytes: JSON-escaped, never HTML.
        let api = RawHTTP.exchange(port, RawHTTP.request("GET", "/v1/clinics/kast-xss", headers: [("Connection", "close")]))
        #expect(api?.header("Content-Type")?.hasPrefix("application/json") == true)
    }

    // MARK: Headers

    @Test func injectedHeadersAreNeverReflected() async throws {
        let target = try await HostileTarget.start()
        let port = target.port
        let crlf = "%0d%0aSet-Cookie:%20injected=1%0d%0aX-Injected:%201"
        let reflected = [
            "/?lang=en\(crlf)", "/return?lang=\(crlf)", "/c/kast-test?channel=self\(crlf)&lang=en\(crlf)",
            "/safety?lang=%0aLocation:%20http://evil.example/",
            "/c/kast-test\(crlf)", "/v1/clinics/kast-test\(crlf)", "/nowhere\(crlf)",
        ]
        for path in reflected {
            let answer = RawHTTP.page(port, "GET", path)
            expectNoInjectedHeader(answer, path)
            #expect(answer.map { $0.status < 500 } == true, "\(path): \(answer?.status ?? 0)")
        }
        let posted = RawHTTP.page(port, "POST", "/return?lang=en\(crlf)", form: Array("code=ABCD&lang=en\(crlf)".utf8))
        expectNoInjectedHeader(posted, "form with CR LF")
        expectErrorPage(posted, "form with CR LF", status: [400])

        // CR or LF inside a header value, raw: not HTTP, or at worst another request header.
        for value in ["a\rSet-Cookie: injected=1", "a\nSet-Cookie: injected=1", "a\r\n Set-Cookie: injected=1", "a\u{0}b"] {
            let request = RawHTTP.request("GET", "/healthz", headers: [("X-Note", value), ("Connection", "close")])
            let answer = RawHTTP.exchange(port, request)
            expectNoInjectedHeader(answer, "header value \(value.debugDescription)")
            #expect(
                answer == nil || answer!.status == 200 || (400..<500).contains(answer!.status),
                "\(value.debugDescription): \(answer?.status ?? 0)")
        }

        // Hosts nobody would send: the pages never build a link from Host.
        for host in [
            "evil.example", "", "evil.example:99999", "a b", "localhost\r\nX-Injected: 1", String(repeating: "h", count: 4_000),
        ] {
            let request = RawHTTP.request(
                "GET", "/c/kast-test", headers: [("Accept", "text/html"), ("Connection", "close")], host: host)
            let answer = RawHTTP.exchange(port, request)
            expectNoInjectedHeader(answer, "Host \(host.prefix(20).debugDescription)")
            #expect(answer?.text.contains("evil.example") != true, "the page repeats the Host")
            #expect(answer == nil || answer!.status < 500, "Host \(host.prefix(20).debugDescription): \(answer?.status ?? 0)")
        }
        let twoHosts = Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n".utf8)
        expectNoInjectedHeader(RawHTTP.exchange(port, twoHosts), "two Host headers")
        let noHost = Array("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n".utf8)
        #expect(RawHTTP.exchange(port, noHost).map { $0.status < 500 } ?? true)
        // A cross-site form post that names a bogus Host and a matching Origin is still a post
        // without the code: it gets the typo page, nothing else.
        let bogus = RawHTTP.request(
            "POST", "/return",
            headers: [
                ("Accept", "text/html"), ("Content-Type", "application/x-www-form-urlencoded"), ("Origin", "http://evil.example"),
                ("Connection", "close"),
            ],
            body: Array("code=ABCD".utf8), host: "evil.example")
        expectErrorPage(RawHTTP.exchange(port, bogus), "a post with a bogus Host", status: [400])

        // Huge and many headers: served, or refused with a 4xx; never a crash.
        for (name, headers) in [
            ("64 KiB header", [("X-Big", String(repeating: "a", count: 64 * 1024))]),
            ("100 KiB header", [("X-Big", String(repeating: "a", count: 100 * 1024))]),
            ("500 headers", (0..<500).map { ("X-Many-\($0)", "v") }),
            ("2000 headers", (0..<2000).map { ("X-Many-\($0)", "v") }),
            ("a 64 KiB cookie", [("Cookie", "a=" + String(repeating: "b", count: 64 * 1024))]),
        ] {
            let answer = RawHTTP.exchange(port, RawHTTP.request("GET", "/healthz", headers: headers + [("Connection", "close")]))
            #expect(
                answer == nil || answer!.status == 200 || (400..<500).contains(answer!.status), "\(name): \(answer?.status ?? 0)")
            expectNoInjectedHeader(answer, name)
        }

        await target.expectStillServing(after: "header injection")
        target.relay.stop()
    }
}

/// No header the request tried to smuggle in came back, and no header line was split.
func expectNoInjectedHeader(_ response: RawResponse?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let response else { return }
    let names = response.headers.map { $0.name.lowercased() }
    for forbidden in ["set-cookie", "x-injected", "location"] {
        #expect(!names.contains(forbidden), "\(what): the answer carries \(forbidden)", sourceLocation: sourceLocation)
    }
    #expect(
        !response.head.lowercased().contains("injected"), "\(what): the head repeats the injection",
        sourceLocation: sourceLocation)
}
