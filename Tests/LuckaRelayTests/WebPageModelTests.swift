import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import LuckaText
import Testing

/// Every template through the real routes, a few cases each: the values each page's model
/// carries reach the HTML, escaped, and the sections they switch show or stay hidden. A
/// misspelt property would render nothing, so each value is looked for by its text.
@Suite("Web pages: every template's values")
struct WebPageModelTests {
    /// Text as the templates write it: `{{ }}` escapes `& < > " '`.
    static func escaped(_ text: String) -> String {
        [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#39;")].reduce(text) { text, pair in
            text.replacingOccurrences(of: pair.0, with: pair.1)
        }
    }

    /// A sentence as the page shows it: filled in, then escaped.
    static func said(_ key: String, _ language: Language = .sv, _ values: [String: String] = [:]) -> String {
        escaped(WebText.format(key, language, values))
    }

    /// A clinic whose words need escaping, with English for some of them (the rest is marked Swedish).
    static func markupClinic(_ relay: Harness) async throws -> ClinicFixture {
        var clinic = try await relay.makeClinic()
        clinic.profile.name = #"Mottagningen "Ett & Två" <Test>"#
        clinic.profile.about = "Vi hjälper <alla> & 'var och en'."
        clinic.profile.phone = "+46 36-10 20 30"
        clinic.profile.confidentiality = "Tystnadsplikt <gäller> & alltid."
        clinic.profile.translations = ["en": .init(about: "We help <everyone>.", confidentiality: "Confidentiality & more.")]
        try await relay.store.updateProfile(clinic: clinic.slug, profile: try SignedProfile.sign(clinic.profile, with: clinic.signingKey))
        return clinic
    }

    /// Every page passes the shared checks (WebChecks.expectPage).
    static func expectPages(_ pages: [(String, TestResponse, Language)]) {
        for (label, page, language) in pages {
            WebChecks.expectPage(page, label, lang: language)
        }
    }

    // MARK: Start and clinic

    @Test("Start page: one clinic, two clinics grouped by county, none")
    func startPage() async throws {
        try await withRelay { relay in
            let none = try await relay.get("/")
            #expect(none.text.contains("<p>\(Self.said("noClinics"))</p>"))
            let clinic = try await Self.markupClinic(relay)
            let name = Self.escaped(clinic.profile.name)
            let one = try await relay.get("/")
            let oneEnglish = try await relay.get("/?lang=en")
            // One clinic: no county heading, the name one level below "choose".
            #expect(WebChecks.matches(of: "<h3>(.*?)</h3>", in: one.text) == [name])
            #expect(one.text.contains("<p class=\"hint\">\(Self.said("municipalities")): Jönköping, Habo</p>"))
            let link = #"<li><a class="choice-link" href="/c/testmottagningen?channel=self">\#(Self.said("channel.self"))</a></li>"#
            #expect(one.text.contains(link))
            #expect(oneEnglish.text.contains(#"<h3 lang="sv">\#(name)</h3>"#))
            let english = Self.said("channel.professional", .en)
            #expect(oneEnglish.text.contains(#"href="/c/testmottagningen?channel=professional&amp;lang=en">\#(english)<"#))

            var second = try await relay.makeClinic("kast-jamtland", channels: [.relative])
            second.profile.region = "Jämtlands län"
            second.profile.name = "KAST Jämtland"
            second.profile.municipalities = ["Östersund"]
            let signed = try SignedProfile.sign(second.profile, with: second.signingKey)
            try await relay.store.updateProfile(clinic: second.slug, profile: signed)
            let two = try await relay.get("/")
            #expect(WebChecks.matches(of: "<h3>(.*?)</h3>", in: two.text) == ["Jämtlands län", "Jönköpings län"])
            #expect(WebChecks.matches(of: "<h4>(.*?)</h4>", in: two.text) == ["KAST Jämtland", name])
            #expect(WebChecks.matches(of: #"href="(/c/kast-jamtland[^"]*)""#, in: two.text) == ["/c/kast-jamtland?channel=relative"])
            Self.expectPages([
                ("start none", none, .sv), ("start one", one, .sv), ("start one en", oneEnglish, .en), ("start two", two, .sv),
            ])
        }
    }

