import Foundation
import LuckaCore
import Testing

/// Issue 20, finding 1: many cheap sources against one clinic, on the real `lucka-relay`
/// with its default budgets (the clinic's daily bytes lowered, so that part drains too):
/// 220 Tor circuits and 220 loopback addresses each start six conversations of 32 KiB of
/// junk. Afterwards a writer in an answered conversation goes on writing, and a new writer
/// on a fresh circuit and one on a fresh address each get a code, through the API and the
/// web form, on the first try.
@Suite("Many sources against the clinic's backstops, real executables", .serialized)
struct ManySourcesTests {
    static let slug = AbuseTests.slug

    @Test("220 circuits and 220 addresses drain the backstops; newcomers and a writer in a conversation are still served")
    func manySources() async throws {
        let workspace = RelayProcess.workspace()
        let (relay, torPort) = try AbuseTests.relay(workspace, extra: ["LUCKA_STORAGE_BYTES_PER_CLINIC_PER_DAY": String(16 * 1024 * 1024)])
        defer { relay.stop() }
        let (anna, _) = try StaffToolTests.foundClinic(relay, workspace)
        let port = RawHTTP.port(of: relay.url)
        let clinic = try Abuse.clinic(port, slug: Self.slug)

        // A writer the clinic has answered, before the flood.
        let answered = try Abuse.genuineThread(clinic, text: "Jag skrev innan floden.")
        #expect(RawHTTP.json(port, "POST", "/v1/threads", body: answered.body, source: "127.0.1.250")?.status == 201)
        let handle = try #require(try anna.json([InboxRow].self, ["inbox"]).first?.handle)
        _ = try anna.ok(["reply", handle], stdin: "Vi finns här. Skriv gärna igen.\n")

        // The flood: six conversations of 32 KiB junk from each of 440 sources.
        let largest = MessageBox.sealedLengths.last!
        let tor = Tally()
        let web = Tally()
        let next = Counter()
        let started = Date()
        let workers = Abuse.flood(seconds: 300, threads: 4, tally: Tally()) {
            let index = next.next()
            guard index < 2 * 220 else { return nil }
            let source = index % 220
            for _ in 0..<6 {
                let body = (try? Abuse.junkThread(clinic, size: largest)) ?? []
                if index < 220 {
                    tor.record(RawHTTP.json(torPort, "POST", "/v1/threads", body: body, proxyLine: Abuse.torLine(circuit: UInt32(1000 + source))))
                } else {
                    web.record(RawHTTP.json(port, "POST", "/v1/threads", body: body, source: "127.0.0.\(source + 2)"))
                }
            }
            return .some(nil)
        }
        await Abuse.join(workers)
        let seconds = Date().timeIntervalSince(started)
        print("many sources: 220 circuits \(tor.description); 220 addresses \(web.description); in \(String(format: "%.1f", seconds)) s")
        for tally in [tor, web] {
            #expect(tally.total == 1320)
            #expect(tally.counts.keys.allSatisfy { [201, 429].contains($0) }, "\(tally.description)")
            #expect((tally.counts[429] ?? 0) > 0, "the backstop was never reached: \(tally.description)")
            #expect(tally.missingRetryAfter == 0)
        }

        // The writer in a conversation goes on, though the clinic's parts for others are spent.
        let keys = try WriterKeys(code: answered.code)
        let sealed = try MessageBox.seal(Envelope(author: .writer, text: "Tack för svaret."), from: keys.boxKeyPair.secretKey, to: clinic.current.publicKey)
        let post = PostMessageRequest(lookupToken: keys.lookupToken.copyBytes(), writerKey: keys.boxKeyPair.publicKey, epoch: clinic.current.epoch, message: sealed)
        let posted = RawHTTP.json(port, "POST", "/v1/threads/messages", body: Array(try JSONEncoder().encode(post)), source: "127.0.1.250")
        #expect(posted?.status == 201, "writer in a conversation: \(posted?.status ?? 0) \(posted?.text ?? "")")

        // Newcomers: a fresh circuit and a fresh address, through the API and the web form.
        let onionAPI = RawHTTP.json(
            torPort, "POST", "/v1/threads", body: try Abuse.genuineThread(clinic, text: "Ny, genom Tor.").body, proxyLine: Abuse.torLine(circuit: 9001))
        #expect(onionAPI?.status == 201, "fresh circuit, API: \(onionAPI?.status ?? 0) \(onionAPI?.text ?? "")")
        let onionWeb = try Self.writeOnWeb(torPort, proxyLine: Abuse.torLine(circuit: 9002))
        #expect(onionWeb.status == 200 && onionWeb.hasCode, "fresh circuit, web form: \(onionWeb.status)")
        let addressAPI = RawHTTP.json(port, "POST", "/v1/threads", body: try Abuse.genuineThread(clinic, text: "Ny, på webben.").body, source: "127.0.1.2")
        #expect(addressAPI?.status == 201, "fresh address, API: \(addressAPI?.status ?? 0) \(addressAPI?.text ?? "")")
        let addressWeb = try Self.writeOnWeb(port, source: "127.0.1.3")
        #expect(addressWeb.status == 200 && addressWeb.hasCode, "fresh address, web form: \(addressWeb.status)")

        // The counsellor reads the answered conversation's new message.
        let read = try anna.ok(["read", handle])
        #expect(read.contains("Tack för svaret."), "\(read)")
        #expect(!relay.log().contains("127.0.0.") && !relay.log().contains("127.0.1."))
    }

    /// The web form, as a browser on `source` (or behind tor's `proxyLine`) sends it.
    static func writeOnWeb(_ port: Int, source: String? = nil, proxyLine: String? = nil) throws -> (status: Int, hasCode: Bool) {
        func send(_ method: String, _ path: String, form: [UInt8] = []) -> RawResponse? {
            var headers = [("Accept", "text/html"), ("Connection", "close")]
            if !form.isEmpty { headers += [("Content-Type", "application/x-www-form-urlencoded"), ("Sec-Fetch-Site", "same-origin")] }
            return RawHTTP.exchange(
                port, Array((proxyLine.map { $0 + "\r\n" } ?? "").utf8) + RawHTTP.request(method, path, headers: headers, body: form), source: source)
        }
        let page = try #require(send("GET", "/c/\(slug)?channel=self"))
        let token = try #require(RawHTTP.formToken(in: page.text))
        let written = try #require(send(
            "POST", "/c/\(slug)/write",
            form: RawHTTP.form([("lang", "sv"), ("form", token), ("channel", "self"), ("text", "Jag vill prata med någon.")])))
        let code = written.text.range(of: #"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"#, options: .regularExpression)
        return (written.status, code != nil)
    }
}
