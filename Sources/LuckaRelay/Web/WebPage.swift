import Hummingbird
import LuckaText
import Mustache
import NIOCore

/// One page about to be rendered: which template, in which language, with what status.
/// Lives for one request; the values may hold message text and are dropped with it.
struct WebPage {
    let template: String
    let language: Language
    var title: String
    var status: HTTPResponse.Status = .ok
    var values: [String: Any] = [:]
    /// Where the language links lead (the same page in each other language); nil hides
    /// them, as on the code page, where following one would lose the code.
    var switchPath: String? = "/"
    var retryAfter: Int?
    /// The single-use token every form on the page carries (FormTokens).
    var formToken: String?
    /// The writer's visit (VisitTokens), carried by every form on the page; with it the
    /// "leave" control and the language switch are forms that keep or end the visit.
    var visit: String?

    /// The writing form of a first message holds only typed text: its token lives long.
    /// Every other page's forms may carry or reveal a conversation: minutes.
    var formLife: FormTokens.Life { ["clinic", "writeAgain"].contains(template) ? .typedText : .conversation }

    /// Where "Leave this page quickly" goes: a neutral site, the same on every page.
    static let leaveTarget = "https://www.smhi.se/"

    init(_ template: String, _ language: Language, title: String, status: HTTPResponse.Status = .ok, switchPath: String? = "/") {
        self.template = template
        self.language = language
        self.title = title
        self.status = status
        self.switchPath = switchPath
    }

    subscript(key: String) -> Any? {
        get { values[key] }
        set { values[key] = newValue }
    }

    var text: [String: String] { WebText.table(language) }

    func render() -> String {
        var context = values
        context["lang"] = language.rawValue
        context["dir"] = language.direction.rawValue
        context["title"] = title
        context["t"] = text
        context["q"] = language.query
        context["formToken"] = formToken ?? ""
        if let visit { context["visit"] = visit }
        if let switchPath {
            context["hasSwitch"] = true
            context["switches"] = language.others.map { other in
                ["href": switchPath + other.query, "lang": other.rawValue, "label": other.name, "query": other.query]
            }
        }
        guard let html = WebTemplates.library.render(context, withTemplate: template) else {
            preconditionFailure("no web template named \(template)")
        }
        return html
    }

    /// The response, with a fresh form token when `tokens` is given (every page the
    /// writer's routes render; error pages from middleware have no forms).
    func response(_ tokens: FormTokens? = nil) -> Response {
        var page = self
        if let tokens { page.formToken = tokens.issue(formLife) }
        return page.rendered()
    }

    private func rendered() -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: render())))
    }

    // MARK: Calm pages

    /// A page with a heading, a few sentences and a way back to the start.
    static func notice(_ language: Language, _ status: HTTPResponse.Status, title: String, paragraphs: [String], retryAfter: Int? = nil) -> WebPage {
        var page = WebPage("notice", language, title: WebText.format(title, language), status: status)
        page["heading"] = page.title
        page["paragraphs"] = paragraphs.map { WebText.format($0, language) }
        page.retryAfter = retryAfter
        return page
    }

    /// A form the browser sent again (Reload, or Back then Reload): calm, neutral, and it
    /// shows and repeats nothing.
    static func gone(_ language: Language) -> WebPage {
        notice(language, .gone, title: "goneTitle", paragraphs: ["goneText", "goneAdvice"])
    }

    static func notFound(_ language: Language) -> WebPage {
        notice(language, .notFound, title: "notFoundTitle", paragraphs: ["notFoundText"])
    }

    static func unknownClinic(_ language: Language) -> WebPage {
        notice(language, .notFound, title: "unknownClinicTitle", paragraphs: ["unknownClinicText"])
    }

    static func busy(_ language: Language, retryAfter: Int?) -> WebPage {
        notice(language, .serviceUnavailable, title: "busyTitle", paragraphs: ["busyText"], retryAfter: retryAfter)
    }

    static func originRefused(_ language: Language) -> WebPage {
        notice(language, .forbidden, title: "originTitle", paragraphs: ["originText"])
    }

    static func unreadableForm(_ language: Language) -> WebPage {
        notice(language, .badRequest, title: "badFormTitle", paragraphs: ["badFormText"])
    }

    /// A body over the relay's limit: it was never read, so there is no text to give back.
    static func tooLarge(_ language: Language) -> WebPage {
        var page = notice(language, .contentTooLarge, title: "tooLongTitle", paragraphs: ["tooLongText", "tooLongLost"])
        page["paragraphs"] = [
            WebText.format("tooLongText", language, ["limit": WebText.messageLimit(language)]),
            WebText.format("tooLongLost", language),
        ]
        return page
    }

    static func unverified(_ language: Language) -> WebPage {
        notice(language, .internalServerError, title: "unverifiedTitle", paragraphs: ["unverifiedText"])
    }

    static func failure(_ language: Language, _ status: HTTPResponse.Status, retryAfter: Int? = nil) -> WebPage {
        notice(language, status, title: "errorTitle", paragraphs: ["errorText"], retryAfter: retryAfter)
    }
}