    @Test("Clinic page: its facts in their languages, several channels or one, the form")
    func clinicPage() async throws {
        try await withRelay { relay in
            let clinic = try await Self.markupClinic(relay)
            let profile = clinic.profile
            let page = try await relay.get("/c/\(clinic.slug)")
            #expect(page.text.contains("<h1>\(Self.escaped(profile.name))</h1>"))
            #expect(page.text.contains(#"<p class="about">\#(Self.escaped(profile.about))</p>"#))
            #expect(page.text.contains(#"<a href="tel:+4636102030">\#(profile.phone)</a>"#))
            #expect(page.text.contains("<dd>\(profile.phoneHours)</dd>") && page.text.contains("<dd>\(profile.answerTime)</dd>"))
            #expect(page.text.contains("<dd>Jönköping, Habo</dd>"))
            #expect(page.text.contains(Self.said("beforeWho", .sv, ["clinic": profile.name])))
            #expect(page.text.contains(#"<p class="about">\#(Self.escaped(profile.confidentiality!))</p>"#))
            #expect(page.text.contains("<p>\(Self.said("beforeKept", .sv, ["days": "90", "short": "14"]))</p>"))
            #expect(page.text.contains(#"<form method="post" action="/c/testmottagningen/write">"#))
            // Several channels: none chosen until the person chooses.
            #expect(WebChecks.matches(of: #"name="channel" value="([a-z]+)""#, in: page.text) == Channel.allCases.map(\.rawValue))
            #expect(!page.text.contains(" checked"))
            #expect(page.text.contains(#"<label for="channel-self">\#(Self.said("channel.self"))</label>"#))
            #expect(page.text.contains("required aria-describedby=\"text-hint\">\n</textarea>"))
            let chosen = try await relay.get("/c/\(clinic.slug)?channel=relative")
            #expect(WebChecks.matches(of: #"value="([a-z]+)" required checked"#, in: chosen.text) == ["relative"])

            // In English: the translated words unmarked, the Swedish ones marked.
            let english = try await relay.get("/c/\(clinic.slug)?lang=en")
            #expect(english.text.contains(#"<h1 lang="sv">\#(Self.escaped(profile.name))</h1>"#))
            #expect(english.text.contains(#"<p class="about">We help &lt;everyone&gt;.</p>"#))
            #expect(english.text.contains(#"<p class="about">Confidentiality &amp; more.</p>"#))
            #expect(english.text.contains(#"<dd lang="sv">\#(profile.phoneHours)</dd>"#))
            #expect(english.text.contains(#"<dd lang="sv">\#(profile.answerTime)</dd>"#))
            #expect(english.text.contains(#"<form method="post" action="/c/testmottagningen/write?lang=en">"#))

            // One channel: chosen already. No words of its own on confidentiality: the general ones.
            let single = try await relay.makeClinic("en-kanal", channels: [.professional])
            let one = try await relay.get("/c/\(single.slug)")
            #expect(WebChecks.matches(of: #"name="channel" value="([a-z]+)" required checked"#, in: one.text) == ["professional"])
            #expect(one.text.contains(#"<p class="about">\#(Self.said("beforeConfidentiality"))</p>"#))
            Self.expectPages([
                ("clinic", page, .sv), ("clinic chosen", chosen, .sv), ("clinic en", english, .en), ("clinic one channel", one, .sv),
            ])
        }
    }

    @Test("The write form again after a problem: the heading, why, the clinic, the choice and the text kept")
    func writeAgain() async throws {
        try await withRelay { relay in
            let clinic = try await Self.markupClinic(relay)
            let kept = #"Min text <b>"hej"</b> & 'då'"#
            let noChannel = try await relay.submit("/c/\(clinic.slug)/write", [("lang", "sv"), ("text", kept)])
            #expect(noChannel.status == .badRequest && noChannel.heading == Self.said("channelTitle"))
            #expect(noChannel.text.contains("<p>\(Self.said("channelText"))</p>"))
            #expect(noChannel.text.contains(">\n\(Self.escaped(kept))</textarea>"))
            #expect(noChannel.text.contains(Self.said("beforeWho", .sv, ["clinic": clinic.profile.name])))
            #expect(!noChannel.text.contains(" checked"))
            let empty = try await relay.submit("/c/\(clinic.slug)/write?lang=en", [("lang", "en"), ("channel", "relative"), ("text", " ")])
            #expect(empty.heading == Self.said("emptyTitle", .en))
            #expect(WebChecks.matches(of: #"value="([a-z]+)" required checked"#, in: empty.text) == ["relative"])
            #expect(empty.text.contains(#"<p class="about">Confidentiality &amp; more.</p>"#))
            let stale = String(repeating: "0", count: 80)
            let expired = try await relay.submit("/c/\(clinic.slug)/write", [("form", stale), ("channel", "self"), ("text", kept)])
            #expect(expired.heading == Self.said("expiredFormTitle") && expired.text.contains(Self.escaped(kept)))
            Self.expectPages([
                ("write again no channel", noChannel, .sv), ("write again empty en", empty, .en), ("write again expired", expired, .sv),
            ])
        }
    }

