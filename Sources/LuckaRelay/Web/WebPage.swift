import Hummingbird
import LuckaText
import Mustache
import NIOCore

/// One page about to be rendered: its content (Pages/), in which language, with what status.
/// Lives for one request; the content may hold message text and is dropped with it.
struct WebPage: Sendable {
    let language: Language
    var title: String
    var status: HTTPResponse.Status = .ok
    /// The page's own values; their type names the template (PageContent).
    let content: any PageContent
    /// Where the language links lead (the same page in each other language); nil hides
    /// them, as on the code page, where following one would lose the code.
    var switchPath: String? = "/"
    var retryAfter: Int?
    /// The single-use token every form on the page carries (FormTokens).
    var formToken: String?
    /// The writer's visit (VisitTokens), carried by every form on the page; with it the
    /// "leave" control and the language switch are forms that keep or end the visit.
    var visit: String?

    var template: String { type(of: content).template }

    /// How long the tokens of the page's forms live: as its content says (PageContent).
    var formLife: FormTokens.Life { type(of: content).formLife }

    /// Where "Leave this page quickly" goes: a neutral site, the same on every page.
    static let leaveTarget = "https://www.smhi.se/"

    init(_ content: some PageContent, _ language: Language, title: String, status: HTTPResponse.Status = .ok, switchPath: String? = "/") {
        self.content = content
        self.language = language
        self.title = title
        self.status = status
        self.switchPath = switchPath
    }

    var text: [String: String] { WebText.table(language) }

    /// The layout's values.
    var frame: PageFrame {
        let switches = switchPath.map { path in
            language.others.map { other in
                PageFrame.LanguageSwitch(href: path + other.query, lang: other.rawValue, label: other.name, query: other.query)
            }
        }
        return PageFrame(
            lang: language.rawValue, dir: language.direction.rawValue, title: title, t: text, q: language.query, formToken: formToken ?? "",
            visit: visit, hasSwitch: switchPath != nil, switches: switches ?? [])
    }

    func render() -> String {
        let context = PageContext(content: content, frame: frame)
        assert(context.shadowed.isEmpty, "\(template) page content hides the frame's \(context.shadowed)")
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
        let content = NoticePage(heading: WebText.format(title, language), paragraphs: paragraphs.map { WebText.format($0, language) })
        return notice(language, status, content, retryAfter: retryAfter)
    }

    /// The same, with its sentences filled in already.
    static func notice(_ language: Language, _ status: HTTPResponse.Status, _ content: NoticePage, retryAfter: Int? = nil) -> WebPage {
        var page = WebPage(content, language, title: content.heading, status: status)
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
        notice(language, .contentTooLarge, NoticePage(heading: WebText.format("tooLongTitle", language), paragraphs: [
            WebText.format("tooLongText", language, ["limit": WebText.messageLimit(language)]),
            WebText.format("tooLongLost", language),
        ]))
    }

    static func unverified(_ language: Language) -> WebPage {
        notice(language, .internalServerError, title: "unverifiedTitle", paragraphs: ["unverifiedText"])
    }

    static func failure(_ language: Language, _ status: HTTPResponse.Status, retryAfter: Int? = nil) -> WebPage {
        notice(language, status, title: "errorTitle", paragraphs: ["errorText"], retryAfter: retryAfter)
    }
}
