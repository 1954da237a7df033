import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore
import LuckaText

extension Channel: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {
    /// "sv", "en", "sv-x-easy", also "en-GB" or "sv_SE.UTF-8"; anything else is a usage error.
    public init?(argument: String) { self.init(named: argument) }
    public static var allValueStrings: [String] { shipped.map(\.rawValue) }
}

/// The language Lucka speaks; every command takes it. Only words change: JSON output,
/// exit codes and behaviour are the same in every language.
struct LanguageOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Words.startup("help.lang"), valueName: "sv|en|sv-x-easy"))
    var lang: Language?

    /// The last `--lang`, then LUCKA_LANG, then the locale, then Swedish (`Language.resolve`).
    var words: Words {
        Words(language: Language.resolve(flag: lang?.rawValue, environment: ProcessInfo.processInfo.environment))
    }
}

/// Which relay to talk to; every command takes it.
struct RelayOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Words.startup("help.relay"), valueName: "url"))
    var relay: String

    func validate() throws {
        guard relay.hasPrefix("http://") || relay.hasPrefix("https://") else {
            throw ValidationError(Words.startup("usage.relay"))
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
    @Option(help: ArgumentHelp(Words.startup("help.pin"), valueName: "fingerprint"))
    var pin: String?

    func validate() throws {
        guard let pin else { return }
        do { _ = try LuckaCore.Fingerprint(parsing: pin) } catch { throw ValidationError(Words.startup("usage.pin")) }
    }

    var fingerprint: LuckaCore.Fingerprint? { pin.flatMap { try? LuckaCore.Fingerprint(parsing: $0) } }
}

/// Where the code comes from: a prompt that does not show it, or standard input. Never argv.
struct CodeOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(Words.startup("help.codeStdin")))
    var codeStdin = false

    /// Reads and checks the code. A typo is caught here, before anything is sent.
    func code(_ t: Words) throws -> ConversationCode {
        let secret: SecureBytes
        if codeStdin {
            secret = Terminal.secretLineFromStandardInput()
        } else {
            do { secret = try Terminal.secret(prompt: t("code.prompt")) } catch {
                throw ClientError(.local, t("code.noTerminal"))
            }
        }
        var bytes = secret.copyBytes()
        defer { wipe(&bytes) }
        guard bytes.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else {
            throw ClientError(.local, t("code.none"))
        }
        do {
            return try ConversationCode(parsing: bytes)
        } catch where error.code == .codeChecksum {
            throw ClientError(.local, t("code.typo"))
        } catch where error.code == .codeCharacter {
            throw ClientError(.local, t("code.character"))
        } catch {
            throw ClientError(.local, t("code.length"))
        }
    }
}

/// What a relay's answers mean for someone holding a code.
enum Answers {
    /// Runs `body`, turning the relay's "not found" into the writer's one answer for a
    /// code that opens nothing, whatever the reason.
    static func withCode<T>(_ t: Words, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ClientError where error.apiError == "not_found" {
            throw ClientError(error.kind, t("error.noConversation"))
        }
    }
}

/// Runs a command body and turns failures into one line on standard error and exit 1.
/// `relay` is the address the person gave, for the sentences that name it.
func reporting(_ t: Words, relay: String, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ClientError {
        if let change = error.identityChange {
            throw fail(t("error.identityChanged", ["day": change.day, "fingerprint": change.fingerprint.description]))
        }
        if error.kind == .unreachable {
            throw fail(t("error.unreachable", ["relay": relay]))
        }
        if error.cause == .fingerprintMismatch {
            throw fail(t("error.pinMismatch"))
        }
        if let status = error.status, (300..<400).contains(status) {
            throw fail(t("error.redirect", ["status": String(status)]))
        }
        if let apiError = error.apiError, let answer = t.relayAnswer(apiError) {
            throw fail(answer)
        }
        if error.kind == .badResponse {
            throw fail(t("error.badResponse"))
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

/// A message text: from a file, from standard input when it is not a terminal, or typed
/// at the terminal until a line with a single "." (or end of input). As
/// `Terminal.messageText`, in the writer's language.
func messageText(_ t: Words, file: String?, prompt: String) throws -> String {
    let text: String
    if let file {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ClientError(.local, t("message.cannotRead", ["file": file]))
        }
        text = String(decoding: data, as: UTF8.self)
    } else if !Terminal.isInteractive {
        text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    } else {
        FileHandle.standardError.write(Data((prompt + "\n" + t("prompt.end") + "\n").utf8))
        var lines: [String] = []
        while let line = readLine(), line != "." { lines.append(line) }
        text = lines.joined(separator: "\n")
    }
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { throw ClientError(.local, t("message.empty")) }
    return trimmed
}

/// Asks a yes/no question in the writer's language; only "j", "ja", "y" or "yes" counts as yes.
func confirm(_ t: Words, _ question: String) -> Bool {
    guard let answer = Terminal.ask(question + " " + t("confirm.choices") + " ")?.lowercased() else { return false }
    return ["y", "yes", "j", "ja"].contains(answer)
}
