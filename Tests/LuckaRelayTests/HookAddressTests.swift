import Foundation
import Logging
import LuckaCore
@testable import LuckaRelay
import Testing

/// Issue 20, item 3: a web hook reaches public addresses only, checked after DNS, unless
/// the operator allow-lists an address; a refused hook is logged without its URL.
@Suite("Hook addresses", .serialized)
struct HookAddressTests {
    static func bytes(_ text: String) -> [UInt8] { HookAddressPolicy.bytes(of: text)! }

    @Test("Non-public addresses are refused, IPv4-mapped forms too; public ones pass", arguments: [
        "127.0.0.1", "127.255.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "100.127.255.255", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
    ])
    func refused(_ address: String) {
        #expect(!HookAddressPolicy(allowed: []).permits(Self.bytes(address)))
    }

    @Test(arguments: ["93.184.215.14", "8.8.8.8", "100.128.0.1", "172.32.0.1", "2a00:1450:4001::1", "::ffff:8.8.8.8"])
    func permitted(_ address: String) {
        #expect(HookAddressPolicy(allowed: []).permits(Self.bytes(address)))
    }

    @Test("The allow-list opens exactly its addresses and ranges")
    func allowList() {
        let policy = HookAddressPolicy(allowed: ["127.0.0.1", "10.1.2.0/24", "fd00::/8"])
        #expect(policy.permits(Self.bytes("127.0.0.1")))
        #expect(policy.permits(Self.bytes("::ffff:127.0.0.1")))
        #expect(!policy.permits(Self.bytes("127.0.0.2")))
        #expect(policy.permits(Self.bytes("10.1.2.200")))
        #expect(!policy.permits(Self.bytes("10.1.3.1")))
        #expect(policy.permits(Self.bytes("fd12::1")))
        #expect(!policy.permits(Self.bytes("fc00::1")))
        #expect(HookAddressPolicy.Range("10.0.0.0/33") == nil && HookAddressPolicy.Range("kommun.example") == nil)
    }

    @Test("A name that resolves to loopback is refused after resolution")
    func nameResolvingToLoopback() async {
        await #expect(throws: HookAddressPolicy.Refusal.self) {
            try await HookAddressPolicy(allowed: []).checkedAddress(host: "localhost", port: 443)
        }
        let allowed = HookAddressPolicy(allowed: ["127.0.0.1", "::1"])
        let address = try? await allowed.checkedAddress(host: "localhost", port: 443)
        #expect(address == "127.0.0.1" || address == "::1")
    }

    @Test("A hook to 127.0.0.1 is refused and logged without its URL; allow-listed, it is delivered")
    func loopbackHook() async throws {
        let server = try HookServer()
        defer { server.stop() }
        let url = "https://127.0.0.1:\(server.port)/secret-\(Random.bytes(4).hex)"
        var configuration = RelayConfiguration()
        configuration.hookTrustRootsFile = server.certificate
        configuration.noticeTimeoutSeconds = 5
        let log = RecordingLog()
        let refused = NoticeSender(configuration: configuration, logger: log.logger)
        #expect(await refused.deliver(body: "x", subject: "s", to: url, index: 3) == false)
        #expect(server.received == 0)
        #expect(log.all.contains { $0.contains("non-public address") && $0.contains("3") })
        #expect(!log.all.contains { $0.contains("secret") || $0.contains("127.0.0.1") || $0.contains(String(server.port)) })

        configuration.allowedHookAddresses = ["127.0.0.1"]
        let allowed = NoticeSender(configuration: configuration, logger: log.logger)
        #expect(await allowed.deliver(body: "x", subject: "s", to: url, index: 3))
        #expect(server.received == 1)
    }
}
