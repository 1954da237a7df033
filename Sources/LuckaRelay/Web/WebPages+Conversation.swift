import Foundation
import Hummingbird
import LuckaCore
import LuckaText
import NIOCore

/// Returning to a conversation: with the code, or within a visit (VisitTokens).
extension WebPages {
    /// How a form proves it may open a conversation.
    enum Access {
        /// A live visit: its token and the keys it holds.
        case visit(String, WriterKeys)
        /// The code, typed into this form.
        case typed(WriterKeys)
        case typo(LuckaError)
        /// A visit that has ended, and no code typed.
        case ended
    }

    func access(_ form: WebForm) -> Access {
        let token = form.text("visit")
        if let token, let keys = visits.use(token) { return .visit(token, keys) }
        let typed = !(form.bytes("code") ?? []).allSatisfy { $0 == UInt8(ascii: " ") }
        if token != nil && !typed { return .ended }
        switch Self.parseCode(form) {
        case .success(let code):
            do { return .typed(try WriterKeys(code: code)) } catch { return .typo(error) }
        case .failure(let error): return .typo(error)
        }
    }

    /// The code form: the return page, or the page for a mistyped or unknown code.
    func enterCode(
        _ language: Language, status: HTTPResponse.Status = .ok, heading: String = "returnTitle", paragraphs: [String]? = nil
    ) -> WebPage {
        let title = WebText.format(heading, language)
        let content = EnterCodePage(
            heading: title, problem: paragraphs != nil, paragraphs: paragraphs ?? [WebText.format("returnLead", language)],
            codeFieldHint: WebText.format("codeHint", language), codeInvalid: status == .badRequest || status == .notFound)
        return WebPage(content, language, title: title, status: status, switchPath: "/return")
    }

    /// The code form after a form the relay no longer knows (expired, or from before a restart).
    func expiredCodeForm(_ language: Language) -> WebPage {
        enterCode(language, status: .badRequest, heading: "expiredFormTitle", paragraphs: [WebText.format("expiredCodeText", language)])
    }

    /// The page for a visit that has ended: calm, and it asks for the code.
    func visitEnded(_ language: Language) -> WebPage {
        enterCode(language, heading: "visitEndedTitle", paragraphs: [WebText.format("visitEndedText", language)])
    }

    func read(_ request: Request, _ context: Context) async throws -> Response {
        let (form, language): (WebForm, Language)
        switch await receive(request, context, unknown: expiredCodeForm) {
        case .form(let f, let l): (form, language) = (f, l)
        case .answered(let response): return response
        }
        // A typo is caught here, before anything is looked up.
        let keys: WriterKeys
        switch Self.parseCode(form) {
        case .success(let code):
            do { keys = try WriterKeys(code: code) } catch {
                return enterCode(language, status: .badRequest, heading: "typoTitle", paragraphs: Self.typo(error, language)).response(tokens)
            }
        case .failure(let error):
            return enterCode(language, status: .badRequest, heading: "typoTitle", paragraphs: Self.typo(error, language)).response(tokens)
        }
        do {
            let conversation = try await writer.open(keys)
            return conversationPage(conversation, language, sent: false, visit: visits.start(keys)).response(tokens)
        } catch let error as APIError where error.code == APIError.threadNotFound.code {
            return enterCode(language, status: .notFound, heading: "unknownTitle", paragraphs: [unknownText(language)]).response(tokens)
        } catch is WebWriter.Unverified {
            return WebPage.unverified(language).response(tokens)
        }
    }

    /// The conversation again within a visit: "back to the conversation", the language
    /// switch, and the code page's button.
    func resume(_ request: Request, _ context: Context) async throws -> Response {
        let (form, language): (WebForm, Language)
        switch await receive(request, context, unknown: visitEnded) {
        case .form(let f, let l): (form, language) = (f, l)
        case .answered(let response): return response
        }
        guard let token = form.text("visit"), let keys = visits.use(token) else { return visitEnded(language).response(tokens) }
        do {
            return conversationPage(try await writer.open(keys), language, sent: false, visit: token).response(tokens)
        } catch let error as APIError where error.code == APIError.threadNotFound.code {
            visits.end(token)
            return enterCode(language, status: .notFound, heading: "unknownTitle", paragraphs: [unknownText(language)]).response(tokens)
        } catch is WebWriter.Unverified {
            return WebPage.unverified(language).response(tokens)
        }
    }

