import Foundation
import HTTPTypes
import LuckaCore
@testable import LuckaRelay
import Testing

/// Issue 20, item 1: a flood of form posts must not make an old code form good again, and
/// the forms that carry or reveal a conversation live minutes, not a day.
@Suite("Form tokens under flood")
struct FormTokenFloodTests {
    @Test("A full spent set fails closed: a token that may have been forgotten is unknown, never fresh again")
    func fullSetFailsClosed() {
        let tokens = FormTokens(lifetimeSeconds: 86_400, conversationSeconds: 900, maximumSpent: 4)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let old = tokens.issue(now: start)
        #expect(tokens.spend(old, now: start) == .fresh)
        for second in 1...20 {
            let now = start.addingTimeInterval(Double(second))
            _ = tokens.spend(tokens.issue(now: now), now: now)
            #expect(tokens.spentCount <= 4)
        }
        #expect(tokens.spend(old, now: start.addingTimeInterval(21)) == .unknown)
        // Tokens newer than anything forgotten are still good once.
        let later = start.addingTimeInterval(30)
        let fresh = tokens.issue(now: later)
        #expect(tokens.spend(fresh, now: later) == .fresh)
        #expect(tokens.spend(fresh, now: later) == .spent)
    }

    @Test("Conversation forms live minutes; the writing form keeps the long life")
    func lifetimes() {
        let tokens = FormTokens(lifetimeSeconds: 86_400, conversationSeconds: 900)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let code = tokens.issue(.conversation, now: now)
        let writing = tokens.issue(.typedText, now: now)
        #expect(tokens.spend(code, now: now.addingTimeInterval(901)) == .unknown)
        #expect(tokens.spend(writing, now: now.addingTimeInterval(901)) == .fresh)
        #expect(EnterCodePage.formLife == .conversation)
        #expect(CodePage.formLife == .conversation)
        #expect(ReplyAgainPage.formLife == .conversation)
        #expect(WebPage(SafetyPage(), .sv, title: "").formLife == .conversation)
        #expect(ClinicPage.formLife == .typedText && WriteAgainPage.formLife == .typedText)
        #expect(RelayConfiguration().conversationFormSeconds == 900)
    }

    @Test("Flood, then Back and Reload on an old code form: the page asks for the code and shows nothing of the conversation")
    func floodThenReplay() async throws {
        try await withRelay({ $0.maximumSpentFormTokens = 4 }) { relay in
            let clinic = try await relay.makeClinic()
            let code = try #require(WebChecks.code(in: try await relay.writeThroughForm(clinic, text: "Hemlig text")))
            let read = [("lang", "sv"), ("form", try await relay.formToken()), ("code", code)]
            #expect(try await relay.submit("/return", read).text.contains("Hemlig text"))
            // Someone posts many forms.
            for _ in 0..<12 { _ = try await relay.submit("/return", [("lang", "sv"), ("code", "")]) }
            let replay = try await relay.submit("/return", read)
            #expect(!replay.text.contains("Hemlig text"))
            #expect(replay.status == .badRequest)
            #expect(replay.heading == "Sidan hade varit öppen länge")
            #expect(replay.text.contains("Skriv in din kod igen"))
            #expect(WebChecks.formToken(in: replay) != nil)
        }
    }
}
