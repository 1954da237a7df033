import Foundation
import Hummingbird
import LuckaText
import LuckaCore
import NIOCore

/// The pieces the writer's pages share: the checks every form post passes, the clinic in
/// the page's language, sentences for problems.
extension WebPages {
    enum Posted {
        case form(WebForm, Language)
        case refused(WebPage)
    }

    /// The checks every form post passes first: Origin, then a readable body.
    static func posted(_ request: Request, _ context: Context) async -> Posted {
        let fromQuery = language(request)
        guard WebOriginCheck.allows(request) else { return .refused(.originRefused(fromQuery)) }
        do {
            let form = try await WebForm.read(request, maximumBytes: context.maxUploadSize)
            return .form(form, form.text("lang").map { Language(page: $0) } ?? fromQuery)
        } catch .tooLarge {
            return .refused(.tooLarge(fromQuery))
        } catch {
            return .refused(.unreadableForm(fromQuery))
        }
    }

    enum Received {
        case form(WebForm, Language)
        /// Refused before reading, or a form sent again: the answer is ready.
        case answered(Response)
    }

    /// What every form post but the first message passes first: Origin and a readable body
    /// (`posted`), then its single-use token. A spent token gets the neutral page; one that
    /// is not the relay's, or has expired, gets `unknown`'s page.
    func receive(_ request: Request, _ context: Context, unknown: (Language) -> WebPage) async -> Received {
        switch await Self.posted(request, context) {
        case .refused(let page): return .answered(page.response(tokens))
        case .form(let form, let language):
            switch tokens.spend(form.text("form")) {
            case .fresh: return .form(form, language)
            case .spent: return .answered(WebPage.gone(language).response(tokens))
            case .unknown: return .answered(unknown(language).response(tokens))
            }
        }
    }

    enum Loaded {
        case clinic(VerifiedClinic)
        case page(WebPage)
    }

    /// The clinic verified against its own signing key, or the page that says why not.
    func load(_ slug: String, _ language: Language) async throws -> Loaded {
        do {
            guard let clinic = try await writer.clinic(slug) else { return .page(.unknownClinic(language)) }
            return .clinic(clinic)
        } catch is WebWriter.Unverified {
            return .page(.unverified(language))
        }
    }

    static func language(_ request: Request) -> Language {
        Language(page: request.uri.queryParameters.get("lang"))
    }

    /// Parses the typed code from its bytes, which are wiped afterwards.
    static func parseCode(_ form: WebForm) -> Result<ConversationCode, LuckaError> {
        var bytes = form.bytes("code") ?? []
        defer { wipe(&bytes) }
        do { return .success(try ConversationCode(parsing: bytes)) } catch { return .failure(error) }
    }

    /// The title and sentences for a 429 of the writer's source or of the clinic's backstop.
    static func busy(_ error: APIError, _ language: Language) -> (String, [String]) {
        let minutes = String(max(1, ((error.retryAfter ?? 3600) + 59) / 60))
        if error.code == "source_busy" {
            return ("sourceBusyTitle", [WebText.format("sourceBusyText", language, ["minutes": minutes])])
        }
        return ("clinicFullTitle", [WebText.format("clinicFullText", language, ["minutes": minutes])])
    }

    static func typo(_ error: LuckaError, _ language: Language) -> [String] {
        let reason: String
        switch error.code {
        case .codeChecksum: reason = "typoChecksum"
        case .codeCharacter: reason = "typoCharacter"
        default: reason = "typoLength"
        }
        return [WebText.format(reason, language), WebText.format("typoCalm", language)]
    }

    func unknownText(_ language: Language) -> String {
        WebText.format("unknownText", language, retention.placeholders)
    }

    static func retypeHint(_ language: Language) -> String {
        WebText.format("retypeCode", language) + " " + WebText.format("retypeWhy", language)
    }

    /// Browsers send line breaks as CR LF; the message keeps them as LF.
    static func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// An empty or too long message, found before anything is sealed.
    static func textProblem(_ text: String, _ language: Language) -> (status: HTTPResponse.Status, title: String, paragraphs: [String])? {
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

    /// The channels to choose from; the only one is chosen already.
    static func channelChoices(_ clinic: VerifiedClinic, selected: LuckaCore.Channel?, _ language: Language) -> [ChannelChoice] {
        let channels = offered(clinic)
        let text = WebText.table(language)
        return channels.map { channel in
            let label = text["channel.\(channel.rawValue)"] ?? channel.rawValue
            return ChannelChoice(value: channel.rawValue, label: label, checked: channel == selected || channels.count == 1)
        }
    }

    /// The clinic's block for the templates, in the page's language where the profile
    /// has it; a field only in Swedish is marked `…Lang = "sv"` (WCAG 3.1.2).
    func clinicValues(_ clinic: VerifiedClinic, _ language: Language) -> ClinicValues {
        let profile = clinic.profile
        let local = WebClinic(clinic, language)
        let days = retention.placeholders
        return ClinicValues(
            slug: clinic.slug,
            name: local.name.text,
            nameLang: local.name.lang,
            about: local.about.text,
            aboutLang: local.about.lang,
            phone: profile.phone,
            phoneDial: String(profile.phone.enumerated().compactMap { index, character in
                character.isASCII && character.isNumber || (index == 0 && character == "+") ? character : nil
            }),
            phoneHours: local.phoneHours.text,
            phoneHoursLang: local.phoneHours.lang,
            answerTime: local.answerTime.text,
            answerTimeLang: local.answerTime.lang,
            municipalities: profile.municipalities.joined(separator: ", "),
            beforeWho: WebText.format("beforeWho", language, ["clinic": local.name.text]),
            confidentiality: local.confidentiality?.text ?? WebText.format("beforeConfidentiality", language),
            confidentialityLang: local.confidentiality?.lang,
            beforeKept: WebText.format("beforeKept", language, days))
    }

    static func swedishOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, locale: Locale(identifier: "sv_SE")) == .orderedAscending
    }
}

/// Dates on the pages, in Swedish time (the clinics are Swedish). Rendered into the page
/// only; the relay stores days, never times.
enum WebDates {
    static let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? TimeZone(identifier: "UTC")!

    /// The locale and date pattern are data, not prose: the test language, whose sentences
    /// are English in other letters, keeps English ones.
    static func patterns(_ language: Language) -> Language { language == .pseudoRTL ? .en : language }

    static func formatter(_ language: Language, _ format: String, _ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: WebText.format("dateLocale", patterns(language)))
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter
    }

    /// "3 mars 2026 kl. 14:05" / "3 March 2026, 14:05".
    static func time(_ date: Date, _ language: Language) -> String {
        formatter(language, WebText.format("timeFormat", patterns(language)), stockholm).string(from: date)
    }

    /// A stored day (`YYYY-MM-DD`, UTC) as "3 mars 2026" / "3 March 2026".
    static func day(_ text: String, _ language: Language) -> String {
        guard let day = Day(text) else { return text }
        let date = Date(timeIntervalSince1970: Double(day.number) * 86_400)
        return formatter(language, "d MMMM yyyy", TimeZone(identifier: "UTC")!).string(from: date)
    }
}
