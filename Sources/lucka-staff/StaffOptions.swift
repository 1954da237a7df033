import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

/// Where the keystore lives and how to unlock it; every command that needs keys takes these.
struct StaffOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder with your keystore (env LUCKA_STAFF_HOME; default ~/.config/lucka-staff).", valueName: "dir"))
    var home: String?

    @Option(help: ArgumentHelp("Read the passphrase from the first line of this file (for scripts; - reads standard input).", valueName: "file"))
    var passphraseFile: String?

    var homeDirectory: String {
        if let home { return home }
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["LUCKA_STAFF_HOME"], !home.isEmpty { return home }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.config")
        return config + "/lucka-staff"
    }

    var keystorePath: String { homeDirectory + "/keystore" }

    func passphrase(prompt: String = "Passphrase: ") throws -> SecureBytes {
        if let passphraseFile { return try Terminal.secret(fromFile: passphraseFile) }
        return try Terminal.secret(prompt: prompt)
    }

    /// The unlocked keystore: from the shell's memory, or by asking for the passphrase.
    func unlock() throws -> StaffKeystore {
        if let cached = UnlockedKeystore.shared.keystore { return cached }
        guard FileManager.default.fileExists(atPath: keystorePath) else {
            throw ClientError(.local, "no keystore in \(homeDirectory): run `lucka-staff keygen` first")
        }
        return try StaffKeystore.open(at: keystorePath, passphrase: try passphrase())
    }

    /// A session with the relay this keystore is enrolled at.
    func session() throws -> (StaffKeystore, StaffSession) {
        let keystore = try unlock()
        guard let url = keystore.settings.relayURL else {
            throw ClientError(.local, "this keystore is not enrolled yet: run `lucka-staff enroll --relay URL`")
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
        throw fail(error.message)
    } catch let error as LuckaError {
        throw fail(error.reason)
    }
}

func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("lucka-staff: \(message)\n".utf8))
    return .failure
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
