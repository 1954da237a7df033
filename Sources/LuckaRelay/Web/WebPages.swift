import Foundation
import Hummingbird
import LuckaCore
import LuckaText
import NIOCore

/// The writer's web pages: plain server-rendered HTML that works with JavaScript off.
///
/// The code is the only credential and never sits in a URL. It is shown once, on the page
/// after the first message is sent. After that, the pages carry a visit token in a hidden
/// field (VisitTokens) so the person can read, reply and delete for a while without typing
/// the code again; without a live visit, the pages ask for the code. Every form carries a
/// single-use token (FormTokens), so a form the browser sends again shows and creates
/// nothing. Form posts are checked against Origin (WebOriginCheck) and bodies are read up
/// to the relay's body limit (WebForm). Nothing from a request is written to disk or logs.
struct WebPages<Context: RequestContext>: Sendable {
    let writer: WebWriter
    let tokens: FormTokens
    let visits: VisitTokens
    /// For the sentences that say how long conversations are kept.
    let retention: Retention
    /// The operator's facts for the privacy and accessibility pages.
    let facts: PublicFacts

    func addRoutes(to router: Router<Context>) {
        router.get("/") { request, _ in try await start(request) }
        router.get("/c/{slug}") { request, context in try await clinicPage(request, slug: context.parameters.get("slug") ?? "") }
        router.post("/c/{slug}/write") { request, context in try await write(request, context, slug: context.parameters.get("slug") ?? "") }
        router.get("/return") { request, _ in enterCode(Self.language(request)).response(tokens) }
        router.post("/return") { request, context in try await read(request, context) }
        router.post("/conversation") { request, context in try await resume(request, context) }
        router.post("/reply") { request, context in try await reply(request, context) }
        router.post("/delete") { request, context in await askToDelete(request, context) }
        router.post("/delete/confirm") { request, context in try await delete(request, context) }
        router.post("/leave") { request, context in await leave(request, context) }
        router.get("/safety") { request, _ in
            let language = Self.language(request)
            return WebPage(SafetyPage(), language, title: WebText.format("safetyTitle", language), switchPath: "/safety").response(tokens)
        }
        router.get("/privacy") { request, _ in privacyPage(Self.language(request)).response(tokens) }
        router.get("/accessibility") { request, _ in accessibilityPage(Self.language(request)).response(tokens) }
        router.get(.init(WebStylesheet.path)) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: WebStylesheet.css)))
        }
    }

    // MARK: Start and clinic pages

    func start(_ request: Request) async throws -> Response {
        let language = Self.language(request)
        let text = WebText.table(language)
        let clinics = try await writer.clinics()
        let byRegion = Dictionary(grouping: clinics, by: { $0.profile.region })
        let grouped = clinics.count > 1
        let regions = byRegion.keys.sorted(by: Self.swedishOrder).map { region in
            let members = byRegion[region, default: []].sorted { Self.swedishOrder($0.profile.name, $1.profile.name) }
            return StartPage.Region(name: region, clinics: members.map { clinic in
                let local = WebClinic(clinic, language)
                let channels = Self.offered(clinic).map { channel in
                    let label = text["channel.\(channel.rawValue)"] ?? channel.rawValue
                    return StartPage.ChannelLink(href: "/c/\(clinic.slug)?channel=\(channel.rawValue)\(language.queryTail)", label: label)
                }
                return StartPage.Clinic(
                    name: local.name.text, nameLang: local.name.lang, level: grouped ? "4" : "3",
                    municipalities: clinic.profile.municipalities.joined(separator: ", "), channels: channels)
            })
        }
        let page = WebPage(StartPage(regions: regions, grouped: grouped), language, title: text["startTitle"] ?? "", switchPath: "/")
        return page.response(tokens)
    }

    func clinicPage(_ request: Request, slug: String) async throws -> Response {
        let language = Self.language(request)
        let clinic: VerifiedClinic
        switch try await load(slug, language) {
        case .clinic(let found): clinic = found
        case .page(let page): return page.response(tokens)
        }
        let selected = request.uri.queryParameters.get("channel").flatMap(LuckaCore.Channel.init(rawValue:))
        let channels = Self.channelChoices(clinic, selected: selected, language)
        let content = ClinicPage(clinic: clinicValues(clinic, language), channels: channels, text: "")
        return WebPage(content, language, title: WebClinic(clinic, language).name.text, switchPath: "/c/\(clinic.slug)").response(tokens)
    }

    // MARK: Writing the first message

    func write(_ request: Request, _ context: Context, slug: String) async throws -> Response {
        let (form, language): (WebForm, Language)
        switch await Self.posted(request, context) {
        case .form(let f, let l): (form, language) = (f, l)
        case .refused(let page): return page.response(tokens)
        }
        let clinic: VerifiedClinic
        switch try await load(slug, language) {
        case .clinic(let found): clinic = found
        case .page(let page): return page.response(tokens)
        }
        let channel = form.text("channel").flatMap(LuckaCore.Channel.init(rawValue:))
        let text = Self.normalised(form.text("text") ?? "")

        // Every problem page keeps the person's text, so nothing they wrote is lost.
        func again(_ status: HTTPResponse.Status, _ title: String, _ paragraphs: [String], retryAfter: Int? = nil) -> Response {
            let heading = WebText.format(title, language)
            let content = WriteAgainPage(
                heading: heading, paragraphs: paragraphs, clinic: clinicValues(clinic, language),
                channels: Self.channelChoices(clinic, selected: channel, language), text: text)
            var page = WebPage(content, language, title: heading, status: status, switchPath: "/c/\(clinic.slug)")
            page.retryAfter = retryAfter
            return page.response(tokens)
        }

        switch tokens.spend(form.text("form")) {
        case .spent: return WebPage.gone(language).response(tokens)
        case .unknown: return again(.badRequest, "expiredFormTitle", [WebText.format("expiredFormText", language)])
        case .fresh: break
        }
        guard let channel, clinic.profile.channels.contains(channel) else {
            return again(.badRequest, "channelTitle", [WebText.format("channelText", language)])
        }
        if let problem = Self.textProblem(text, language) { return again(problem.status, problem.title, problem.paragraphs) }

        let code: ConversationCode
        let keys: WriterKeys
        do {
            (code, keys) = try await writer.start(clinic: clinic, channel: channel, text: text, source: context.source)
        } catch let error as APIError {
            switch error.code {
            case "clinic_full", "source_busy":
                let (title, paragraphs) = Self.busy(error, language)
                return again(.tooManyRequests, title, paragraphs, retryAfter: error.retryAfter)
            case "unknown_clinic": return WebPage.unknownClinic(language).response(tokens)
            case "channel_not_offered": return again(.badRequest, "channelTitle", [WebText.format("channelText", language)])
            default: throw error
            }
        } catch is WebWriter.Unverified {
            return WebPage.unverified(language).response(tokens)
        }

        // The one page that ever shows the code. No language link: following it would lose
        // the code. The visit lets the person go on to the conversation without typing it.
        let local = WebClinic(clinic, language)
        let comeBack = WebText.format("codeComeBack", language, ["clinic": local.name.text, "answer": local.answerTime.text])
        let content = CodePage(code: code.grouped(), comeBack: comeBack)
        var page = WebPage(content, language, title: WebText.format("codeTitle", language), switchPath: nil)
        page.visit = visits.start(keys)
        return page.response(tokens)
    }
}
