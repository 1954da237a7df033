import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore
import LuckaText

/// Where the keystore lives and how to unlock it; every command that needs keys takes these.
struct StaffOptions: ParsableArguments {
    @Option(help: ArgumentHelp(T(.homeHelp), valueName: "dir"))
    var home: String?

    @Option(help: ArgumentHelp(T(.passphraseFileHelp), valueName: "file"))
    var passphraseFile: String?

    @Flag(help: ArgumentHelp(T(.demoHelp)))
    var demo = false

    @Option(name: .customLong("data-dir"), help: ArgumentHelp(T(.dataDirHelp), valueName: "dir"))
    var dataDirectory: String?

    /// The demo counsellor's folder inside the demo relay's data folder.
    var demoHome: String {
        let data = dataDirectory ?? ProcessInfo.processInfo.environment["LUCKA_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./lucka-data"
        return data + "/demo/staff"
    }

    func validate() throws {
        if dataDirectory != nil && !demo { throw ValidationError(T(.dataDirGoesWithDemo)) }
        if demo && (home != nil || passphraseFile != nil) { throw ValidationError(T(.demoSetsHome)) }
    }

    var homeDirectory: String {
        if demo { return demoHome }
        if let home { return home }
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["LUCKA_STAFF_HOME"], !home.isEmpty { return home }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.config")
        return config + "/lucka-staff"
    }

    var keystorePath: String { homeDirectory + "/keystore" }

    func passphrase(prompt: String = T(.passphrasePrompt)) throws -> SecureBytes {
        if demo { return try Terminal.secret(fromFile: demoHome + "/passphrase") }
        if let passphraseFile { return try Terminal.secret(fromFile: passphraseFile) }
        return try Terminal.secret(prompt: prompt)
    }

    /// The unlocked keystore: from the shell's memory, or by asking for the passphrase.
    func unlock() throws -> StaffKeystore {
        if let cached = UnlockedKeystore.shared.keystore { return cached }
        guard FileManager.default.fileExists(atPath: keystorePath) else {
            if demo {
                throw ClientError(.local, T(.noDemo, homeDirectory, dataDirectory.map { " --data-dir " + $0 } ?? ""))
            }
            throw ClientError(.local, T(.noKeystore, homeDirectory))
        }
        // Before the passphrase is asked for: a file others can read is refused anyway.
        try SecureFile.requirePrivate(keystorePath)
        return try StaffKeystore.open(at: keystorePath, passphrase: try passphrase())
    }

    /// A session with the relay this keystore is enrolled at.
    func session() throws -> (StaffKeystore, StaffSession) {
        let keystore = try unlock()
        guard let url = keystore.settings.relayURL else {
            throw ClientError(.local, T(.notEnrolled))
        }
        let pin = try keystore.settings.clinicFingerprint.map { try LuckaCore.Fingerprint(parsing: $0) }
        return (keystore, StaffSession(relay: RelayClient(baseURL: url), keys: keystore.keys, pin: pin))
    }
}

/// The shell keeps the unlocked keystore here, in this process's memory only.
final class UnlockedKeystore: @unchecked Sendable {
    static let shared = UnlockedKeystore()
    private let lock = NSLock()
    private var value: StaffKeystore?

    var keystore: StaffKeystore? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// Runs a command body and turns failures into one line on standard error and exit 1.
func reporting(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ClientError {
        if let change = error.identityChange { throw fail(identityChangedMessage(change)) }
        if error.kind == .unreachable, let url = error.message.split(separator: " ").last {
            throw fail(T(.unreachable, String(url)))
        }
        throw fail(error.message)
    } catch let error as LuckaError {
        throw fail(error.reason)
    }
}

/// Writes one line to standard error. The message may quote a relay's words, so it is
/// made terminal-safe here.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("lucka-staff: \(TerminalSafe.line(message))\n".utf8))
    return .failure
}

/// What a colleague whose pinned clinic key was replaced must do, in one message.
func identityChangedMessage(_ change: IdentityChange) -> String {
    T(.identityChanged, change.day, change.fingerprint.description)
}


// MARK: Options before the command word

extension LuckaStaff {
    /// `lucka-staff --demo inbox` reads better than `lucka-staff inbox --demo`, and
    /// ArgumentParser only takes a command's options after its name: move the keystore
    /// options that come first to after the command words.
    static func main() async {
        let arguments = Self.movingLeadingOptions(Language.removingOption(Array(CommandLine.arguments.dropFirst())))
        // A mistyped command word is named as such (with a guess), whatever options came first.
        if let word = arguments.first, !word.hasPrefix("-") {
            let known = configuration.subcommands.map { $0._commandName } + ["help"]
            if !known.contains(word) {
                let safe = TerminalSafe.line(String(word.prefix(40)))
                let message = Shell.suggestion(for: word, among: known).map { T(.shellUnknownGuess, safe, $0) } ?? T(.unknownCommand, safe)
                FileHandle.standardError.write(Data("lucka-staff: \(message)\n".utf8))
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
            if let message = missingSubcommand(word, arguments.dropFirst()) {
                FileHandle.standardError.write(Data("lucka-staff: \(message)\n".utf8))
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
        }
        await main(arguments)
    }

    /// `lucka-staff --demo staff` (a group such as staff, clinic or notices, with no
    /// command word after it) would otherwise get ArgumentParser's English "Unknown option
    /// '--demo'", which points at the wrong word. Names the words the group takes instead.
    static func missingSubcommand(_ word: String, _ rest: ArraySlice<String>) -> String? {
        guard let group = configuration.subcommands.first(where: { $0._commandName == word }) else { return nil }
        let words = group.configuration.subcommands.map { $0._commandName }
        guard !words.isEmpty, let example = words.first else { return nil }
        let asksForHelp = rest.contains { ["--help", "-h", "help"].contains($0) }
        guard !asksForHelp, !rest.contains(where: words.contains) else { return nil }
        return T(.groupNeedsCommand, word, words.joined(separator: ", "), example)
    }

    static func movingLeadingOptions(_ arguments: [String]) -> [String] {
        let flags: Set<String> = ["--demo"]
        let options: Set<String> = ["--home", "--passphrase-file", "--data-dir"]
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if flags.contains(first) || (first.hasPrefix("--") && options.contains(where: { first.hasPrefix($0 + "=") })) {
                leading.append(first)
                rest = rest.dropFirst()
            } else if options.contains(first), rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else {
                break
            }
        }
        // A bare `lucka-staff --demo` (no command) is left to ArgumentParser to explain.
        guard !leading.isEmpty, !rest.isEmpty else { return arguments }
        var moved = Array(rest)
        let end = moved.firstIndex(of: "--") ?? moved.endIndex
        moved.insert(contentsOf: leading, at: end)
        return moved
    }
}