    func conversationPage(_ conversation: WebConversation, _ language: Language, sent: Bool, visit: String?) -> WebPage {
        let local = WebClinic(conversation.clinic, language)
        let text = WebText.table(language)
        let messages = conversation.messages.map { message in
            let fromClinic = message.author == .clinic
            // The clinic's messages are signed by the counsellor where one is named, else by the clinic.
            let counsellor = message.envelope?.counsellorName.map { name in
                WebText.format("replySigned", language, ["name": name, "clinic": local.name.text])
            }
            return ConversationPage.Message(
                side: fromClinic ? "clinic" : "writer",
                fromClinic: fromClinic,
                opened: message.envelope != nil,
                text: message.envelope?.text ?? "",
                when: message.envelope.map { WebDates.time($0.sentAt, language) } ?? WebDates.day(message.date, language),
                signed: fromClinic ? counsellor ?? local.name.text : nil)
        }
        let problems = conversation.problems.map { problem -> String in
            switch problem {
            case .unopened: return text["problemUnopened"] ?? ""
            case .missing: return text["problemMissing"] ?? ""
            case .outOfOrder: return text["problemOrder"] ?? ""
            case .duplicate: return text["problemDuplicate"] ?? ""
            }
        }
        // Where the conversation stands, first thing on the page.
        let answered = conversation.messages.contains { $0.author == .clinic }
        let status: String
        var showsAnswerTime = false
        if conversation.thread.status == .closed {
            status = "statusClosed"
        } else if conversation.messages.last?.author == .clinic {
            status = "statusAnswered"
        } else {
            status = answered ? "statusWaitingAgain" : "statusWaitingFirst"
            showsAnswerTime = true
        }
        // Within a visit, how long it lasts; without one, the code is typed again.
        var visitKept: String?
        var codeFieldHint: String?
        if visit != nil {
            visitKept = WebText.format("visitKept", language, ["minutes": String(visits.idleSeconds / 60)])
        } else {
            codeFieldHint = Self.retypeHint(language)
        }
        let heading = WebText.format("conversationTitle", language, ["clinic": local.name.text])
        let phone = ["phone": conversation.clinic.profile.phone, "hours": local.phoneHours.text]
        let content = ConversationPage(
            heading: heading,
            status: text[status] ?? "",
            statusAnswer: showsAnswerTime ? local.answerTime.text : nil,
            statusAnswerLang: showsAnswerTime ? local.answerTime.lang : nil,
            sent: sent,
            answers: WebText.format("conversationAnswers", language, phone),
            hoursLang: local.phoneHours.lang,
            problems: problems,
            hasProblems: !problems.isEmpty,
            messages: messages,
            expires: WebText.format("expires", language, ["date": WebDates.day(conversation.thread.expires.description, language)]),
            text: "",
            visitKept: visitKept,
            codeFieldHint: codeFieldHint)
        var page = WebPage(content, language, title: heading, switchPath: "/return")
        page.visit = visit
        return page
    }

    // MARK: Replying

    func reply(_ request: Request, _ context: Context) async throws -> Response {
        let (form, language): (WebForm, Language)
        switch await Self.posted(request, context) {
        case .form(let f, let l): (form, language) = (f, l)
        case .refused(let page): return page.response(tokens)
        }
        let text = Self.normalised(form.text("text") ?? "")

        // Every problem page keeps the person's text, so nothing they wrote is lost.
        func again(_ status: HTTPResponse.Status, _ title: String, _ paragraphs: [String], visit: String? = nil, retryAfter: Int? = nil) -> Response {
            let heading = WebText.format(title, language)
            let content = ReplyAgainPage(
                heading: heading, paragraphs: paragraphs, text: text, codeFieldHint: visit == nil ? Self.retypeHint(language) : nil,
                codeInvalid: title == "typoTitle" || title == "unknownTitle")
            var page = WebPage(content, language, title: heading, status: status, switchPath: "/return")
            page.visit = visit
            page.retryAfter = retryAfter
            return page.response(tokens)
        }

        let liveVisit = form.text("visit").flatMap { visits.use($0) != nil ? $0 : nil }
        switch tokens.spend(form.text("form")) {
        case .spent: return WebPage.gone(language).response(tokens)
        case .unknown: return again(.badRequest, "expiredFormTitle", [WebText.format("expiredFormText", language)], visit: liveVisit)
        case .fresh: break
        }
        let keys: WriterKeys
        var visit: String
        switch access(form) {
        case .visit(let token, let held):
            (keys, visit) = (held, token)
        case .typed(let typed):
            keys = typed
            visit = ""
        case .typo(let error):
            return again(.badRequest, "typoTitle", Self.typo(error, language) + [WebText.format("keptText", language)])
        case .ended:
            return again(.ok, "visitEndedTitle", [WebText.format("visitEndedText", language), WebText.format("keptText", language)])
        }
        if let problem = Self.textProblem(text, language) {
            return again(problem.status, problem.title, problem.paragraphs, visit: visit.isEmpty ? nil : visit)
        }
        do {
            let conversation = try await writer.reply(keys, text: text, source: context.source)
            if visit.isEmpty { visit = visits.start(keys) }
            return conversationPage(conversation, language, sent: true, visit: visit).response(tokens)
        } catch let error as APIError {
            let kept = visit.isEmpty ? nil : visit
            switch error.code {
            case APIError.threadNotFound.code:
                if let kept { visits.end(kept) }
                return again(.notFound, "unknownTitle", [unknownText(language), WebText.format("keptText", language)])
            case "daily_limit":
                return again(.tooManyRequests, "dailyLimitTitle", [WebText.format("dailyLimitText", language)], visit: kept, retryAfter: error.retryAfter)
            case "clinic_full", "source_busy":
                let (title, paragraphs) = Self.busy(error, language)
                return again(.tooManyRequests, title, paragraphs, visit: kept, retryAfter: error.retryAfter)
            default: throw error
            }
        } catch is WebWriter.Unverified {
            return WebPage.unverified(language).response(tokens)
        }
    }

