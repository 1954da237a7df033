import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import LuckaText
import Testing

/// The writer's web pages, driven through the router as a browser would: form posts,
/// no JavaScript, no cookies.
@Suite("Web pages")
struct WebPageTests {
    // MARK: Every page, both languages

    /// The shipped languages and the right-to-left test language (BrowserTests runs axe on it).
    static let pageLanguages: [Language] = {
        Language.enablePseudoLanguage()
        return Language.shipped + [.pseudoRTL]
    }()

    @Test("Every page renders in every language, with the headers and a sound structure", arguments: pageLanguages)
    func everyPage(lang: Language) async throws {
        Language.enablePseudoLanguage()
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let q = lang.query
            var pages: [(String, TestResponse)] = []
            pages.append(("start", try await relay.get("/\(q)")))
            pages.append(("clinic", try await relay.get("/c/\(clinic.slug)\(q)")))
            pages.append(("return", try await relay.get("/return\(q)")))
            pages.append(("safety", try await relay.get("/safety\(q)")))
            let codePage = try await relay.writeThroughForm(clinic, lang: lang)
            pages.append(("code", codePage))
            let code = try #require(WebChecks.code(in: codePage))
            pages.append(("conversation", try await relay.submit("/return", [("lang", lang.rawValue), ("code", code)])))
            pages.append(("reply", try await relay.submit("/reply", [("lang", lang.rawValue), ("text", "Ett svar"), ("code", code)])))
            pages.append(("confirm", try await relay.submit("/delete", [("lang", lang.rawValue)])))
            pages.append(("deleted", try await relay.submit("/delete/confirm", [("lang", lang.rawValue), ("code", code)])))
            pages.append(("unknown code", try await relay.submit("/return", [("lang", lang.rawValue), ("code", code)])))
            pages.append(("typo", try await relay.submit("/return", [("lang", lang.rawValue), ("code", "ABCD")])))
            pages.append(("unknown clinic", try await relay.get("/c/nowhere\(q)")))
            pages.append(("no such page", try await relay.get("/nothing/here\(q)")))
            pages.append(("empty message", try await relay.submit("/c/\(clinic.slug)/write\(q)", [("lang", lang.rawValue), ("channel", "self"), ("text", " ")])))

            let text = WebText.table(lang)
            for (label, page) in pages {
                WebChecks.expectPage(page, "\(label) (\(lang))", lang: lang)
                #expect(page.text.contains(text["leave"]!), "\(label)")
                // Other languages' words stay out (apart from the links that switch to them).
                for other in Self.pageLanguages where WebText.table(other)["footerAbout"] != text["footerAbout"] {
                    #expect(!page.text.contains(WebText.table(other)["footerAbout"]!), "\(label) (\(lang)) mixes languages")
                }
                // The language links offer every shipped language but this one, never the test language.
                let offered = Set(WebChecks.matches(of: #"class="lang"[^>]* lang="([^"]+)""#, in: page.text))
                #expect(offered.isEmpty || offered == Set(lang.others.map(\.rawValue)), "\(label) (\(lang)) offers \(offered)")
                #expect(!page.text.contains("hreflang=\"ar-XB\""), "\(label)")
            }
            #expect(pages.first { $0.0 == "start" }?.1.heading == text["startTitle"])
            #expect(pages.first { $0.0 == "code" }?.1.heading == text["codeTitle"])
            #expect(pages.first { $0.0 == "deleted" }?.1.heading == text["deletedTitle"])
            #expect(pages.first { $0.0 == "typo" }?.1.heading == text["typoTitle"])
            #expect(pages.first { $0.0 == "unknown code" }?.1.heading == text["unknownTitle"])

            let css = try await relay.get("/static/lucka.css")
            #expect(css.status == .ok)
            WebChecks.expectHeaders(css, "stylesheet", contentType: "text/css; charset=utf-8")
            #expect(css.text.contains(":focus-visible"))
        }
    }

    @Test("Every sentence a template uses exists in both languages, and no key is doubled")
    func textsComplete() {
        let keys = Catalogue.web.keys
        #expect(keys.count > 100)
        #expect(Catalogue.web.tables["sv"]?.messages.count == keys.count)
        #expect(Catalogue.web.tables["en"]?.messages.count == keys.count)
        for (name, template) in WebTemplates.all {
            for key in WebChecks.matches(of: #"\{\{[#^/]?t\.([A-Za-z.]+)\}\}"#, in: template) {
                #expect(WebText.swedish[key] != nil && WebText.english[key] != nil, "\(name) uses t.\(key)")
            }
            #expect(!template.contains("{{{") && !template.contains("{{&"), "\(name) has an unescaped value")
        }
        for key in keys {
            let (sv, en) = (WebText.swedish[key] ?? "", WebText.english[key] ?? "")
            #expect(!sv.isEmpty && !en.isEmpty && sv != en || key == "replySigned", "\(key)")
        }
    }

    // MARK: The whole flow

    @Test("Write, get the code once, return, read the reply, reply, delete: the code appears on one page only")
    func wholeFlow() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            var later: [(String, TestResponse)] = []

            // The start page links to the clinic with the channel chosen.
            let start = try await relay.get("/")
            #expect(start.text.contains("href=\"/c/\(clinic.slug)?channel=relative\""))
            let clinicPage = try await relay.get("/c/\(clinic.slug)?channel=relative")
            #expect(clinicPage.text.contains(#"value="relative" required checked"#))
            #expect(clinicPage.text.contains(clinic.profile.phone) && clinic.profile.phoneHours.isEmpty == false)
            #expect(clinicPage.text.contains(clinic.profile.answerTime))

            // Write: the code page shows the code once, grouped.
            let codePage = try await relay.writeThroughForm(clinic, channel: .relative, text: "Min partner köper sex.\r\nVad gör jag?")
            #expect(codePage.status == .ok)
            let grouped = try #require(WebChecks.code(in: codePage))
            let code = try ConversationCode(parsing: grouped)
            #expect(code.grouped() == grouped)
            // Once to read, once in a read-only field to copy; nowhere else.
            #expect(codePage.text.components(separatedBy: grouped).count == 3, "the code appears on its page twice")
            #expect(codePage.text.contains(#"<input id="code-copy" class="code-copy" type="text" value="\#(grouped)" readonly"#))
            #expect(codePage.title?.contains(grouped) == false)
            #expect(codePage.headers[.location] == nil)
            #expect(!codePage.text.contains("class=\"lang\""), "no language link that would lose the code")
            // "I have saved the code – open the conversation" goes on within the visit.
            #expect(codePage.text.contains(#"<form method="post" action="/conversation">"#))
            let visit = try #require(WebChecks.visit(in: codePage))
            let resumed = try await relay.submit("/conversation", [("lang", "sv"), ("visit", visit)])
            #expect(resumed.status == .ok && resumed.text.contains("Min partner köper sex."))
            later.append(("opened from the code page", resumed))
            #expect(codePage.text.contains(clinic.profile.answerTime))

            // The relay stored a thread the clinic can open, with the text as typed (LF).
            let writer = try WriterKeys(code: code)
            let thread = try #require(try await relay.store.thread(lookupHash: writer.lookupHash))
            #expect(thread.channel == .relative)
            let stored = try await relay.store.messages(thread: thread.id)
            let opened = try MessageBox.open(stored[0].ciphertext.bytes, with: clinic.currentInbox.secretKey, from: thread.writerKey, expectedAuthor: .writer)
            #expect(opened.text == "Min partner köper sex.\nVad gör jag?")

            // Return with the code, typed untidily.
            let typed = grouped.lowercased().replacingOccurrences(of: "-", with: " ")
            let conversation = try await relay.submit("/return", [("lang", "sv"), ("code", typed)])
            later.append(("conversation", conversation))
            #expect(conversation.status == .ok)
            #expect(conversation.text.contains("Min partner köper sex.\nVad gör jag?"))
            #expect(conversation.text.contains(WebText.swedish["statusWaitingFirst"]!))
            // Within the visit the page asks for no code.
            #expect(!conversation.text.contains(#"id="code""#))

            // A counsellor replies (through the staff API); the page shows who answered.
            let handle = try await relay.handle(of: Writer.from(code), as: clinic.admin)
            let replied = try await relay.reply(to: handle, writerKey: thread.writerKey, in: clinic, as: clinic.admin, text: "Hej! Ring oss gärna på tisdag.")
            #expect(replied.status == .created)
            let withReply = try await relay.submit("/return", [("code", grouped)])
            later.append(("with reply", withReply))
            #expect(withReply.text.contains("Hej! Ring oss gärna på tisdag."))
            #expect(withReply.text.contains("\(clinic.admin.name), \(clinic.profile.name)"))
            #expect(withReply.text.contains("class=\"message clinic\""))
            #expect(withReply.text.contains(WebText.swedish["statusAnswered"]!))
            #expect(!withReply.text.contains(WebText.swedish["statusWaitingFirst"]!))
            #expect(!withReply.text.contains(WebText.swedish["problemHeading"]!))
            // Newest last.
            let first = try #require(withReply.text.range(of: "Min partner köper sex."))
            let answer = try #require(withReply.text.range(of: "Hej! Ring oss gärna"))
            #expect(first.lowerBound < answer.lowerBound)

            // Reply: the code is typed again; the new message names the previous one.
            let reply = try await relay.submit("/reply", [("lang", "sv"), ("text", "Tack, jag ringer."), ("code", grouped)])
            later.append(("after reply", reply))
            #expect(reply.status == .ok)
            #expect(reply.text.contains(WebText.swedish["sentNotice"]!))
            #expect(reply.text.contains("Tack, jag ringer."))
            let afterReply = try await relay.store.messages(thread: thread.id)
            #expect(afterReply.map(\.author) == [.writer, .clinic, .writer])
            let third = try MessageBox.open(afterReply[2].ciphertext.bytes, with: clinic.currentInbox.secretKey, from: thread.writerKey, expectedAuthor: .writer)
            #expect(third.previous == MessageBox.hash(of: afterReply[0].ciphertext.bytes))

            // Delete: first a question, then the code again.
            let ask = try await relay.submit("/delete", [("lang", "sv")])
            later.append(("confirm", ask))
            #expect(ask.status == .ok)
            #expect(ask.heading == WebText.swedish["confirmTitle"])
            #expect(try await relay.store.thread(lookupHash: writer.lookupHash) != nil, "asking deletes nothing")
            let deleted = try await relay.submit("/delete/confirm", [("lang", "sv"), ("code", grouped)])
            later.append(("deleted", deleted))
            #expect(deleted.status == .ok)
            #expect(deleted.heading == WebText.swedish["deletedTitle"])
            #expect(try await relay.store.thread(lookupHash: writer.lookupHash) == nil)
            let gone = try await relay.submit("/return", [("code", grouped)])
            later.append(("gone", gone))
            #expect(gone.status == .notFound)

            // No later page holds the code, in any form, in its HTML, title or headers.
            let symbols = grouped.replacingOccurrences(of: "-", with: "")
            for (label, page) in later {
                for needle in [grouped, symbols, grouped.lowercased(), symbols.lowercased(), typed] {
                    #expect(!page.text.contains(needle), "\(label) contains the code")
                    #expect(page.title?.contains(needle) == false, "\(label) title")
                    #expect(!page.headers.contains { $0.value.contains(needle) }, "\(label) headers")
                }
                #expect(page.headers[.location] == nil, "\(label) redirects")
                WebChecks.expectPage(page, label, lang: .sv)
            }
        }
    }

    @Test("Page sizes in bytes, as served")
    func pageSizes() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let codePage = try await relay.writeThroughForm(clinic)
            let code = try #require(WebChecks.code(in: codePage))
            let sizes: [(String, Int)] = [
                ("GET /", try await relay.get("/").body.readableBytes),
                ("GET /c/\(clinic.slug)", try await relay.get("/c/\(clinic.slug)").body.readableBytes),
                ("POST /c/\(clinic.slug)/write (code page)", codePage.body.readableBytes),
                ("GET /return", try await relay.get("/return").body.readableBytes),
                ("POST /return (conversation, 1 message)", try await relay.submit("/return", [("code", code)]).body.readableBytes),
                ("POST /delete (confirm)", try await relay.submit("/delete", []).body.readableBytes),
                ("GET /safety", try await relay.get("/safety").body.readableBytes),
                ("GET /static/lucka.css", try await relay.get("/static/lucka.css").body.readableBytes),
            ]
            for (page, size) in sizes {
                print("web page size: \(page): \(size) bytes")
                #expect(size < 12_000, "\(page) is \(size) bytes")
            }
        }
    }

    // MARK: Codes

    @Test("A mistyped code gets its own page before anything is looked up, on every form")
    func typoBeforeLookup() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let grouped = try #require(WebChecks.code(in: try await relay.writeThroughForm(clinic)))
            // One symbol changed: the check symbol catches it.
            var symbols = Array(grouped)
            symbols[0] = symbols[0] == "A" ? "B" : "A"
            let typo = String(symbols)
            let cases: [(String, [(String, String)])] = [
                ("/return", [("code", typo)]),
                ("/reply", [("code", typo), ("text", "Mitt svar som inte får försvinna")]),
                ("/delete/confirm", [("code", typo)]),
            ]
            for (path, fields) in cases {
                for variant in [fields, fields.map { $0.0 == "code" ? ($0.0, "K7QM-0XR9") : $0 }, fields.map { $0.0 == "code" ? ($0.0, "K7QM-0XR9-WD1H-TN5B-PF4U") : $0 }] {
                    let page = try await relay.submit(path, variant)
                    #expect(page.status == .badRequest, "\(path)")
                    #expect(page.heading == WebText.swedish["typoTitle"], "\(path)")
                    WebChecks.expectPage(page, "typo \(path)", lang: .sv)
                    #expect(!page.text.contains(typo) && !page.text.contains("K7QM"), "the typed code is not echoed")
                }
            }
            // The reply's text is kept; the thread is untouched.
            let kept = try await relay.submit("/reply", [("code", typo), ("text", "Mitt svar som inte får försvinna")])
            #expect(kept.text.contains("Mitt svar som inte får försvinna"))
            let lengths = [WebText.swedish["typoChecksum"]!, WebText.swedish["typoLength"]!, WebText.swedish["typoCharacter"]!]
            #expect(try await relay.submit("/return", [("code", typo)]).text.contains(lengths[0]))
            #expect(try await relay.submit("/return", [("code", "ABCD")]).text.contains(lengths[1]))
            #expect(try await relay.submit("/return", [("code", "K7QM-0XR9-WD1H-TN5B-PF4U")]).text.contains(lengths[2]))
            let code = try ConversationCode(parsing: grouped)
            let thread = try #require(try await relay.store.thread(lookupHash: try WriterKeys(code: code).lookupHash))
            #expect(thread.messageCount == 1)
        }
    }

    @Test("Every unknown code gets the same page")
    func unknownCodes() async throws {
        try await withRelay { relay in
            _ = try await relay.makeClinic()
            let first = try await relay.submit("/return", [("code", ConversationCode.generate().grouped())])
            let second = try await relay.submit("/return", [("code", ConversationCode.generate().grouped())])
            #expect(first.status == .notFound && second.status == .notFound)
            // The same page, but for the fresh single-use token its form carries.
            func withoutToken(_ page: TestResponse) -> String {
                page.text.replacingOccurrences(of: WebChecks.formToken(in: page) ?? "-", with: "TOKEN")
            }
            #expect(withoutToken(first) == withoutToken(second))
            #expect(first.heading == WebText.swedish["unknownTitle"])
            #expect(first.text.contains("90 dagar"))
            let reply = try await relay.submit("/reply", [("code", ConversationCode.generate().grouped()), ("text", "hej")])
            #expect(reply.status == .notFound && reply.heading == WebText.swedish["unknownTitle"])
            let delete = try await relay.submit("/delete/confirm", [("code", ConversationCode.generate().grouped())])
            #expect(delete.status == .notFound && delete.heading == WebText.swedish["unknownTitle"])
        }
    }

    // MARK: Error pages

    @Test("A full clinic: 429 with Retry-After, and the text is kept")
    func clinicFull() async throws {
        try await withRelay({ $0.newThreadsPerClinicPerHour = 1 }) { relay in
            let clinic = try await relay.makeClinic()
            // The first counts in the newcomers' part of the backstop, the second in the rest.
            #expect(try await relay.writeThroughForm(clinic).status == .ok)
            #expect(try await relay.writeThroughForm(clinic).status == .ok)
            let full = try await relay.writeThroughForm(clinic, text: "Andra meddelandet")
            #expect(full.status == .tooManyRequests)
            #expect((full.retryAfter ?? 0) > 0)
            #expect(full.heading == WebText.swedish["clinicFullTitle"])
            #expect(full.text.contains(">\nAndra meddelandet</textarea>"))
            #expect(WebChecks.code(in: full) == nil)
            WebChecks.expectPage(full, "clinic full", lang: .sv)
        }
    }

    @Test("Too many replies in a day: 429, and the text is kept")
    func dailyLimit() async throws {
        try await withRelay({ $0.writerMessagesPerThreadPerDay = 1 }) { relay in
            let clinic = try await relay.makeClinic()
            let code = try #require(WebChecks.code(in: try await relay.writeThroughForm(clinic)))
            let limited = try await relay.submit("/reply", [("code", code), ("text", "En gång till")])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.heading == WebText.swedish["dailyLimitTitle"])
            #expect(limited.text.contains("En gång till"))
            #expect(!limited.text.contains(code))
        }
    }

    @Test("A message too long: 413 with the text kept; a body over the limit: 413 page")
    func tooLong() async throws {
        try await withRelay({ $0.maximumBodyBytes = 40_000 }) { relay in
            let clinic = try await relay.makeClinic()
            let long = String(repeating: "a", count: Envelope.maximumTextLength + 1)
            let page = try await relay.writeThroughForm(clinic, text: long)
            #expect(page.status == .contentTooLarge)
            #expect(page.heading == WebText.swedish["tooLongTitle"])
            #expect(page.text.contains(long))
            WebChecks.expectPage(page, "too long", lang: .sv)
            // Åäö count twice: 16 001 of them are over the limit although under 32 000 characters.
            let swedish = try await relay.writeThroughForm(clinic, text: String(repeating: "å", count: Envelope.maximumTextLength / 2 + 1))
            #expect(swedish.status == .contentTooLarge)

            let huge = try await relay.writeThroughForm(clinic, text: String(repeating: "ö", count: 20_000))
            #expect(huge.status == .contentTooLarge)
            #expect(huge.heading == WebText.swedish["tooLongTitle"])
            WebChecks.expectPage(huge, "over the body limit", lang: .sv)
            let reply = try await relay.submit("/reply?lang=en", [("code", "x"), ("text", String(repeating: "ö", count: 20_000))])
            #expect(reply.status == .contentTooLarge)
            #expect(reply.heading == WebText.english["tooLongTitle"])
        }
    }

    @Test("Empty message and no channel: 400 pages that keep the text")
    func emptyAndNoChannel() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let empty = try await relay.submit("/c/\(clinic.slug)/write", [("channel", "self"), ("text", " \r\n ")])
            #expect(empty.status == .badRequest && empty.heading == WebText.swedish["emptyTitle"])
            let noChannel = try await relay.submit("/c/\(clinic.slug)/write", [("text", "Vem är jag?")])
            #expect(noChannel.status == .badRequest && noChannel.heading == WebText.swedish["channelTitle"])
            #expect(noChannel.text.contains("Vem är jag?"))
        }
    }

    @Test("Several clinics are grouped by county, each with its municipalities")
    func startGroupsByCounty() async throws {
        try await withRelay { relay in
            let jonkoping = try await relay.makeClinic("kast-jonkoping")
            var jamtland = try await relay.makeClinic("kast-jamtland")
            jamtland.profile.region = "Jämtlands län"
            jamtland.profile.name = "KAST Jämtland"
            jamtland.profile.municipalities = ["Östersund", "Krokom"]
            try await relay.store.updateProfile(clinic: jamtland.slug, profile: try SignedProfile.sign(jamtland.profile, with: jamtland.signingKey))
            let start = try await relay.get("/?lang=en")
            WebChecks.expectPage(start, "grouped start", lang: .en)
            #expect(WebChecks.matches(of: "<h3>(.*?)</h3>", in: start.text) == ["Jämtlands län", "Jönköpings län"])
            // The names exist only in Swedish, and the English page says so (WCAG 3.1.2).
            #expect(WebChecks.matches(of: #"<h4 lang="sv">(.*?)</h4>"#, in: start.text) == ["KAST Jämtland", jonkoping.profile.name])
            #expect(start.text.contains("Östersund, Krokom"))
            #expect(start.text.contains("href=\"/c/kast-jamtland?channel=relative&amp;lang=en\""))
        }
    }

    @Test("A channel the clinic does not offer is neither shown nor accepted")
    func channelsLimited() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic(channels: [.relative])
            let page = try await relay.get("/c/\(clinic.slug)")
            #expect(page.text.contains(#"value="relative" required checked"#))
            #expect(!page.text.contains(#"value="self""#) && !page.text.contains(#"value="professional""#))
            let start = try await relay.get("/")
            #expect(!start.text.contains("channel=self"))
            let refused = try await relay.writeThroughForm(clinic, channel: .self)
            #expect(refused.status == .badRequest && refused.heading == WebText.swedish["channelTitle"])
        }
    }

    @Test("Unknown clinic and unknown page: calm 404 pages; the API keeps its JSON")
    func notFound() async throws {
        try await withRelay { relay in
            let clinic = try await relay.get("/c/nowhere")
            #expect(clinic.status == .notFound && clinic.heading == WebText.swedish["unknownClinicTitle"])
            let written = try await relay.submit("/c/nowhere/write", [("channel", "self"), ("text", "hej")])
            #expect(written.status == .notFound && written.heading == WebText.swedish["unknownClinicTitle"])
            let page = try await relay.get("/no/such/page?lang=en")
            #expect(page.status == .notFound && page.heading == WebText.english["notFoundTitle"])
            WebChecks.expectPage(page, "404", lang: .en)
            // The API, and clients that do not ask for HTML, get JSON as before.
            let api = try await relay.send(.get, "/v1/clinics/nowhere", headers: browserHeaders())
            #expect(api.errorCode == "unknown_clinic")
            #expect(try await relay.send(.get, "/no/such/page").errorCode == "not_found")
        }
    }

    @Test("Relay under load: a calm 503 page with Retry-After")
    func underLoad() async throws {
        try await withRelay({ $0.maximumConcurrentRequests = 0 }) { relay in
            // No page can be fetched for a token: the form is sent with the one it had.
            for response in [try await relay.get("/"), try await relay.submit("/return", [("form", String(repeating: "0", count: 80)), ("code", "x")])] {
                #expect(response.status == .serviceUnavailable)
                #expect(response.heading == WebText.swedish["busyTitle"])
                #expect(response.retryAfter != nil)
                WebChecks.expectPage(response, "503", lang: .sv)
            }
            #expect(try await relay.send(.get, "/healthz").errorCode == "overloaded")
        }
    }

    @Test("A clinic whose profile does not verify is not shown and takes no messages")
    func unverifiedClinic() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let code = try #require(WebChecks.code(in: try await relay.writeThroughForm(clinic)))
            // The relay's copy of the profile is signed by someone else.
            try await relay.store.updateProfile(clinic: clinic.slug, profile: try SignedProfile.sign(clinic.profile, with: try SigningKeyPair.generate()))
            for page in [
                try await relay.get("/c/\(clinic.slug)"), try await relay.writeThroughForm(clinic),
                try await relay.submit("/return", [("code", code)]),
            ] {
                #expect(page.status == .internalServerError)
                #expect(page.heading == WebText.swedish["unverifiedTitle"])
                WebChecks.expectPage(page, "unverified", lang: .sv)
            }
            #expect(!(try await relay.get("/")).text.contains("/c/\(clinic.slug)"))
        }
    }

    @Test("A message that does not open, or a dropped message, is stated plainly")
    func problemsStated() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let grouped = try #require(WebChecks.code(in: try await relay.writeThroughForm(clinic, text: "ett")))
            _ = try await relay.submit("/reply", [("code", grouped), ("text", "två")])
            _ = try await relay.submit("/reply", [("code", grouped), ("text", "tre")])
            let writer = try Writer.from(try ConversationCode(parsing: grouped))
            let thread = try #require(try await relay.store.thread(lookupHash: writer.keys.lookupHash))
            // A reply sealed with a key the clinic never certified does not open.
            let forged = try MessageBox.seal(Envelope(author: .clinic, counsellorName: "X", text: "falskt"), from: try BoxKeyPair.generate().secretKey, to: writer.publicKey)
            _ = try await relay.store.append(NewMessage(thread: thread.id, author: .clinic, epoch: 1, ciphertext: forged, today: .today(), expires: .today()), dailyLimit: .max)
            let page = try await relay.submit("/return", [("code", grouped)])
            #expect(page.status == .ok)
            #expect(page.text.contains(WebText.swedish["problemHeading"]!))
            #expect(page.text.contains(WebText.swedish["problemUnopened"]!))
            #expect(page.text.contains(WebText.swedish["notOpened"]!))
            #expect(!page.text.contains("falskt"))
        }
    }

    // MARK: Safety

    @Test("Posts from another site are refused with a calm 403; our own posts pass")
    func originChecked() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let fields = [("channel", "self"), ("text", "hej")]
            let foreign = try await relay.submit("/c/\(clinic.slug)/write", fields, headers: browserHeaders(form: true, origin: "https://evil.example"))
            #expect(foreign.status == .forbidden)
            #expect(foreign.heading == WebText.swedish["originTitle"])
            WebChecks.expectPage(foreign, "403", lang: .sv)
            var crossSite = browserHeaders(form: true, origin: nil)
            crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            #expect(try await relay.submit("/c/\(clinic.slug)/write", fields, headers: crossSite).status == .forbidden)
            for path in ["/return", "/reply", "/delete", "/delete/confirm"] {
                let refused = try await relay.submit(path + "?lang=en", [("code", "x")], headers: browserHeaders(form: true, origin: "http://localhost.evil.example"))
                #expect(refused.status == .forbidden && refused.heading == WebText.english["originTitle"], "\(path)")
            }
            #expect(try await relay.store.threadCounts().isEmpty, "nothing was written")

            // Same host, no Origin, Origin: null (sent under Referrer-Policy no-referrer), same-origin fetch.
            var sameOrigin = browserHeaders(form: true, origin: "null")
            sameOrigin[HTTPField.Name("Sec-Fetch-Site")!] = "same-origin"
            for headers in [browserHeaders(form: true), browserHeaders(form: true, origin: nil), sameOrigin] {
                #expect(try await relay.submit("/c/\(clinic.slug)/write", fields, headers: headers).status == .ok)
            }
        }
    }

    @Test("Origin and Host comparison")
    func originMatching() {
        #expect(WebOriginCheck.matches(origin: "http://localhost", host: "localhost"))
        #expect(WebOriginCheck.matches(origin: "http://127.0.0.1:8080", host: "127.0.0.1:8080"))
        #expect(WebOriginCheck.matches(origin: "https://lucka.example", host: "lucka.example:443"))
        #expect(WebOriginCheck.matches(origin: "http://[::1]:8080", host: "[::1]:8080"))
        #expect(WebOriginCheck.matches(origin: "http://abc.onion", host: "ABC.onion"))
        #expect(!WebOriginCheck.matches(origin: "http://127.0.0.1:8081", host: "127.0.0.1:8080"))
        #expect(!WebOriginCheck.matches(origin: "https://lucka.example", host: "lucka.example:80"))
        #expect(!WebOriginCheck.matches(origin: "http://evil.example", host: "lucka.example"))
        #expect(!WebOriginCheck.matches(origin: "http://lucka.example.evil", host: "lucka.example"))
        #expect(!WebOriginCheck.matches(origin: "ftp://lucka.example", host: "lucka.example"))
        #expect(!WebOriginCheck.matches(origin: "http://user@lucka.example", host: "lucka.example"))
    }

    @Test("Unreadable forms get a 400 page: bad UTF-8, bad escapes, another content type, too many fields")
    func unreadableForms() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let bodies: [(String, [UInt8], String)] = [
                ("bad UTF-8", Array("channel=self&text=".utf8) + [0xC3, 0x28], "application/x-www-form-urlencoded"),
                ("bad UTF-8 escaped", Array("channel=self&text=%C3%28".utf8), "application/x-www-form-urlencoded"),
                ("bad escape", Array("channel=self&text=%G1".utf8), "application/x-www-form-urlencoded"),
                ("cut escape", Array("channel=self&text=a%4".utf8), "application/x-www-form-urlencoded"),
                ("JSON", Array(#"{"text":"hej"}"#.utf8), "application/json"),
                ("multipart", Array("--x\r\n".utf8), "multipart/form-data; boundary=x"),
                ("too many fields", Array((0..<40).map { "f\($0)=1" }.joined(separator: "&").utf8), "application/x-www-form-urlencoded"),
            ]
            for (label, body, type) in bodies {
                var headers = browserHeaders(form: true)
                headers[.contentType] = type
                let page = try await relay.send(.post, "/c/\(clinic.slug)/write", body: body, headers: headers)
                #expect(page.status == .badRequest, "\(label)")
                #expect(page.heading == WebText.swedish["badFormTitle"], "\(label)")
                WebChecks.expectPage(page, label, lang: .sv)
            }
            #expect(try await relay.store.threadCounts().isEmpty)
        }
    }

    @Test("HTML in a message, a counsellor's name or the clinic's profile is shown as text")
    func escaping() async throws {
        try await withRelay { relay in
            var clinic = try await relay.makeClinic()
            clinic.profile.name = #"<b>Klinik</b> "&" 'x'"#
            clinic.profile.about = "<script>alert(1)</script>"
            try await relay.store.updateProfile(clinic: clinic.slug, profile: try SignedProfile.sign(clinic.profile, with: clinic.signingKey))
            let clinicPage = try await relay.get("/c/\(clinic.slug)")
            #expect(clinicPage.text.contains("&lt;b&gt;Klinik&lt;/b&gt; &quot;&amp;&quot; &#39;x&#39;"))
            #expect(clinicPage.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!clinicPage.text.contains("<b>Klinik"))
            let start = try await relay.get("/")
            #expect(!start.text.contains("<b>Klinik"))

            let hostile = #"<script>alert("x")</script><img src=x onerror=alert(1)> & </textarea><p>"#
            let codePage = try await relay.writeThroughForm(clinic, text: hostile)
            let grouped = try #require(WebChecks.code(in: codePage))
            #expect(!codePage.text.contains("<b>Klinik"))
            let counsellor = try await relay.addActive("<i>Kim</i>", in: clinic)
            let writer = try Writer.from(try ConversationCode(parsing: grouped))
            let handle = try await relay.handle(of: writer, as: counsellor)
            _ = try await relay.reply(to: handle, writerKey: writer.publicKey, in: clinic, as: counsellor, text: "</p><a href=\"https://evil.example\">klicka</a>")
            let page = try await relay.submit("/return", [("code", grouped)])
            #expect(page.text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;/textarea&gt;&lt;p&gt;"))
            #expect(page.text.contains("&lt;i&gt;Kim&lt;/i&gt;"))
            #expect(page.text.contains("&lt;/p&gt;&lt;a href=&quot;https://evil.example&quot;&gt;klicka&lt;/a&gt;"))
            WebChecks.expectPage(page, "escaped", lang: .sv)
            // Kept text in a textarea cannot close it either.
            let again = try await relay.submit("/reply", [("code", "x"), ("text", hostile)])
            #expect(again.text.contains("&lt;/textarea&gt;"))
            #expect(WebChecks.matches(of: "</textarea>", in: again.text).count == 1)
        }
    }

    @Test("Form parsing: plus, escapes, the first of two values, bytes kept for the code")
    func formParsing() throws {
        let form = try WebForm.parse(Array("a=1+2%2B3&b=%C3%A5&a=second&empty=&bare".utf8))
        #expect(form.text("a") == "1 2+3")
        #expect(form.text("b") == "å")
        #expect(form.text("empty") == "")
        #expect(form.text("bare") == "")
        #expect(form.text("missing") == nil)
        #expect(form.bytes("b") == [0xC3, 0xA5])
        #expect(throws: WebForm.WebFormError.self) { try WebForm.parse(Array("a=%".utf8)) }
    }
}

extension Writer {
    /// The writer who holds `code` (the fixture's Writer makes a fresh code itself).
    static func from(_ code: ConversationCode) throws -> WriterFromCode { try WriterFromCode(code: code) }
}

/// A writer known by a code the web pages made, for the fixture's staff helpers.
struct WriterFromCode: Sendable {
    let keys: WriterKeys
    init(code: ConversationCode) throws { keys = try WriterKeys(code: code) }
    var publicKey: [UInt8] { keys.boxKeyPair.publicKey }
}

extension Harness {
    func handle(of writer: WriterFromCode, as member: StaffIdentity) async throws -> String {
        let response = try await staff(.get, "/v1/staff/inbox?limit=200", as: member)
        try #require(response.status == .ok, "inbox: \(response.status) \(response.text)")
        let page = try response.decode(InboxPage.self)
        return try #require(page.threads.first { $0.writerKey.bytes == writer.publicKey }?.handle)
    }
}