    @Test("The code page: the code twice, when the clinic answers, the visit in its forms")
    func codePage() async throws {
        try await withRelay { relay in
            let clinic = try await Self.markupClinic(relay)
            let page = try await relay.writeThroughForm(clinic)
            let code = try #require(WebChecks.code(in: page))
            #expect(page.text.contains(#"value="\#(code)" readonly"#))
            let comeBack = Self.said("codeComeBack", .sv, ["clinic": clinic.profile.name, "answer": clinic.profile.answerTime])
            #expect(page.text.contains("<li>\(comeBack)</li>"))
            #expect(WebChecks.visit(in: page) != nil && page.text.contains(#"<form class="leave-form""#))
            #expect(!page.text.contains(#"class="langs""#), "no language link")
            let english = try await relay.writeThroughForm(clinic, lang: .en)
            let inEnglish = Self.said("codeComeBack", .en, ["clinic": clinic.profile.name, "answer": clinic.profile.answerTime])
            #expect(english.text.contains("<li>\(inEnglish)</li>"))
            Self.expectPages([("code", page, .sv), ("code en", english, .en)])
        }
    }

    // MARK: The code form

    @Test("The code form: to return, after a typo, an unknown code, an expired form, an ended visit")
    func returnPages() async throws {
        try await withRelay { relay in
            _ = try await relay.makeClinic()
            let fresh = try await relay.get("/return")
            #expect(fresh.heading == Self.said("returnTitle"))
            #expect(fresh.text.contains("<p>\(Self.said("returnLead"))</p>") && !fresh.text.contains(#"id="problem""#))
            #expect(fresh.text.contains(#"<p class="hint" id="code-hint">\#(Self.said("codeHint"))</p>"#))
            #expect(fresh.text.contains(#"aria-describedby="code-hint">"#))
            let typo = try await relay.submit("/return?lang=en", [("lang", "en"), ("code", "ABCD")])
            #expect(typo.status == .badRequest && typo.heading == Self.said("typoTitle", .en))
            #expect(typo.text.contains(#"<div class="notice problem" id="problem">"#))
            #expect(typo.text.contains("<p>\(Self.said("typoLength", .en))</p>"))
            #expect(typo.text.contains(#"aria-describedby="problem code-hint" aria-invalid="true">"#))
            let unknown = try await relay.submit("/return", [("code", ConversationCode.generate().grouped())])
            #expect(unknown.status == .notFound && unknown.text.contains(#"aria-invalid="true""#))
            #expect(unknown.text.contains(Self.said("unknownText", .sv, ["days": "90", "short": "14"])))
            let expired = try await relay.submit("/return", [("form", String(repeating: "0", count: 80)), ("code", "x")])
            #expect(expired.heading == Self.said("expiredFormTitle") && expired.text.contains(Self.said("expiredCodeText")))
            let ended = try await relay.submit("/conversation", [("visit", String(repeating: "0", count: 32))])
            #expect(ended.status == .ok && ended.heading == Self.said("visitEndedTitle"))
            #expect(ended.text.contains(#"id="problem""#) && !ended.text.contains("aria-invalid"))
            Self.expectPages([
                ("return", fresh, .sv), ("return typo en", typo, .en), ("return unknown", unknown, .sv), ("return expired", expired, .sv),
                ("return visit ended", ended, .sv),
            ])
        }
    }

    // MARK: The conversation

