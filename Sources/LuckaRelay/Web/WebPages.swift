import Foundation
import Hummingbird
import LuckaCore
import NIOCore

/// The writer's web pages: plain server-rendered HTML that works with JavaScript off.
///
/// The code is the only credential and never sits in a URL. It is shown once, on the
/// page after the first message is sent; every later action (read, reply, delete) asks
/// for it to be typed again, so no later page's URL, title or HTML contains it. Form
/// posts are checked against Origin (WebOriginCheck) and bodies are read up to the
/// relay's body limit (WebForm). Nothing from a request is written to disk or logs.
struct WebPages<Context: RequestContext>: Sendable {
    let relay: Relay

    private var writer: WebWriter { WebWriter(relay: relay) }
    private var tokens: FormTokens { relay.formTokens }

    func addRoutes(to router: Router<Context>) {
        router.get("/") { request, _ in try await start(request) }
        router.get("/c/{slug}") { request, context in try await clinicPage(request, slug: context.parameters.get("slug") ?? "") }
        router.post("/c/{slug}/write") { request, context in try await write(request, context, slug: context.parameters.get("slug") ?? "") }
        router.get("/return") { request, _ in enterCode(Self.language(request)).response(tokens) }
        router.post("/return") { request, context in try await read(request, context) }
        router.post("/reply") { request, context in try await reply(request, context) }
        router.post("/delete") { request, context in await askToDelete(request, context) }
        router.post("/delete/confirm") { request, context in try await delete(request, context) }
        router.get("/safety") { request, _ in
            WebPage("safety", Self.language(request), title: WebText.format("safetyTitle", Self.language(request)), switchPath: "/safety").response(tokens)
        }
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
        let regions: [[String: Any]] = byRegion.keys.sorted(by: Self.swedishOrder).map { region in
            let members = byRegion[region, default: []].sorted { Self.swedishOrder($0.profile.name, $1.profile.name) }
            return [
                "name": region,
                "clinics": members.map { clinic -> [String: Any] in
                    [
                        "name": clinic.profile.name,
                        "level": grouped ? "4" : "3",
                        "municipalities": clinic.profile.municipalities.joined(separator: ", "),
                        "channels": Self.offered(clinic).map { channel -> [String: Any] in
                            ["href": "/c/\(clinic.slug)?channel=\(channel.rawValue)\(language.queryTail)", "label": text["channel.\(channel.rawValue)"] ?? channel.rawValue]
                        },
                    ]
                },
            ]
        }
        var page = WebPage("start", language, title: text["startTitle"] ?? "", switchPath: "/")
        page["regions"] = regions
        page["grouped"] = grouped
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
        var page = WebPage("clinic", language, title: clinic.profile.name, switchPath: "/c/\(clinic.slug)")
        page["clinic"] = Self.clinicValues(clinic)
        page["channels"] = Self.channelChoices(clinic, selected: selected, language)
        page["text"] = ""
        return page.response(tokens)
    }

    // MARK: Writing the first message

