import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension Channel: ExpressibleByArgument {}

/// Which relay to talk to; every command takes it.
struct RelayOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The relay's address, e.g. https://lucka.example.se (the clinic's website says which).", valueName: "url"))
    var relay: String

    func validate() throws {
        guard relay.hasPrefix("http://") || relay.hasPrefix("https://") else {
            throw ValidationError("--relay must start with http:// or https://")
        }
    }

    /// The address as the person gave it, without trailing slashes, for hints.
    var address: String {
        var url = relay
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// Runs `body` with a client for this relay, made for one run and closed afterwards.
    func withClient<T>(_ body: (RelayClient) async throws -> T) async throws -> T {
        try await RelayClient.withOneShotClient(baseURL: relay, body)
    }
}

/// The clinic's published fingerprint, to check the relay's keys against.
struct PinOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The clinic's fingerprint as the clinic itself publishes it (website, printed card): 40 digits, spaces allowed. Lucka then refuses a relay that shows other keys.",
        valueName: "fingerprint"))
    var pin: String?

    func validate() throws {
        guard let pin else { return }
        do { _ = try LuckaCore.Fingerprint(parsing: pin) } catch { throw ValidationError("--pin: \(error.reason)") }
    }

    var fingerprint: LuckaCore.Fingerprint? { pin.flatMap { try? LuckaCore.Fingerprint(parsing: $0) } }
}

/// Where the code comes from: a prompt that does not show it, or standard input. Never argv.
struct CodeOptions: ParsableArguments {
    @Flag(help: "Read your code from the first line of standard input instead of asking for it (for scripts).")
    var codeStdin = false

    /// Reads and checks the code. A typo is caught here, before anything is sent.
    func code() throws -> ConversationCode {
        let secret: SecureBytes
        if codeStdin {
            secret = Terminal.secretLineFromStandardInput()
        } else {
            do { secret = try Terminal.secret(prompt: "Your code (it is not shown while you type): ") } catch {
                throw ClientError(.local, "there is no terminal to ask for your code on: give it on standard input with --code-stdin")
            }
        }
        var bytes = secret.copyBytes()
        defer { wipe(&bytes) }
        guard bytes.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else {
            throw ClientError(.local, "no code was given; nothing was sent")
        }
        do {
            return try ConversationCode(parsing: bytes)
        } catch where error.code == .codeChecksum {
            throw ClientError(.local, "this code has a typo: one or more characters are wrong. Compare it with what you wrote down, character by character. Nothing was sent.")
        } catch {
            throw ClientError(.local, "\(error.reason). Check the code for typos; nothing was sent.")
        }
    }
}

/// What a relay's answers mean for someone holding a code.
enum Answers {
    /// The one answer for a code that opens nothing, whatever the reason.
    static let noConversation = """
        no conversation matches this code. Check it for typos. If it is right, the conversation \
        has been deleted (by you, by the clinic, or after a long time without messages) and cannot \
        be brought back; you can start a new one with `lucka write`.
        """

    /// Runs `body`, turning the relay's "not found" into the writer's answer.
    static func withCode<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ClientError where error.apiError == "not_found" {
            throw ClientError(error.kind, noConversation)
        }
    }
}

/// Runs a command body and turns failures into one line on standard error and exit 1.
func reporting(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ClientError {
        if let change = error.identityChange {
            throw fail("""
                this clinic has changed its identity key (on \(change.day)), so Lucka did not use it and sent nothing. \
                This is normal after a staff change, but it could also be someone pretending to be the clinic. \
                Its new fingerprint is \(change.fingerprint). Call the clinic (on the number from its own website \
                or card, not from this relay) and ask it to read its fingerprint to you. Only if every digit \
                matches, use the new fingerprint: --pin "\(change.fingerprint)".
                """)
        }
        if error.kind == .unreachable {
            throw fail("\(error.message). Check the address and your internet connection (or Tor), then try again.")
        }
        if let status = error.status, (300..<400).contains(status) {
            throw fail("the relay answered with a redirect (HTTP \(status)): check the address you gave with --relay; perhaps it starts with https://")
        }
        throw fail(error.message)
    } catch let error as LuckaError {
        throw fail(error.reason)
    }
}

/// Writes one line to standard error, made terminal-safe: it may quote a relay's words.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("lucka: \(TerminalSafe.line(message))\n".utf8))
    return .failure
}

