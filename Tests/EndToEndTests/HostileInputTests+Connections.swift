import Foundation
import Spawn
@testable import LuckaClient
import LuckaCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Connections that stop half way, never speak, trickle, or use up every file descriptor.
extension HostileInputTests {
    /// Idle connections held open at once (env LUCKA_HOSTILE_IDLE_CONNECTIONS), within
    /// what this process may open.
    static var idleConnections: Int {
        let wanted = ProcessInfo.processInfo.environment["LUCKA_HOSTILE_IDLE_CONNECTIONS"].flatMap(Int.init) ?? 2_000
        return min(wanted, Int(fileDescriptorLimit().soft) - 300)
    }

    @Test func requestsThatEndMidBodyStoreNothing() async throws {
        let target = try await HostileTarget.start()
        let port = target.port
        let post = try target.validPostBody()
        let keys = target.conversation.keys
        let create = Array(
            try JSONEncoder().encode(
                CreateThreadRequest(
                    clinic: "kast-test", channel: .self, writerKey: keys.boxKeyPair.publicKey, lookupToken: Random.bytes(32),
                    epoch: 1,
                    message: try WriterConversation.seal(
                        text: "never", previous: nil, keys: keys, to: target.conversation.clinic.current.publicKey))))
        let form = Array("channel=self&text=\(String(repeating: "a", count: 900))".utf8)
        let json = [("Content-Type", "application/json"), ("Accept", "application/json")]
        let cut: [(String, [UInt8])] = [
            (
                "post",
                RawHTTP.request(
                    "POST", "/v1/threads/messages", headers: json, body: Array(post.prefix(100)), contentLength: post.count)
            ),
            (
                "post, 1000 claimed",
                RawHTTP.request("POST", "/v1/threads/messages", headers: json, body: Array(post.prefix(100)), contentLength: 1000)
            ),
            (
                "create",
                RawHTTP.request(
                    "POST", "/v1/threads", headers: json, body: Array(create.prefix(create.count - 1)),
                    contentLength: create.count)
            ),
            (
                "chunked create",
                RawHTTP.request(
                    "POST", "/v1/threads", headers: json + [("Transfer-Encoding", "chunked")],
                    body: Array(RawHTTP.chunked(create).dropLast(5)))
            ),
            (
                "web form",
                RawHTTP.request(
                    "POST", "/c/kast-test/write", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                    body: Array(form.prefix(100)), contentLength: 1000)
            ),
            (
                "staff reply",
                Array(
                    try target.signed("POST", "/v1/staff/threads/x/messages", body: Array(repeating: 0x41, count: 1000)).dropLast(
                        900))
            ),
        ]
        for _ in 0..<10 {
            for (_, bytes) in cut {
                let connection = try RawConnection(port: port)
                connection.send(bytes)
                connection.close()
            }
        }
        // The same, but the relay gives up on them itself: half a body, then silence.
        let waiting = try cut.map { _, bytes in
            let connection = try RawConnection(port: port)
            connection.send(bytes)
            return connection
        }
        await target.expectStillServing(after: "requests cut short")
        #expect(try await target.threadCount() == 1)
        waiting.forEach { $0.close() }
        try await Task.sleep(for: .milliseconds(300))
        await target.expectStillServing(after: "half-sent requests were dropped")
        #expect(try await target.threadCount() == 1)
        target.relay.stop()
    }

    @Test func idleAndTricklingConnectionsAreClosedWhileOthersAreServed() async throws {
        // Long enough that all the idle connections are open at once (opening 2000 takes
        // the debug relay about 7 s), short enough for a quick test.
        let idleTimeout = 8
        let target = try await HostileTarget.start(environment: ["LUCKA_IDLE_TIMEOUT_SECONDS": String(idleTimeout)])
        let port = target.port
        let opened = Date()
        var idle: [RawConnection] = []
        for _ in 0..<Self.idleConnections { idle.append(try RawConnection(port: port)) }
        // Slowloris: a request head, one byte a second. Slow body: a whole head, then the
        // body one byte a second.
        let head = Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: \(String(repeating: "a", count: 60))\r\n\r\n".utf8)
        let body = Array("{\"lookupToken\":\"\(String(repeating: "A", count: 44))\"}".utf8)
        let slowHead = try (0..<40).map { _ in try RawConnection(port: port) }
        let slowBody = try (0..<40).map { _ in
            let connection = try RawConnection(port: port)
            connection.send(
                RawHTTP.request(
                    "POST", "/v1/threads/read", headers: [("Content-Type", "application/json")], contentLength: body.count))
            return connection
        }
        let setUp = Date().timeIntervalSince(opened)
        let openAtOnce = (idle + slowHead + slowBody).filter { !$0.isClosedByRelay }.count
        await target.expectStillServing(after: "opening \(idle.count) idle and 80 trickling connections")

        // Trickle until every one is closed, or for the timeout and a generous margin.
        var closedAfter: [ObjectIdentifier: Double] = [:]
        let everyone = idle + slowHead + slowBody
        var second = 0
        while closedAfter.count < everyone.count, Date().timeIntervalSince(opened) < setUp + Double(idleTimeout) + 12 {
            for connection in slowHead where closedAfter[ObjectIdentifier(connection)] == nil && second < head.count {
                connection.send([head[second]])
            }
            for connection in slowBody where closedAfter[ObjectIdentifier(connection)] == nil && second < body.count {
                connection.send([body[second]])
            }
            second += 1
            if second == 1 { await target.expectStillServing(after: "trickling began") }
            try await Task.sleep(for: .seconds(1))
            for connection in everyone where closedAfter[ObjectIdentifier(connection)] == nil && connection.isClosedByRelay {
                closedAfter[ObjectIdentifier(connection)] = Date().timeIntervalSince(opened)
            }
        }
        func closed(_ group: [RawConnection]) -> Int { group.filter { closedAfter[ObjectIdentifier($0)] != nil }.count }
        #expect(closed(idle) == idle.count, "idle connections still open: \(idle.count - closed(idle)) of \(idle.count)")
        #expect(closed(slowHead) == slowHead.count, "slowloris connections still open: \(slowHead.count - closed(slowHead))")
        #expect(closed(slowBody) == slowBody.count, "slow-body connections still open: \(slowBody.count - closed(slowBody))")
        let latest = closedAfter.values.max() ?? 0
        print(
            "hostile: \(idle.count) idle + 80 trickling connections opened in \(String(format: "%.1f", setUp)) s (\(openAtOnce) open at once), "
                + "all closed by \(String(format: "%.1f", latest)) s (idle timeout \(idleTimeout) s)")
        everyone.forEach { $0.close() }
        await target.expectStillServing(after: "the slow clients were closed")
        target.relay.stop()
    }

