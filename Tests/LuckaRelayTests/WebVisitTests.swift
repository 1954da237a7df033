import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import LuckaText
import Testing

/// Issue 15: the writer's path without traps — a visit instead of retyping the code, where
/// the conversation stands, the clinic's own words before writing, and the pages a
/// municipality must publish.
@Suite("Web pages: visits and public pages")
struct WebVisitTests {
    /// Writes through the form and goes on from the code page, as a person does.
    static func startVisit(_ relay: Harness, _ clinic: ClinicFixture, text: String = "Hej, jag behöver prata.") async throws -> (code: String, visit: String, page: TestResponse) {
        let codePage = try await relay.writeThroughForm(clinic, text: text)
        let code = try #require(WebChecks.code(in: codePage))
        let visit = try #require(WebChecks.visit(in: codePage))
        let page = try await relay.submit("/conversation", [("lang", "sv"), ("visit", visit)])
        #expect(page.status == .ok)
        return (code, visit, page)
    }

    @Test("Read → reply → delete within one visit, without typing the code again")
    func wholeVisit() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let (code, visit, page) = try await Self.startVisit(relay, clinic)
            #expect(page.text.contains("Hej, jag behöver prata."))
            #expect(!page.text.contains(#"id="code""#), "no code field within a visit")
            #expect(WebChecks.visit(in: page) == visit)
            let replied = try await relay.submit("/reply", [("lang", "sv"), ("visit", visit), ("text", "Ett svar till")])
            #expect(replied.status == .ok && replied.text.contains("Ett svar till"))
            let ask = try await relay.submit("/delete", [("lang", "sv"), ("visit", visit)])
            #expect(ask.status == .ok && !ask.text.contains(#"id="code""#))
            // "No, back to the conversation" keeps the visit.
            #expect(ask.text.contains(#"<form method="post" action="/conversation">"#))
            let back = try await relay.submit("/conversation", [("lang", "sv"), ("visit", visit)])
            #expect(back.text.contains("Ett svar till"))
            // The language switch keeps it too.
            let english = try await relay.submit("/conversation?lang=en", [("lang", "en"), ("visit", visit)])
            #expect(english.status == .ok && english.text.contains(#"<html lang="en" dir="ltr">"#) && english.text.contains("Ett svar till"))
            WebChecks.expectPage(english, "conversation in English", lang: .en)
            let deleted = try await relay.submit("/delete/confirm", [("lang", "sv"), ("visit", visit)])
            #expect(deleted.heading == WebText.swedish["deletedTitle"])
            #expect(try await relay.submit("/return", [("code", code)]).status == .notFound)
            // Deleting ended the visit.
            let after = try await relay.submit("/conversation", [("lang", "sv"), ("visit", visit)])
            #expect(after.heading == WebText.swedish["visitEndedTitle"])
            // The visit travels in hidden fields only: never a cookie, a URL or a header.
            for response in [page, replied, ask, back, english, deleted] {
                #expect(response.headers[.setCookie] == nil && response.headers[.location] == nil)
                #expect(!response.headers.contains { $0.value.contains(visit) })
                #expect(!WebChecks.matches(of: #"(?:href|action)="([^"]*)""#, in: response.text).contains { $0.contains(visit) })
            }
        }
    }

    @Test("A visit ends after its idle time: the page asks for the code, calmly, and keeps a reply's text")
    func idleVisit() async throws {
        try await withRelay({ $0.visitIdleSeconds = 1 }) { relay in
            let clinic = try await relay.makeClinic()
            let (code, visit, _) = try await Self.startVisit(relay, clinic)
            try await Task.sleep(for: .milliseconds(1_300))
            let page = try await relay.submit("/conversation", [("lang", "sv"), ("visit", visit)])
            #expect(page.status == .ok)
            #expect(page.heading == WebText.swedish["visitEndedTitle"])
            #expect(page.text.contains(#"id="code""#) && !page.text.contains("Hej, jag behöver"))
            let reply = try await relay.submit("/reply", [("lang", "sv"), ("visit", visit), ("text", "Texten finns kvar")])
            #expect(reply.heading == WebText.swedish["visitEndedTitle"])
            #expect(reply.text.contains("Texten finns kvar") && reply.text.contains(#"id="code""#))
            // With the code the person is back in, with a new visit.
            let again = try await relay.submit("/reply", [("lang", "sv"), ("code", code), ("text", "Texten finns kvar")])
            #expect(again.status == .ok && again.text.contains("Texten finns kvar"))
            #expect(WebChecks.visit(in: again) != nil && WebChecks.visit(in: again) != visit)
        }
    }

    @Test("Leave this page quickly ends the visit and goes on to the neutral site")
    func leaveEndsVisit() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let (_, visit, page) = try await Self.startVisit(relay, clinic)
            #expect(page.text.contains(#"<form class="leave-form" method="post" action="/leave">"#))
            // From anywhere, even another site's form: leaving must always work.
            let left = try await relay.send(.post, "/leave", body: formBody([("visit", visit)]), headers: browserHeaders(form: true, origin: "https://evil.example"))
            #expect(left.status == .seeOther)
            #expect(left.headers[.location] == "https://www.smhi.se/")
            let after = try await relay.submit("/conversation", [("lang", "sv"), ("visit", visit)])
            #expect(after.heading == WebText.swedish["visitEndedTitle"])
            #expect(try await relay.send(.post, "/leave", body: []).status == .seeOther, "leaving without a visit still leaves")
        }
    }

    @Test("A restart ends every visit")
    func restartEndsVisits() async throws {
        let store = try SQLiteRelayStore.inMemory()
        let (visit, clinic) = try await withRelay(store: store) { relay in
            let clinic = try await relay.makeClinic()
            return (try await Self.startVisit(relay, clinic).visit, clinic)
        }
        try await withRelay(store: store) { relay in
            _ = clinic
            let page = try await relay.submit("/conversation", [("lang", "sv"), ("visit", visit)])
            #expect(page.heading == WebText.swedish["visitEndedTitle"])
        }
    }

    @Test("Opening the same conversation again ends the earlier visit to it")
    func oneVisitPerConversation() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let (code, first, _) = try await Self.startVisit(relay, clinic)
            let reopened = try await relay.submit("/return", [("code", code)])
            let second = try #require(WebChecks.visit(in: reopened))
            #expect(second != first)
            #expect(try await relay.submit("/conversation", [("visit", first)]).heading == WebText.swedish["visitEndedTitle"])
            #expect(try await relay.submit("/conversation", [("visit", second)]).status == .ok)
        }
    }

    @Test("Where the conversation stands, at the top: waiting, answered, closed")
    func status() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let (code, visit, page) = try await Self.startVisit(relay, clinic)
            #expect(page.text.contains(WebText.swedish["statusWaitingFirst"]!) && page.text.contains(clinic.profile.answerTime))
            let writer = try Writer.from(ConversationCode(parsing: code))
            let handle = try await relay.handle(of: writer, as: clinic.admin)
            _ = try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: clinic.admin)
            let answered = try await relay.submit("/conversation", [("visit", visit)])
            #expect(answered.text.contains(WebText.swedish["statusAnswered"]!))
            let again = try await relay.submit("/reply", [("visit", visit), ("text", "En fråga till")])
            #expect(again.text.contains(WebText.swedish["statusWaitingAgain"]!))
            _ = try await relay.staff(.post, "/v1/staff/threads/\(handle)/status", json: StatusRequest(status: .closed), as: clinic.admin)
            let closed = try await relay.submit("/conversation", [("visit", visit)])
            #expect(closed.text.contains(WebText.swedish["statusClosed"]!))
        }
    }

    @Test("Before writing: who reads, the clinic's words on confidentiality, how long it is kept, that a code is coming")
    func beforeWriting() async throws {
        try await withRelay { relay in
            var clinic = try await relay.makeClinic()
            let generic = try await relay.get("/c/\(clinic.slug)")
            #expect(generic.text.contains(WebText.swedish["beforeConfidentiality"]!))
            #expect(generic.text.contains("14 dagar") && generic.text.contains("90 dagar"))
            // "You get a code" comes above the send button.
            let hint = try #require(generic.text.range(of: WebText.swedish["afterSend"]!))
            let button = try #require(generic.text.range(of: #"<button type="submit" aria-describedby="send-hint">"#))
            #expect(hint.lowerBound < button.lowerBound)
            // The clinic's own words, and its English, where it has them.
            clinic.profile.confidentiality = "Vi har tystnadsplikt. Om ett barn far illa gör vi en orosanmälan."
            clinic.profile.translations = ["en": .init(about: "We help people who buy sex to stop.", confidentiality: "We are bound by confidentiality.")]
            try await relay.store.updateProfile(clinic: clinic.slug, profile: try SignedProfile.sign(clinic.profile, with: clinic.signingKey))
            let swedish = try await relay.get("/c/\(clinic.slug)")
            #expect(swedish.text.contains("gör vi en orosanmälan"))
            let english = try await relay.get("/c/\(clinic.slug)?lang=en")
            WebChecks.expectPage(english, "clinic in English", lang: .en)
            #expect(english.text.contains("We are bound by confidentiality.") && english.text.contains("We help people who buy sex to stop."))
            // What exists only in Swedish is marked as Swedish.
            #expect(english.text.contains(#"<dd lang="sv">\#(clinic.profile.phoneHours)</dd>"#))
            #expect(english.text.contains(#"<h1 lang="sv">"#))
            #expect(!english.text.contains(#"<p class="about" lang="sv">We help"#))
        }
    }

    @Test("A mistyped code marks the field invalid and points at the notice")
    func invalidCodeField() async throws {
        try await withRelay { relay in
            _ = try await relay.makeClinic()
            let typo = try await relay.submit("/return", [("code", "ABCD")])
            #expect(typo.text.contains(#"aria-describedby="problem code-hint" aria-invalid="true""#))
            #expect(typo.text.contains(#"<div class="notice problem" id="problem">"#))
            let fresh = try await relay.get("/return")
            #expect(!fresh.text.contains("aria-invalid"))
        }
    }

    @Test("The privacy notice and the accessibility statement, from the operator's facts, in Swedish and English", arguments: Language.allCases)
    func publicPages(language: Language) async throws {
        try await withRelay({ $0.publicFacts = .demo; $0.publicFacts.accessibilityStatus = .partial; $0.publicFacts.accessibilityKnownIssues = "Koden går inte att kopiera i vissa äldre webbläsare." }) { relay in
            let privacy = try await relay.get("/privacy\(language.query)")
            WebChecks.expectPage(privacy, "privacy", lang: language)
            #expect(privacy.text.contains(PublicFacts.demo.controller!) && privacy.text.contains(PublicFacts.demo.dataProtectionOfficer!))
            #expect(privacy.text.contains("IMY") && privacy.text.contains("90") && privacy.text.contains("14"))
            let statement = try await relay.get("/accessibility\(language.query)")
            WebChecks.expectPage(statement, "accessibility", lang: language)
            #expect(statement.text.contains(WebText.table(language)["a11yStatus.partial"]!))
            #expect(statement.text.contains("Digg") && statement.text.contains(PublicFacts.demo.accessibilityContact!))
            #expect(statement.text.contains("Koden går inte att kopiera"))
            if language == .en { #expect(statement.text.contains(#"<p class="about" lang="sv">Koden går"#)) }
        }
        try await withRelay { relay in
            let bare = try await relay.get("/privacy\(language.query)")
            #expect(bare.text.contains(WebText.table(language)["privacyNotConfigured"]!))
            #expect(try await relay.get("/accessibility\(language.query)").text.contains(WebText.table(language)["a11yStatus.unknown"]!))
        }
    }
}
