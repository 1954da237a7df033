import Foundation
import Testing

/// Issue 15: a relay that faces the public says loudly which of the facts a Swedish public
/// body must publish are missing; the demo fills them with demo text.
@Suite("The operator's facts for the privacy notice and accessibility statement")
struct PublicFactsTests {
    @Test("Facing the public without the facts: a loud warning naming each missing one; with them: none")
    func warning() async throws {
        let workspace = RelayProcess.workspace()
        let bare = try RelayProcess(workspace: workspace, extraArguments: ["--tor-port", String(Abuse.freePort())])
        bare.stop()
        let log = bare.log()
        #expect(log.contains("WARNING: the privacy notice (/privacy) and the accessibility statement (/accessibility)"))
        for key in ["privacy-controller", "privacy-contact", "privacy-dpo", "accessibility-status", "accessibility-contact", "accessibility-reviewed"] {
            #expect(log.contains(key), "the warning names \(key)")
        }

        let second = RelayProcess.workspace()
        let filled = try RelayProcess(
            workspace: second, extraArguments: ["--tor-port", String(Abuse.freePort())], environment: BrowserTests.facts)
        let page = try #require(RawHTTP.page(RawHTTP.port(of: filled.url), "GET", "/privacy"))
        filled.stop()
        #expect(!filled.log().contains("WARNING"))
        #expect(page.text.contains("Socialnämnden i Testköpings kommun") && page.text.contains("dataskyddsombud@testkoping.example"))

        // A wrong value is refused with a reason, before anything starts.
        let wrong = try run("lucka-relay", ["serve", "--data-dir", second + "/data", "--port", "0"], environment: ["LUCKA_ACCESSIBILITY_STATUS": "mostly"])
        #expect(wrong.status == 64 && wrong.error.contains("accessibility-status must be full, partial or none"))
    }

    @Test("The demo's pages carry demo facts, clearly marked")
    func demo() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace, extraArguments: ["--demo"])
        defer { relay.stop() }
        let port = RawHTTP.port(of: relay.url)
        let privacy = try #require(RawHTTP.page(port, "GET", "/privacy"))
        #expect(privacy.status == 200 && privacy.text.contains("Demokommunen"))
        let clinic = try #require(RawHTTP.page(port, "GET", "/c/demo?lang=en"))
        #expect(clinic.text.contains("We who work here are bound by confidentiality"))
    }
}
