import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import LuckaText
import Testing

// Helpers for the web-page tests: form posts as a browser sends them, and checks that
// every page is well-formed enough, accessible enough and safe.

/// `application/x-www-form-urlencoded`, as a browser encodes a form.
func formBody(_ fields: [(String, String)]) -> [UInt8] {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "*-._")
    let encoded = fields.map { name, value in
        let escape = { (text: String) in
            text.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: "%20", with: "+")
        }
        return escape(name) + "=" + escape(value)
    }
    return Array(encoded.joined(separator: "&").utf8)
}

/// What a browser sends with a navigation or a form post.
func browserHeaders(form: Bool = false, origin: String? = "http://localhost") -> HTTPFields {
    var headers: HTTPFields = [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]
    if form {
        headers[.contentType] = "application/x-www-form-urlencoded"
        if let origin { headers[HTTPField.Name("Origin")!] = origin }
    }
    return headers
}

extension Harness {
    func get(_ path: String) async throws -> TestResponse {
        try await send(.get, path, headers: browserHeaders())
    }

    /// Posts a form as a browser does after loading it: with a fresh single-use token,
    /// unless `fields` name their own `form`.
    func submit(_ path: String, _ fields: [(String, String)], headers: HTTPFields? = nil) async throws -> TestResponse {
        var fields = fields
        if !fields.contains(where: { $0.0 == "form" }) { fields.append(("form", try await formToken())) }
        return try await send(.post, path, body: formBody(fields), headers: headers ?? browserHeaders(form: true))
    }

    /// A token from a page with a form, as a browser has one after loading it.
    func formToken() async throws -> String {
        try #require(WebChecks.formToken(in: try await get("/return")))
    }

    /// Writes a first message through the clinic's form; returns the code page.
    func writeThroughForm(_ clinic: ClinicFixture, channel: Channel = .self, text: String = "Hej, jag vill sluta köpa sex.", lang: Language = .sv) async throws -> TestResponse {
        try await submit("/c/\(clinic.slug)/write", [("lang", lang.rawValue), ("channel", channel.rawValue), ("text", text)])
    }
}

extension TestResponse {
    /// The `<title>` text.
    var title: String? {
        guard let start = text.range(of: "<title>"), let end = text.range(of: "</title>", range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// The text of the one `<h1>`.
    var heading: String? { WebChecks.matches(of: #"<h1>(.*?)</h1>"#, in: text).first }
}

enum WebChecks {
    /// The single-use token the page's forms carry.
    static func formToken(in page: TestResponse) -> String? {
        matches(of: #"<input type="hidden" name="form" value="([0-9a-f]{80})">"#, in: page.text).first
    }

    /// The visit token a page's forms carry.
    static func visit(in page: TestResponse) -> String? {
        matches(of: #"<input type="hidden" name="visit" value="([0-9a-f]{32})">"#, in: page.text).first
    }

    /// The code as the code page shows it.
    static func code(in page: TestResponse) -> String? {
        matches(of: #"<p class="code">([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})</p>"#, in: page.text).first
    }

    /// Every first capture group of `pattern` in `text`.
    static func matches(of pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: match.numberOfRanges > 1 ? 1 : 0), in: text).map { String(text[$0]) }
        }
    }

    /// Headers every web response carries, on top of the relay's security headers.
    static func expectHeaders(_ response: TestResponse, _ label: String, contentType: String = "text/html; charset=utf-8") {
        SecurityHeaderTests.expectHeaders(response, label)
        #expect(response.headers[.contentSecurityPolicy] == SecurityHeadersMiddleware<RelayContext>.contentSecurityPolicy, "\(label)")
        #expect(response.headers[.contentType] == contentType, "\(label)")
        #expect(response.headers[.setCookie] == nil, "\(label)")
    }

    /// A page: headers, language, one h1, headings in order, a label for every field, no
    /// script, no inline style (the CSP would block it), nothing from other sites, and
    /// no template left unrendered.
    static func expectPage(_ response: TestResponse, _ label: String, lang: Language) {
        expectHeaders(response, label)
        let html = response.text
        #expect(html.hasPrefix("<!DOCTYPE html>"), "\(label)")
        #expect(html.contains("<html lang=\"\(lang.rawValue)\" dir=\"\(lang.direction.rawValue)\">"), "\(label)")
        #expect(matches(of: "<h1[ >]", in: html).count == 1, "\(label): one h1")
        var level = 0
        for heading in matches(of: "<h([1-6])[ >]", in: html).compactMap(Int.init) {
            #expect(heading <= level + 1, "\(label): heading h\(heading) after h\(level)")
            level = heading
        }
        for id in matches(of: #"<(?:input|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)""#, in: html) {
            #expect(html.contains("<label for=\"\(id)\">"), "\(label): field \(id) has no label")
        }
        #expect(matches(of: #"<(?:input|textarea)(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>"#, in: html).isEmpty, "\(label): a field without id")
        #expect(!html.lowercased().contains("<script"), "\(label)")
        #expect(!html.contains(" style="), "\(label)")
        #expect(!html.contains("{{") && !html.contains("}}"), "\(label): unrendered template")
        for target in matches(of: #"(?:href|src|action)="([^"]*)""#, in: html) {
            #expect(target.hasPrefix("/") || target == "https://www.smhi.se/" || target.hasPrefix("tel:"), "\(label): link to \(target)")
        }
        // "Leave this page quickly": a link, or within a visit a form that ends it on the way.
        let leaveLink = html.contains("<a class=\"leave\" href=\"https://www.smhi.se/\" rel=\"noreferrer\">")
        let leaveForm = html.contains(#"<form class="leave-form" method="post" action="/leave">"#) && html.contains(#"<button type="submit" class="leave">"#)
        #expect(leaveLink != leaveForm, "\(label): one leave control")
        #expect(html.contains("href=\"/privacy") && html.contains("href=\"/accessibility"), "\(label): privacy notice and accessibility statement linked")
        #expect(matches(of: "<title>(.*?)</title>", in: html) == ["Lucka"], "\(label): a neutral title")
        #expect(html.contains("href=\"/safety"), "\(label): safety advice link")
        for method in matches(of: #"<form method="([a-z]+)""#, in: html) {
            #expect(method == "post", "\(label): forms post")
        }
        // Every form but "leave" (which must always work) carries a language and a single-use token.
        let forms = matches(of: "<form ", in: html).count - (leaveForm ? 1 : 0)
        #expect(forms == matches(of: #"<input type="hidden" name="lang" value="(?:sv|en|sv-x-easy|ar-XB)">"#, in: html).count, "\(label): every form carries the language")
        #expect(forms == matches(of: #"<input type="hidden" name="form" value="[0-9a-f]{80}">"#, in: html).count, "\(label): every form carries a single-use token")
    }
}