    func write(_ request: Request, _ context: Context, slug: String) async throws -> Response {
        let (form, language): (WebForm, WebLanguage)
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

        func again(_ status: HTTPResponse.Status, _ title: String, _ paragraphs: [String], retryAfter: Int? = nil) -> Response {
            var page = WebPage("writeAgain", language, title: WebText.format(title, language), status: status, switchPath: "/c/\(clinic.slug)")
            page["heading"] = page.title
            page["paragraphs"] = paragraphs
            page["clinic"] = Self.clinicValues(clinic)
            page["channels"] = Self.channelChoices(clinic, selected: channel, language)
            page["text"] = text
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
        do {
            code = try await writer.start(clinic: clinic, channel: channel, text: text, source: context.budgetKey)
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

        // The one page that ever shows the code. No language link: following it would lose the code.
        var page = WebPage("code", language, title: WebText.format("codeTitle", language), switchPath: nil)
        page["code"] = code.grouped()
        page["comeBack"] = WebText.format("codeComeBack", language, ["clinic": clinic.profile.name, "answer": clinic.profile.answerTime])
        return page.response(tokens)
    }

    // MARK: Returning with the code

    /// The code form: the return page, or the page for a mistyped or unknown code.
    func enterCode(_ language: WebLanguage, status: HTTPResponse.Status = .ok, heading: String = "returnTitle", paragraphs: [String]? = nil) -> WebPage {
        var page = WebPage("return", language, title: WebText.format(heading, language), status: status, switchPath: "/return")
        page["heading"] = page.title
        page["problem"] = paragraphs != nil
        page["paragraphs"] = paragraphs ?? [WebText.format("returnLead", language)]
        page["codeFieldHint"] = WebText.format("codeHint", language)
        return page
    }

    func read(_ request: Request, _ context: Context) async throws -> Response {
        let (form, language): (WebForm, WebLanguage)
        switch await Self.posted(request, context) {
        case .form(let f, let l): (form, language) = (f, l)
        case .refused(let page): return page.response(tokens)
        }
        switch tokens.spend(form.text("form")) {
        case .spent: return WebPage.gone(language).response(tokens)
        case .unknown:
            return enterCode(language, status: .badRequest, heading: "expiredFormTitle", paragraphs: [WebText.format("expiredCodeText", language)])
                .response(tokens)
        case .fresh: break
        }
        // A typo is caught here, before anything is looked up.
        let code: ConversationCode
        switch Self.parseCode(form) {
        case .success(let parsed): code = parsed
        case .failure(let error):
            return enterCode(language, status: .badRequest, heading: "typoTitle", paragraphs: Self.typo(error, language)).response(tokens)
        }
        do {
            return conversationPage(try await writer.open(code), language, sent: false).response(tokens)
        } catch let error as APIError where error.code == APIError.threadNotFound.code {
            return enterCode(language, status: .notFound, heading: "unknownTitle", paragraphs: [unknownText(language)]).response(tokens)
        } catch is WebWriter.Unverified {
            return WebPage.unverified(language).response(tokens)
        }
    }

    func conversationPage(_ conversation: WebConversation, _ language: WebLanguage, sent: Bool) -> WebPage {
        let profile = conversation.clinic.profile
        let text = WebText.table(language)
        var page = WebPage("conversation", language, title: WebText.format("conversationTitle", language, ["clinic": profile.name]), switchPath: "/return")
        page["heading"] = page.title
        page["answers"] = WebText.format(
            "conversationAnswers", language, ["clinic": profile.name, "answer": profile.answerTime, "phone": profile.phone, "hours": profile.phoneHours])
        page["sent"] = sent
        page["messages"] = conversation.messages.map { message -> [String: Any] in
            var item: [String: Any] = [
                "side": message.author == .clinic ? "clinic" : "writer",
                "fromClinic": message.author == .clinic,
                "opened": message.envelope != nil,
                "text": message.envelope?.text ?? "",
                "when": message.envelope.map { WebDates.time($0.sentAt, language) } ?? WebDates.day(message.date, language),
            ]
            if message.author == .clinic {
                item["signed"] = message.envelope?.counsellorName.map { WebText.format("replySigned", language, ["name": $0, "clinic": profile.name]) } ?? profile.name
            }
            return item
        }
        let problems = conversation.problems.map { problem -> String in
            switch problem {
            case .unopened: return text["problemUnopened"] ?? ""
            case .missing: return text["problemMissing"] ?? ""
            case .outOfOrder: return text["problemOrder"] ?? ""
            case .duplicate: return text["problemDuplicate"] ?? ""
            }
        }
        page["problems"] = problems
        page["hasProblems"] = !problems.isEmpty
        page["waiting"] = conversation.messages.last?.author == .writer
        page["closed"] = conversation.thread.status == .closed
        page["expires"] = WebText.format("expires", language, ["date": WebDates.day(conversation.thread.expires.description, language)])
        page["text"] = ""
        page["codeFieldHint"] = Self.retypeHint(language)
        return page
    }

    // MARK: Replying

    func reply(_ request: Request, _ context: Context) async throws -> Response {
        let (form, language): (WebForm, WebLanguage)
        switch await Self.posted(request, context) {
        case .form(let f, let l): (form, language) = (f, l)
        case .refused(let page): return page.response(tokens)
        }
        let text = Self.normalised(form.text("text") ?? "")

        // Every problem page keeps the person's text, so nothing they wrote is lost.
        func again(_ status: HTTPResponse.Status, _ title: String, _ paragraphs: [String], retryAfter: Int? = nil) -> Response {
            var page = WebPage("replyAgain", language, title: WebText.format(title, language), status: status, switchPath: "/return")
            page["heading"] = page.title
            page["paragraphs"] = paragraphs
            page["text"] = text
            page["codeFieldHint"] = Self.retypeHint(language)
            page.retryAfter = retryAfter
            return page.response(tokens)
        }

        switch tokens.spend(form.text("form")) {
        case .spent: return WebPage.gone(language).response(tokens)
        case .unknown: return again(.badRequest, "expiredFormTitle", [WebText.format("expiredFormText", language)])
        case .fresh: break
        }
        let code: ConversationCode
        switch Self.parseCode(form) {
        case .success(let parsed): code = parsed
        case .failure(let error):
            return again(.badRequest, "typoTitle", Self.typo(error, language) + [WebText.format("keptText", language)])
        }
        if let problem = Self.textProblem(text, language) { return again(problem.status, problem.title, problem.paragraphs) }
        do {
            return conversationPage(try await writer.reply(code, text: text, source: context.budgetKey), language, sent: true).response(tokens)
        } catch let error as APIError {
            switch error.code {
            case APIError.threadNotFound.code:
                return again(.notFound, "unknownTitle", [unknownText(language), WebText.format("keptText", language)])
            case "daily_limit":
                return again(.tooManyRequests, "dailyLimitTitle", [WebText.format("dailyLimitText", language)], retryAfter: error.retryAfter)
            case "clinic_full", "source_busy":
                let (title, paragraphs) = Self.busy(error, language)
                return again(.tooManyRequests, title, paragraphs, retryAfter: error.retryAfter)
            default: throw error
            }
        } catch is WebWriter.Unverified {
            return WebPage.unverified(language).response(tokens)
        }
    }

    // MARK: Deleting

    /// "Are you sure?", with the code to type; after a mistyped or unknown code, the same
    /// form under a heading that says so.
    func confirmPage(_ language: WebLanguage, status: HTTPResponse.Status = .ok, heading: String = "confirmTitle", problem: [String]? = nil) -> WebPage {
        var page = WebPage("confirm", language, title: WebText.format(heading, language), status: status, switchPath: "/return")
        page["heading"] = page.title
        page["problem"] = problem != nil
        page["paragraphs"] = problem ?? []
        page["codeFieldHint"] = WebText.format("confirmCode", language) + " " + WebText.format("retypeWhy", language)
        return page
    }

    /// The first step: only asks. Nothing is looked up.
    func askToDelete(_ request: Request, _ context: Context) async -> Response {
        switch await Self.posted(request, context) {
        case .form(let form, let language):
            // Only asks, so an unknown token just gets the question again, with a new one.
            if tokens.spend(form.text("form")) == .spent { return WebPage.gone(language).response(tokens) }
            return confirmPage(language).response(tokens)
        case .refused(let page): return page.response(tokens)
        }
    }

    func delete(_ request: Request, _ context: Context) async throws -> Response {
        let (form, language): (WebForm, WebLanguage)
        switch await Self.posted(request, context) {
        case .form(let f, let l): (form, language) = (f, l)
        case .refused(let page): return page.response(tokens)
        }
        switch tokens.spend(form.text("form")) {
        case .spent: return WebPage.gone(language).response(tokens)
        case .unknown:
            return confirmPage(language, status: .badRequest, heading: "expiredFormTitle", problem: [WebText.format("expiredCodeText", language)])
                .response(tokens)
        case .fresh: break
        }
        let code: ConversationCode
        switch Self.parseCode(form) {
        case .success(let parsed): code = parsed
        case .failure(let error):
            return confirmPage(language, status: .badRequest, heading: "typoTitle", problem: Self.typo(error, language)).response(tokens)
        }
        do {
            try await writer.delete(code)
        } catch let error as APIError where error.code == APIError.threadNotFound.code {
            return confirmPage(language, status: .notFound, heading: "unknownTitle", problem: [unknownText(language)]).response(tokens)
        }
        return WebPage("deleted", language, title: WebText.format("deletedTitle", language)).response(tokens)
    }

    // MARK: Pieces

    enum Posted {
        case form(WebForm, WebLanguage)
        case refused(WebPage)
    }

    /// The checks every form post passes first: Origin, then a readable body.
    static func posted(_ request: Request, _ context: Context) async -> Posted {
        let fromQuery = language(request)
        guard WebOriginCheck.allows(request) else { return .refused(.originRefused(fromQuery)) }
        do {
            let form = try await WebForm.read(request, maximumBytes: context.maxUploadSize)
            return .form(form, form.text("lang").map { WebLanguage($0) } ?? fromQuery)
        } catch .tooLarge {
            return .refused(.tooLarge(fromQuery))
        } catch {
            return .refused(.unreadableForm(fromQuery))
        }
    }

    enum Loaded {
        case clinic(VerifiedClinic)
        case page(WebPage)
    }

    /// The clinic verified against its own signing key, or the page that says why not.
    func load(_ slug: String, _ language: WebLanguage) async throws -> Loaded {
        do {
            guard let clinic = try await writer.clinic(slug) else { return .page(.unknownClinic(language)) }
            return .clinic(clinic)
        } catch is WebWriter.Unverified {
            return .page(.unverified(language))
        }
    }

    static func language(_ request: Request) -> WebLanguage {
        WebLanguage(request.uri.queryParameters.get("lang"))
    }

    /// Parses the typed code from its bytes, which are wiped afterwards.
    static func parseCode(_ form: WebForm) -> Result<ConversationCode, LuckaError> {
        var bytes = form.bytes("code") ?? []
        defer { wipe(&bytes) }
        do { return .success(try ConversationCode(parsing: bytes)) } catch { return .failure(error) }
    }

    /// The title and sentences for a 429 of the writer's source or of the clinic's backstop.
    static func busy(_ error: APIError, _ language: WebLanguage) -> (String, [String]) {
        let minutes = String(max(1, ((error.retryAfter ?? 3600) + 59) / 60))
        if error.code == "source_busy" {
            return ("sourceBusyTitle", [WebText.format("sourceBusyText", language, ["minutes": minutes])])
        }
        return ("clinicFullTitle", [WebText.format("clinicFullText", language, ["minutes": minutes])])
    }

    static func typo(_ error: LuckaError, _ language: WebLanguage) -> [String] {
        let reason: String
        switch error.code {
        case .codeChecksum: reason = "typoChecksum"
        case .codeCharacter: reason = "typoCharacter"
        default: reason = "typoLength"
        }
        return [WebText.format(reason, language), WebText.format("typoCalm", language)]
    }

    func unknownText(_ language: WebLanguage) -> String {
        WebText.format("unknownText", language, ["days": String(relay.configuration.retentionDays)])
    }

    static func retypeHint(_ language: WebLanguage) -> String {
        WebText.format("retypeCode", language) + " " + WebText.format("retypeWhy", language)
    }

    /// Browsers send line breaks as CR LF; the message keeps them as LF.
    static func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// An empty or too long message, found before anything is sealed.
    static func textProblem(_ text: String, _ language: WebLanguage) -> (status: HTTPResponse.Status, title: String, paragraphs: [String])? {
        if text.allSatisfy(\.isWhitespace) {
            return (.badRequest, "emptyTitle", [WebText.format("emptyText", language)])
        }
        if text.utf8.count > Envelope.maximumTextLength {
            return (.contentTooLarge, "tooLongTitle", [
                WebText.format("tooLongText", language, ["limit": WebText.messageLimit(language)]), WebText.format("keptText", language),
            ])
        }
        return nil
    }

    static func offered(_ clinic: VerifiedClinic) -> [LuckaCore.Channel] {
        LuckaCore.Channel.allCases.filter(clinic.profile.channels.contains)
    }

    static func channelChoices(_ clinic: VerifiedClinic, selected: LuckaCore.Channel?, _ language: WebLanguage) -> [[String: Any]] {
        let channels = offered(clinic)
        let text = WebText.table(language)
        return channels.map { channel in
            [
                "value": channel.rawValue,
                "label": text["channel.\(channel.rawValue)"] ?? channel.rawValue,
                "checked": channel == selected || channels.count == 1,
            ]
        }
    }

    static func clinicValues(_ clinic: VerifiedClinic) -> [String: Any] {
        let profile = clinic.profile
        return [
            "slug": clinic.slug,
            "name": profile.name,
            "about": profile.about,
            "phone": profile.phone,
            // Digits (and a leading +) only, for the tel: link.
            "phoneDial": String(profile.phone.enumerated().compactMap { index, character in
                character.isASCII && character.isNumber || (index == 0 && character == "+") ? character : nil
            }),
            "phoneHours": profile.phoneHours,
            "answerTime": profile.answerTime,
            "region": profile.region,
            "municipalities": profile.municipalities.joined(separator: ", "),
        ]
    }

    static func swedishOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, locale: Locale(identifier: "sv_SE")) == .orderedAscending
    }
}

/// Dates on the pages, in Swedish time (the clinics are Swedish). Rendered into the page
/// only; the relay stores days, never times.
enum WebDates {
    static let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? TimeZone(identifier: "UTC")!

    static func formatter(_ language: WebLanguage, _ format: String, _ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .sv ? "sv_SE" : "en_GB")
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter
    }

    /// "3 mars 2026 kl. 14:05" / "3 March 2026, 14:05".
    static func time(_ date: Date, _ language: WebLanguage) -> String {
        formatter(language, language == .sv ? "d MMMM yyyy 'kl.' HH:mm" : "d MMMM yyyy, HH:mm", stockholm).string(from: date)
    }

    /// A stored day (`YYYY-MM-DD`, UTC) as "3 mars 2026" / "3 March 2026".
    static func day(_ text: String, _ language: WebLanguage) -> String {
        guard let day = Day(text) else { return text }
        let date = Date(timeIntervalSince1970: Double(day.number) * 86_400)
        return formatter(language, "d MMMM yyyy", TimeZone(identifier: "UTC")!).string(from: date)
    }
}