    @Test("The conversation: messages from both sides, who signed, where it stands, problems, the visit")
    func conversationPage() async throws {
        try await withRelay { relay in
            let clinic = try await Self.markupClinic(relay)
            let written = #"Jag skrev <det här> & "det där""#
            let (code, visit, waiting) = try await WebVisitTests.startVisit(relay, clinic, text: written)
            #expect(waiting.heading == Self.said("conversationTitle", .sv, ["clinic": clinic.profile.name]))
            let status = #"<p class="status notice">\#(Self.said("statusWaitingFirst")) <span>\#(clinic.profile.answerTime)</span></p>"#
            #expect(waiting.text.contains(status))
            #expect(waiting.text.contains(#"<li class="message writer">"#) && !waiting.text.contains(#"<li class="message clinic">"#))
            #expect(waiting.text.contains(#"<p class="text">\#(Self.escaped(written))</p>"#))
            #expect(!waiting.text.contains(Self.said("sentNotice")) && !waiting.text.contains(Self.said("problemHeading")))
            let answers = Self.said("conversationAnswers", .sv, ["phone": clinic.profile.phone, "hours": clinic.profile.phoneHours])
            #expect(waiting.text.contains("<p>\(answers)</p>"))
            #expect(waiting.text.contains(Self.said("visitKept", .sv, ["minutes": "15"])))
            #expect(!waiting.text.contains(#"id="code""#))

            let counsellor = try await relay.addActive("<i>Kim</i>", in: clinic)
            let writer = try Writer.from(try ConversationCode(parsing: code))
            let handle = try await relay.handle(of: writer, as: counsellor)
            _ = try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: counsellor, text: "Svar <med> & \"tecken\"")
            let answered = try await relay.submit("/conversation", [("lang", "sv"), ("visit", visit)])
            #expect(answered.text.contains(#"<p class="status notice">\#(Self.said("statusAnswered"))</p>"#))
            #expect(answered.text.contains(#"<li class="message clinic">"#))
            let signed = Self.said("replySigned", .sv, ["name": "<i>Kim</i>", "clinic": clinic.profile.name])
            #expect(answered.text.contains("<strong>\(Self.said("clinicReply"))</strong><br>\(signed)<br>"))
            #expect(answered.text.contains(#"<p class="text">Svar &lt;med&gt; &amp; &quot;tecken&quot;</p>"#))

            let sent = try await relay.submit("/reply", [("lang", "sv"), ("visit", visit), ("text", "Tack & hej")])
            #expect(sent.text.contains("<p class=\"notice\">\(Self.said("sentNotice"))</p>"))
            #expect(sent.text.contains(Self.said("statusWaitingAgain")) && sent.text.contains("<p class=\"text\">Tack &amp; hej</p>"))
            #expect(WebChecks.matches(of: #"<li class="message ([a-z]+)">"#, in: sent.text) == ["writer", "clinic", "writer"])

            // In English the clinic's Swedish words are marked.
            let english = try await relay.submit("/conversation?lang=en", [("lang", "en"), ("visit", visit)])
            #expect(english.text.contains(#"<span lang="sv">\#(clinic.profile.answerTime)</span>"#))
            #expect(english.text.contains(#"<p lang="sv">"#))

            // A message that does not open, and the conversation closed.
            let thread = try #require(try await relay.store.thread(lookupHash: writer.keys.lookupHash))
            let stranger = try BoxKeyPair.generate().secretKey
            let envelope = Envelope(author: .clinic, counsellorName: "X", text: "falskt")
            let forged = try MessageBox.seal(envelope, from: stranger, to: writer.publicKey)
            let message = NewMessage(thread: thread.id, author: .clinic, epoch: 1, ciphertext: forged, today: .today(), expires: .today())
            _ = try await relay.store.append(message, dailyLimit: .max)
            _ = try await relay.staff(.post, "/v1/staff/threads/\(handle)/status", json: StatusRequest(status: .closed), as: clinic.admin)
            let troubled = try await relay.submit("/conversation", [("lang", "sv"), ("visit", visit)])
            #expect(troubled.text.contains("<li>\(Self.said("problemUnopened"))</li>"))
            #expect(troubled.text.contains(#"<p class="text failed">\#(Self.said("notOpened"))</p>"#))
            #expect(troubled.text.contains(#"<p class="status notice">\#(Self.said("statusClosed"))</p>"#))
            Self.expectPages([
                ("conversation waiting", waiting, .sv), ("conversation answered", answered, .sv), ("conversation sent", sent, .sv),
                ("conversation en", english, .en), ("conversation problems", troubled, .sv),
            ])
        }
    }

    @Test("The reply form again: the text kept, the code asked for only without a visit")
    func replyAgain() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let (_, visit, _) = try await WebVisitTests.startVisit(relay, clinic)
            let kept = "Mitt <svar> & \"mer\""
            let typo = try await relay.submit("/reply", [("lang", "sv"), ("code", "ABCD"), ("text", kept)])
            #expect(typo.heading == Self.said("typoTitle") && typo.text.contains("<p>\(Self.said("keptText"))</p>"))
            #expect(typo.text.contains(">\n\(Self.escaped(kept))</textarea>"))
            #expect(typo.text.contains(#"<p class="hint" id="code-hint">\#(Self.said("retypeCode")) \#(Self.said("retypeWhy"))</p>"#))
            #expect(typo.text.contains(#"aria-invalid="true""#) && WebChecks.visit(in: typo) == nil)
            let empty = try await relay.submit("/reply", [("lang", "sv"), ("visit", visit), ("text", " ")])
            #expect(empty.heading == Self.said("emptyTitle") && !empty.text.contains(#"id="code""#))
            #expect(WebChecks.visit(in: empty) == visit)
            let stale = String(repeating: "0", count: 32)
            let ended = try await relay.submit("/reply?lang=en", [("lang", "en"), ("visit", stale), ("text", kept)])
            #expect(ended.heading == Self.said("visitEndedTitle", .en) && ended.text.contains(#"id="code""#))
            #expect(!ended.text.contains("aria-invalid") && ended.text.contains(Self.escaped(kept)))
            Self.expectPages([
                ("reply again typo", typo, .sv), ("reply again empty", empty, .sv), ("reply again visit ended en", ended, .en),
            ])
        }
    }

    @Test("Deleting: the question with and without a visit, after a problem, and the deleted page")
    func confirmPages() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let (code, visit, _) = try await WebVisitTests.startVisit(relay, clinic)
            let within = try await relay.submit("/delete", [("lang", "sv"), ("visit", visit)])
            #expect(within.heading == Self.said("confirmTitle") && !within.text.contains(#"id="code""#))
            #expect(within.text.contains(#"<form method="post" action="/conversation">"#) && !within.text.contains(#"id="problem""#))
            let withCode = try await relay.submit("/delete?lang=en", [("lang", "en")])
            #expect(withCode.text.contains(#"id="code""#) && withCode.text.contains(#"<p><a href="/return?lang=en">"#))
            #expect(withCode.text.contains("\(Self.said("confirmCode", .en)) \(Self.said("retypeWhy", .en))</p>"))
            let ended = try await relay.submit("/delete", [("lang", "sv"), ("visit", String(repeating: "0", count: 32))])
            #expect(ended.heading == Self.said("visitEndedTitle"))
            #expect(ended.text.contains(#"id="problem""#) && !ended.text.contains("aria-invalid"))
            let typo = try await relay.submit("/delete/confirm", [("lang", "sv"), ("code", "ABCD")])
            #expect(typo.heading == Self.said("typoTitle") && typo.text.contains(#"aria-invalid="true""#))
            #expect(typo.text.contains("<p>\(Self.said("typoCalm"))</p>"))
            let deleted = try await relay.submit("/delete/confirm", [("lang", "sv"), ("code", code)])
            #expect(deleted.heading == Self.said("deletedTitle") && deleted.text.contains(Self.said("deletedText")))
            let unknown = try await relay.submit("/delete/confirm", [("lang", "sv"), ("code", code)])
            #expect(unknown.status == .notFound && unknown.heading == Self.said("unknownTitle"))
            Self.expectPages([
                ("confirm visit", within, .sv), ("confirm code en", withCode, .en), ("confirm visit ended", ended, .sv),
                ("confirm typo", typo, .sv), ("deleted", deleted, .sv), ("confirm unknown", unknown, .sv),
            ])
        }
    }

    // MARK: Pages for everyone

    @Test("Safety, privacy and accessibility pages, configured and not")
    func publicPages() async throws {
        try await withRelay({ $0.publicFacts = .demo; $0.publicFacts.accessibilityKnownIssues = "Ett <fel> & ett till." }) { relay in
            let facts = PublicFacts.demo
            let safety = try await relay.get("/safety?lang=en")
            #expect(safety.heading == Self.said("safetyTitle", .en) && safety.text.contains(Self.said("safetyTorText", .en)))
            let privacy = try await relay.get("/privacy")
            #expect(privacy.text.contains("<p>\(Self.said("privacyController", .sv, ["controller": facts.controller!]))</p>"))
            #expect(privacy.text.contains("<p>\(Self.said("privacyDpo", .sv, ["dpo": facts.dataProtectionOfficer!]))</p>"))
            #expect(privacy.text.contains("<p>\(Self.said("privacyHowLong", .sv, ["days": "90", "short": "14"]))</p>"))
            #expect(!privacy.text.contains(Self.said("privacyNotConfigured")))
            let statement = try await relay.get("/accessibility?lang=en")
            #expect(statement.text.contains("<p>\(Self.said("a11yStatus.full", .en))</p>"))
            #expect(statement.text.contains(#"<p class="about" lang="sv">Ett &lt;fel&gt; &amp; ett till.</p>"#))
            #expect(statement.text.contains(Self.said("a11yReport", .en, ["contact": facts.accessibilityContact!])))
            #expect(!statement.text.contains(Self.said("privacyNotConfigured", .en)))
            Self.expectPages([("safety en", safety, .en), ("privacy", privacy, .sv), ("accessibility en", statement, .en)])
        }
        try await withRelay { relay in
            let privacy = try await relay.get("/privacy")
            #expect(privacy.text.contains(#"<p class="notice problem">\#(Self.said("privacyNotConfigured"))</p>"#))
            let statement = try await relay.get("/accessibility")
            #expect(statement.text.contains("<p>\(Self.said("a11yStatus.unknown"))</p>"))
            #expect(statement.text.contains(#"<p class="about">\#(Self.said("a11yNoIssues"))</p>"#))
            #expect(statement.text.contains(#"<p class="notice problem">\#(Self.said("privacyNotConfigured"))</p>"#))
            Self.expectPages([("privacy bare", privacy, .sv), ("accessibility bare", statement, .sv)])
        }
    }

    @Test("Notice pages: heading and sentences for a form sent again, not found, refused, unreadable, too large, busy")
    func noticePages() async throws {
        try await withRelay({ $0.maximumBodyBytes = 40_000 }) { relay in
            let clinic = try await relay.makeClinic()
            let token = try await relay.formToken()
            _ = try await relay.submit("/return", [("form", token), ("code", "x")])
            let gone = try await relay.submit("/return", [("form", token), ("code", "x")])
            #expect(gone.status == .gone && gone.heading == Self.said("goneTitle"))
            #expect(gone.text.contains("<p>\(Self.said("goneText"))</p>\n<p>\(Self.said("goneAdvice"))</p>"))
            let missing = try await relay.get("/nothing?lang=en")
            #expect(missing.status == .notFound && missing.text.contains("<p>\(Self.said("notFoundText", .en))</p>"))
            let unknownClinic = try await relay.get("/c/nowhere")
            #expect(unknownClinic.heading == Self.said("unknownClinicTitle"))
            let foreign = browserHeaders(form: true, origin: "https://evil.example")
            let refused = try await relay.submit("/reply", [("code", "x")], headers: foreign)
            #expect(refused.status == .forbidden && refused.text.contains(Self.said("originText")))
            var headers = browserHeaders(form: true)
            headers[.contentType] = "application/json"
            let unreadable = try await relay.send(.post, "/return", body: Array("{}".utf8), headers: headers)
            #expect(unreadable.status == .badRequest && unreadable.heading == Self.said("badFormTitle"))
            let huge = try await relay.writeThroughForm(clinic, text: String(repeating: "ö", count: 20_000))
            #expect(huge.status == .contentTooLarge)
            #expect(huge.text.contains("<p>\(Self.said("tooLongText", .sv, ["limit": WebText.messageLimit(.sv)]))</p>"))
            #expect(huge.text.contains("<p>\(Self.said("tooLongLost"))</p>"))
            Self.expectPages([
                ("notice gone", gone, .sv), ("notice not found en", missing, .en), ("notice unknown clinic", unknownClinic, .sv),
                ("notice origin", refused, .sv), ("notice unreadable", unreadable, .sv), ("notice too large", huge, .sv),
            ])
        }
        try await withRelay({ $0.maximumConcurrentRequests = 0 }) { relay in
            let busy = try await relay.get("/?lang=en")
            #expect(busy.status == .serviceUnavailable && busy.heading == Self.said("busyTitle", .en) && busy.retryAfter != nil)
            #expect(busy.text.contains("<p>\(Self.said("busyText", .en))</p>"))
            Self.expectPages([("notice busy en", busy, .en)])
        }
    }
}
