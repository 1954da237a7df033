import AsyncHTTPClient
import Foundation
import Spawn
import Logging
import LuckaCore
import NIOCore
import NIOHTTP1
import NIOSSL

#if canImport(Glibc)
    import Glibc
#endif

/// Delivers one notice to one target: e-mail through the system's sendmail-compatible
/// command, web hooks by HTTP POST. Never throws: a failure is `false`, and is logged by
/// the target's index only, never its address.
struct NoticeSender: Sendable {
    let configuration: RelayConfiguration
    let logger: Logger

    /// Attempts per hook delivery, and the first pause between them (doubled each time).
    static let hookAttempts = 3
    static let hookBackoff = Duration.seconds(1)

    func deliver(body: String, subject: String, to target: String, index: Int) async -> Bool {
        let delivered: Bool
        switch NoticeSettings.kind(of: target) {
        case .email: delivered = await mail(body: body, subject: subject, to: target)
        case .hook: delivered = await hook(body: body, url: target, index: index)
        case nil: delivered = false
        }
        if !delivered {
            logger.warning("notice not delivered", metadata: ["lucka.target_index": "\(index)"])
        }
        return delivered
    }

    /// The whole message, with fixed headers. `to` was checked (NoticeSettings.kind) to
    /// hold no character that could end a header or add a recipient.
    func message(body: String, subject: String, to: String) -> [UInt8] {
        let text = """
            From: \(configuration.noticeFrom)\r
            To: \(to)\r
            Subject: \(subject)\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            Auto-Submitted: auto-generated\r
            \r
            \(body.replacingOccurrences(of: "\n", with: "\r\n"))
            """
        return Array(text.utf8)
    }

    func mail(body: String, subject: String, to: String) async -> Bool {
        guard let executable = configuration.sendmailCommand.first else { return false }
        return await Self.run(
            executable: executable, arguments: Array(configuration.sendmailCommand.dropFirst()),
            input: message(body: body, subject: subject, to: to),
            timeoutSeconds: configuration.noticeTimeoutSeconds)
    }

    /// Runs the mail command with `input` on standard input; true if it exits 0 within
    /// the timeout (else it is killed). Waits without holding a thread of the task pool.
    static func run(executable: String, arguments: [String], input: [UInt8], timeoutSeconds: Int) async -> Bool {
        _ = ignoreBrokenPipes
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe()
        process.standardInput = stdin
        // Its output may name the recipient: not kept.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // Answered once: by the exit, or by a failure to start.
        let answered = Locked(false)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let timeout = Locked<Task<Void, Never>?>(nil)
                @Sendable func answer(_ value: Bool) {
                    let first = answered.withLock { done -> Bool in
                        let was = done
                        done = true
                        return !was
                    }
                    guard first else { return }
                    timeout.withLock { $0?.cancel() }
                    continuation.resume(returning: value)
                }
                process.terminationHandler = { process in
                    answer(process.terminationReason == .exit && process.terminationStatus == 0)
                }
                do { try process.run() } catch {
                    answer(false)
                    return
                }
                timeout.withLock {
                    $0 = Task {
                        guard (try? await Task.sleep(for: .seconds(timeoutSeconds))) != nil else { return }
                        // `send` signals only a child not yet reaped: the pid is still this child's.
                        if !answered.withLock({ $0 }) { process.send(SIGKILL) }
                    }
                }
                // A notice is a few hundred bytes: far below a pipe's buffer, so this does not block.
                // A command that exits without reading gives EPIPE (SIGPIPE is ignored, below).
                try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
                try? stdin.fileHandleForWriting.close()
            }
        } onCancel: {
            // The relay is shutting down: the command goes now, not at its timeout.
            process.send(SIGKILL)
        }
    }

    /// A mail command that exits early must not take the relay with it.
    static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// POSTs the body as text; retried with backoff on failure, redirects not followed.
    /// Only to a public address, or one the operator allow-listed (HookAddressPolicy):
    /// the name is resolved and checked first, and the connection goes to the checked
    /// address while TLS still verifies the certificate against the name.
    func hook(body: String, url: String, index: Int = 0) async -> Bool {
        guard let parts = URLComponents(string: url), parts.scheme == "https", let host = parts.host, !host.isEmpty else { return false }
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let policy = HookAddressPolicy(allowed: configuration.allowedHookAddresses)
        let address: String
        do {
            address = try await policy.checkedAddress(host: name, port: parts.port ?? 443)
        } catch HookAddressPolicy.Refusal.nonPublic {
            logger.warning("notice hook refused: it leads to a non-public address", metadata: ["lucka.target_index": "\(index)"])
            return false
        } catch {
            return false
        }
        let client = makeClient(pinning: name, to: address)
        let delivered = await post(body: body, url: url, client: client)
        // Closing may wait for a connection still being set up (a hung hook at shutdown):
        // nobody waits for it.
        Task { try? await client.shutdown() }
        return delivered
    }

    /// A client for one delivery, whose only connection goes to `address` for `host`.
    func makeClient(pinning host: String, to address: String) -> HTTPClient {
        var settings = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)))
        settings.connectionPool.retryConnectionEstablishment = false
        if address != host { settings.dnsOverride = [host: address] }
        if let file = configuration.hookTrustRootsFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.file(file)]
            settings.tlsConfiguration = tls
        }
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
    }

    func post(body: String, url: String, client: HTTPClient) async -> Bool {
        var pause = Self.hookBackoff
        for attempt in 1...Self.hookAttempts {
            if Task.isCancelled { return false }
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
            request.headers.add(name: "Title", value: "Lucka")
            request.body = .bytes(ByteBuffer(string: body))
            do {
                let response = try await client.execute(request, timeout: .seconds(Int64(configuration.noticeTimeoutSeconds)))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                if (200..<300).contains(response.status.code) { return true }
            } catch {}
            if attempt < Self.hookAttempts {
                do { try await Task.sleep(for: pause) } catch { return false }
                pause *= 2
            }
        }
        return false
    }
}