    @Test func runningOutOfFileDescriptorsRecoversOnceTheyClose() async throws {
        let target = try await HostileTarget.start()
        let port = target.port
        let pid = target.relay.process.processIdentifier
        let lowered = try runSystemTool("prlimit", ["--pid", String(pid), "--nofile=128:128"])
        try #require(lowered.status == 0, "prlimit failed: \(lowered.error)")
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        try #require(
            limits.split(separator: "\n").contains { $0.hasPrefix("Max open files") && $0.contains(" 128 ") }, "\(limits)")

        // Far more connections than the relay may hold, until the kernel's backlog is full
        // too and a connect has to wait.
        var crowd: [RawConnection] = []
        for _ in 0..<400 {
            let began = Date()
            guard let connection = try? RawConnection(port: port, timeoutSeconds: 1) else { break }
            crowd.append(connection)
            if Date().timeIntervalSince(began) > 0.5 { break }
        }
        let starved = RawHTTP.exchange(
            port, RawHTTP.request("GET", "/healthz", headers: [("Connection", "close")]), timeoutSeconds: 2)
        print(
            "hostile: \(crowd.count) connections held against a limit of 128 descriptors; healthz meanwhile: \(starved.map { String($0.status) } ?? "no answer")"
        )
        crowd.forEach { $0.close() }

        // Once they are gone the relay serves again, within a few seconds.
        let closedAt = Date()
        var health: RawResponse?
        while Date().timeIntervalSince(closedAt) < 20 {
            health = RawHTTP.exchange(
                port, RawHTTP.request("GET", "/healthz", headers: [("Connection", "close")]), timeoutSeconds: 2)
            if health?.status == 200 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(health?.status == 200, "the relay did not recover after the connections closed")
        print("hostile: serving again \(String(format: "%.1f", Date().timeIntervalSince(closedAt))) s after the crowd left")
        await target.expectStillServing(after: "file descriptors ran out")
        #expect(!target.relay.log().contains("damaged"), "running out of descriptors was taken for a damaged database")
        target.relay.stop()
    }

    @Test func theRelayRaisesItsDescriptorLimitToTheHardLimit() async throws {
        let hard = min(4_096, Int(Self.fileDescriptorLimit().hard))
        try #require(hard > 512, "the hard limit is too low to test")
        let workspace = RelayProcess.workspace()
        let log = workspace + "/relay.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let relay = ChildProcess()
        relay.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        relay.arguments = [
            "prlimit", "--nofile=512:\(hard)", RelayProcess.executable("lucka-relay"), "serve", "--data-dir", workspace + "/data",
            "--port", "0",
        ]
        relay.standardOutput = output
        relay.standardError = output
        try relay.run()
        defer {
            relay.terminate()
            relay.waitUntilExit()
        }
        _ = try waitForLine(containing: "serving on", in: log, while: { relay.isRunning })
        let limits = try String(contentsOfFile: "/proc/\(relay.processIdentifier)/limits", encoding: .utf8)
        let line = limits.split(separator: "\n").first { $0.hasPrefix("Max open files") }.map(String.init) ?? ""
        #expect(
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(3).prefix(2) == ["\(hard)", "\(hard)"],
            "\(line)")
    }

    static func fileDescriptorLimit() -> (soft: UInt, hard: UInt) {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        return (UInt(limit.rlim_cur), UInt(limit.rlim_max))
    }
}