    // MARK: Deleting

    /// "Are you sure?": within a visit, one button; otherwise with the code to type. After
    /// a mistyped or unknown code, the same form under a heading that says so.
    func confirmPage(
        _ language: Language, status: HTTPResponse.Status = .ok, heading: String = "confirmTitle", problem: [String]? = nil, visit: String? = nil,
        invalid: Bool = true
    ) -> WebPage {
        let title = WebText.format(heading, language)
        let content = ConfirmPage(
            heading: title, problem: problem != nil, paragraphs: problem ?? [],
            codeFieldHint: visit == nil ? WebText.format("confirmCode", language) + " " + WebText.format("retypeWhy", language) : nil,
            codeInvalid: problem != nil && invalid)
        var page = WebPage(content, language, title: title, status: status, switchPath: "/return")
        page.visit = visit
        return page
    }

    /// The first step: only asks. Nothing is looked up.
    func askToDelete(_ request: Request, _ context: Context) async -> Response {
        switch await Self.posted(request, context) {
        case .form(let form, let language):
            // Only asks, so an unknown token just gets the question again, with a new one.
            if tokens.spend(form.text("form")) == .spent { return WebPage.gone(language).response(tokens) }
            let token = form.text("visit")
            if let token, visits.use(token) != nil { return confirmPage(language, visit: token).response(tokens) }
            if token != nil {
                // The visit ended (idle, or a restart): ask for the code, calmly.
                return confirmPage(language, heading: "visitEndedTitle", problem: [WebText.format("visitEndedText", language)], invalid: false).response(tokens)
            }
            return confirmPage(language).response(tokens)
        case .refused(let page): return page.response(tokens)
        }
    }

    func delete(_ request: Request, _ context: Context) async throws -> Response {
        let (form, language): (WebForm, Language)
        switch await receive(request, context, unknown: { language in
            confirmPage(language, status: .badRequest, heading: "expiredFormTitle", problem: [WebText.format("expiredCodeText", language)])
        }) {
        case .form(let f, let l): (form, language) = (f, l)
        case .answered(let response): return response
        }
        let keys: WriterKeys
        switch access(form) {
        case .visit(_, let held): keys = held
        case .typed(let typed): keys = typed
        case .typo(let error):
            return confirmPage(language, status: .badRequest, heading: "typoTitle", problem: Self.typo(error, language)).response(tokens)
        case .ended:
            return confirmPage(language, heading: "visitEndedTitle", problem: [WebText.format("visitEndedText", language)], invalid: false).response(tokens)
        }
        do {
            try await writer.delete(keys)
        } catch let error as APIError where error.code == APIError.threadNotFound.code {
            return confirmPage(language, status: .notFound, heading: "unknownTitle", problem: [unknownText(language)]).response(tokens)
        }
        visits.end(form.text("visit"))
        return WebPage(DeletedPage(), language, title: WebText.format("deletedTitle", language)).response(tokens)
    }

    // MARK: Leaving

    /// "Leave this page quickly" within a visit: the visit ends, and the browser goes on to
    /// the same neutral site as the plain link. Always works: no Origin or token check
    /// could make leaving fail.
    func leave(_ request: Request, _ context: Context) async -> Response {
        if let form = try? await WebForm.read(request, maximumBytes: context.maxUploadSize) { visits.end(form.text("visit")) }
        return Response(status: .seeOther, headers: [.location: WebPage.leaveTarget, .contentLength: "0"])
    }
}
