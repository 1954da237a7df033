import Foundation
@testable import LuckaClient
import LuckaCore
import Testing

extension LiveClinic {
    /// Founds a clinic whose signed profile is `profile` (its slug names the clinic).
    static func found(on relay: RelayProcess, profile: ClinicProfile) async throws -> LiveClinic {
        let created = try run("lucka-relay", ["clinic", "create", profile.slug, "--data-dir", relay.dataDirectory, "--json"])
        guard created.status == 0 else { throw RelayProcessError(message: "clinic create failed: \(created.error)") }
        let invitation = try JSONDecoder().decode(Invitation.self, from: Data(created.output.utf8))
        let keys = try StaffKeys.generate()
        let (_, fingerprint) = try await StaffSession.enrol(
            relay: relay.client, keys: keys, token: invitation.token, displayName: "Anna Admin", founding: profile)
        return LiveClinic(
            slug: profile.slug, admin: StaffSession(relay: relay.client, keys: keys, pin: fingerprint), fingerprint: fingerprint!)
    }
}

/// A live relay with a founded clinic and one real conversation, for throwing bad input
/// at: after each group of attacks, `expectStillServing` checks that a normal writer and
/// the health check are answered as before.
struct HostileTarget {
    let relay: RelayProcess
    let clinic: LiveClinic
    let conversation: WriterConversation
    let code: ConversationCode
    /// Messages in the conversation; nothing an attack sends may change it.
    let messageCount: Int

    var port: Int { RawHTTP.port(of: relay.url) }

    static func start(environment: [String: String] = [:]) async throws -> HostileTarget {
        let relay = try RelayProcess(workspace: RelayProcess.workspace(), environment: environment)
        let clinic = try await LiveClinic.found(on: relay)
        let (code, conversation) = try await WriterConversation.start(
            relay: relay.client, clinic: clinic.slug, channel: .self, text: "Hej, en riktig fråga.", pin: clinic.fingerprint)
        _ = try await conversation.reply("Och en till.")
        return HostileTarget(relay: relay, clinic: clinic, conversation: conversation, code: code, messageCount: 2)
    }

    /// The real conversation still reads whole, nothing was added, and /healthz answers.
    func expectStillServing(after group: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        #expect(relay.process.isRunning, "the relay died after \(group)", sourceLocation: sourceLocation)
        // Bad input is the client's problem: nothing at error level, which operators watch.
        let alarms = relay.log().split(separator: "\n").filter { $0.contains(" error ") || $0.contains(" critical ") }
        #expect(alarms.isEmpty, "the relay logged after \(group): \(alarms.prefix(3))", sourceLocation: sourceLocation)
        let health = RawHTTP.exchange(port, RawHTTP.request("GET", "/healthz", headers: [("Connection", "close")]))
        #expect(
            health?.status == 200 && health?.text == "ok\n", "healthz after \(group): \(health?.head ?? "no answer")",
            sourceLocation: sourceLocation)
        do {
            let thread = try await RelayClient(baseURL: relay.url, timeoutSeconds: 10).readThread(
                lookupToken: conversation.keys.lookupToken.copyBytes())
            let opened = conversation.open(thread)
            #expect(
                opened.isIntact && thread.messages.count == messageCount, "the conversation changed after \(group)",
                sourceLocation: sourceLocation)
        } catch {
            Issue.record("a writer's read failed after \(group): \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Staff inbox size: attacks must not open threads.
    func threadCount() async throws -> Int {
        try await clinic.admin.inbox(limit: 200).threads.count
    }

    /// A request signed by the clinic's admin, for sending raw (the signature covers
    /// exactly `target` and `body`, so the relay gets past authentication to the handler).
    func signed(_ method: String, _ target: String, body: [UInt8] = [], headers: [(String, String)] = []) throws -> [UInt8] {
        let signature = try SignedRequest.sign(method: method, path: target, body: body, with: clinic.admin.keys.signing)
        return RawHTTP.request(
            method, target,
            headers: [("Accept", "application/json"), ("Content-Type", "application/json"), ("Connection", "close")]
                + signature.headers + headers,
            body: body)
    }

    /// A real, well-formed post body for the conversation, for cutting short or tampering with.
    func validPostBody(text: String = "ett meddelande") throws -> [UInt8] {
        let sealed = try WriterConversation.seal(
            text: text, previous: nil, keys: conversation.keys, to: conversation.clinic.current.publicKey)
        let request = PostMessageRequest(
            lookupToken: conversation.keys.lookupToken.copyBytes(), writerKey: conversation.keys.boxKeyPair.publicKey,
            epoch: conversation.clinic.current.epoch, message: sealed)
        return Array(try JSONEncoder().encode(request))
    }
}

/// A 4xx answer from the API: JSON with an `error` code and a `message`, no stack or SQL.
func expectAPIError(
    _ response: RawResponse?, _ what: String, status: Set<Int>? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let response else {
        Issue.record("\(what): no answer", sourceLocation: sourceLocation)
        return
    }
    let allowed = status ?? Set(400..<500)
    #expect(
        allowed.contains(response.status), "\(what): answered \(response.status) \(response.text.prefix(200))",
        sourceLocation: sourceLocation)
    let body = try? JSONDecoder().decode(APIErrorBody.self, from: Data(response.body))
    #expect(
        body != nil && response.header("Content-Type")?.hasPrefix("application/json") == true,
        "\(what): not a JSON error: \(response.text.prefix(200))", sourceLocation: sourceLocation)
    expectNothingLeaked(response, what, sourceLocation: sourceLocation)
}

/// A 4xx answer for a browser: a whole HTML page, calm, with no technical detail.
func expectErrorPage(
    _ response: RawResponse?, _ what: String, status: Set<Int>? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let response else {
        Issue.record("\(what): no answer", sourceLocation: sourceLocation)
        return
    }
    let allowed = status ?? Set(400..<500)
    #expect(allowed.contains(response.status), "\(what): answered \(response.status)", sourceLocation: sourceLocation)
    #expect(
        response.header("Content-Type")?.hasPrefix("text/html") == true && response.text.contains("</html>"),
        "\(what): not an HTML page: \(response.text.prefix(200))", sourceLocation: sourceLocation)
    expectNothingLeaked(response, what, sourceLocation: sourceLocation)
}

/// Either a 4xx (any body), or the relay closed the connection without an answer:
/// what framing errors get, since they never reach the router.
func expectRefusedOrClosed(_ response: RawResponse?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let response else { return }
    #expect((400..<500).contains(response.status), "\(what): answered \(response.status)", sourceLocation: sourceLocation)
    expectNothingLeaked(response, what, sourceLocation: sourceLocation)
}

/// Words that would mean an internal detail (SQL, a file, a Swift error) reached the answer.
func expectNothingLeaked(_ response: RawResponse, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let text = response.text.lowercased()
    // Not SQL keywords themselves: a form that failed gives the person's own text back.
    for word in ["sqlite", "grdb", "syntax error", "root:x:", "fatal error", "decodingerror", "/work/", ".swift"] {
        #expect(!text.contains(word), "\(what): the answer mentions \(word)", sourceLocation: sourceLocation)
    }
}

/// Percent-encodes everything but unreserved characters (for query strings and forms).
func percentEncoded(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
}
