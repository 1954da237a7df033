import ArgumentParser
import Foundation
import Logging
import LuckaCore
import LuckaRelay

/// Where the data lives; every command takes it.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The relay's data folder (env LUCKA_DATA_DIR; default ./lucka-data).")
    var dataDirectory: String?

    @Option(help: "A config file of `key = value` lines: host, port, data-dir, retention-days, ... (env LUCKA_CONFIG).")
    var config: String?

    @Option(name: .customLong("sendmail-command"), help: ArgumentHelp(
        "The sendmail-compatible command for notice e-mail, e.g. \"/usr/bin/msmtp -t\" (env LUCKA_SENDMAIL_COMMAND; default /usr/sbin/sendmail -t).",
        valueName: "command"))
    var sendmailCommand: String?

    @Option(help: ArgumentHelp(
        "A PostgreSQL database instead of the data folder's SQLite: postgres://USER@HOST:PORT/DATABASE?sslmode=verify-full&sslrootcert=CA-FILE (env LUCKA_DATABASE_URL). Never put the password here.",
        valueName: "url"))
    var database: String?

    @Option(name: .customLong("database-password-file"), help: ArgumentHelp(
        "A file holding the database password (env LUCKA_DATABASE_PASSWORD_FILE, or the password itself in LUCKA_DATABASE_PASSWORD).",
        valueName: "path"))
    var databasePasswordFile: String?

    @Option(name: .customLong("source-key-file"), help: ArgumentHelp(
        "No longer used: budgets per source stay in each relay's memory (env LUCKA_SOURCE_KEY_FILE). Accepted with a warning, so old configurations start.",
        valueName: "path"))
    var sourceKeyFile: String?

    /// Flags win over the environment, which wins over the file, which wins over defaults.
    func resolve(host: String? = nil, port: Int? = nil, metricsPort: Int? = nil, torPort: Int? = nil, proxyPort: Int? = nil) throws -> RelayConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let file = try ConfigFile.read(config ?? environment["LUCKA_CONFIG"])
        var configuration = RelayConfiguration()
        func value(_ flag: String?, _ env: String, _ key: String) -> String? { flag ?? environment[env] ?? file[key] }
        configuration.dataDirectory = value(dataDirectory, "LUCKA_DATA_DIR", "data-dir") ?? configuration.dataDirectory
        configuration.host = value(host, "LUCKA_HOST", "host") ?? configuration.host
        if let text = value(port.map(String.init), "LUCKA_PORT", "port") {
            guard let port = Int(text), (0...65535).contains(port) else { throw ValidationError("port must be 0 to 65535") }
            configuration.port = port
        }
        if let text = value(metricsPort.map(String.init), "LUCKA_METRICS_PORT", "metrics-port") {
            guard let port = Int(text), (0...65535).contains(port) else { throw ValidationError("metrics-port must be 0 to 65535") }
            configuration.metricsPort = port
        }
        if let text = value(torPort.map(String.init), "LUCKA_TOR_PORT", "tor-port") {
            guard let port = Int(text), (0...65535).contains(port) else { throw ValidationError("tor-port must be 0 to 65535") }
            configuration.torPort = port
        }
        if let text = value(proxyPort.map(String.init), "LUCKA_PROXY_PORT", "proxy-port") {
            guard let port = Int(text), (0...65535).contains(port) else { throw ValidationError("proxy-port must be 0 to 65535") }
            configuration.proxyPort = port
        }
        if let text = value(nil, "LUCKA_TRUSTED_PROXIES", "trusted-proxies") {
            let addresses = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for address in addresses where !RelayConfiguration.isIPAddress(address) {
                throw ValidationError("trusted-proxies: \(address) is not an IP address")
            }
            configuration.trustedProxies = addresses
        }
        func integer(_ env: String, _ key: String, _ keyPath: WritableKeyPath<RelayConfiguration, Int>) throws {
            guard let text = environment[env] ?? file[key] else { return }
            guard let number = Int(text), number >= 0 else { throw ValidationError("\(key) must be a whole number") }
            configuration[keyPath: keyPath] = number
        }
        try integer("LUCKA_RETENTION_DAYS", "retention-days", \.retentionDays)
        try integer("LUCKA_MAX_BODY_BYTES", "max-body-bytes", \.maximumBodyBytes)
        try integer("LUCKA_WRITER_MESSAGES_PER_DAY", "writer-messages-per-day", \.writerMessagesPerThreadPerDay)
        try integer("LUCKA_NEW_THREADS_PER_HOUR", "new-threads-per-hour", \.newThreadsPerClinicPerHour)
        try integer("LUCKA_REQUESTS_PER_SECOND", "requests-per-second", \.requestsPerSecond)
        try integer("LUCKA_MAX_CONCURRENT", "max-concurrent-requests", \.maximumConcurrentRequests)
        try integer("LUCKA_IDLE_TIMEOUT_SECONDS", "idle-timeout-seconds", \.idleTimeoutSeconds)
        try integer("LUCKA_UNANSWERED_RETENTION_DAYS", "unanswered-retention-days", \.unansweredRetentionDays)
        try integer("LUCKA_NEW_THREADS_PER_SOURCE_PER_HOUR", "new-threads-per-source-per-hour", \.newThreadsPerSourcePerHour)
        try integer("LUCKA_STORAGE_BYTES_PER_SOURCE_PER_DAY", "storage-bytes-per-source-per-day", \.storageBytesPerSourcePerDay)
        try integer("LUCKA_STORAGE_BYTES_PER_CLINIC_PER_DAY", "storage-bytes-per-clinic-per-day", \.storageBytesPerClinicPerDay)
        try integer("LUCKA_REQUESTS_PER_SOURCE_PER_SECOND", "requests-per-source-per-second", \.requestsPerSourcePerSecond)
        try integer("LUCKA_FORM_TOKEN_SECONDS", "form-token-seconds", \.formTokenSeconds)
        try integer("LUCKA_VISIT_IDLE_SECONDS", "visit-idle-seconds", \.visitIdleSeconds)
        try integer("LUCKA_CONVERSATION_FORM_SECONDS", "conversation-form-seconds", \.conversationFormSeconds)
        try integer("LUCKA_DATABASE_CONNECTIONS", "database-connections", \.databaseConnections)
        guard configuration.visitIdleSeconds > 0 else { throw ValidationError("visit-idle-seconds must be at least 1") }
        try Self.readFacts(&configuration.publicFacts) { env, key in environment[env] ?? file[key] }
        // Notices (deploy/OPERATING.md, "Notices"): the mail command and its From header.
        if let text = value(sendmailCommand, "LUCKA_SENDMAIL_COMMAND", "sendmail-command") {
            let words = text.split(separator: " ").map(String.init)
            guard let first = words.first, first.hasPrefix("/") else { throw ValidationError("sendmail-command must start with an absolute path, e.g. /usr/bin/msmtp -t") }
            configuration.sendmailCommand = words
        }
        if let text = value(nil, "LUCKA_NOTICE_FROM", "notice-from") {
            guard !text.contains(where: { $0.isNewline }), !text.isEmpty else { throw ValidationError("notice-from must be one line") }
            configuration.noticeFrom = text
        }
        if let text = value(nil, "LUCKA_NOTICE_TIME_ZONE", "notice-time-zone") {
            guard TimeZone(identifier: text) != nil else { throw ValidationError("notice-time-zone: unknown time zone \(text)") }
            configuration.noticeTimeZone = text
        }
        if let text = value(nil, "LUCKA_NOTICE_CHECK_SECONDS", "notice-check-seconds") {
            guard let seconds = Double(text), seconds > 0 else { throw ValidationError("notice-check-seconds must be a positive number") }
            configuration.noticeCheckSeconds = seconds
        }
        if let text = value(nil, "LUCKA_NOTICES", "notices") {
            guard ["on", "off"].contains(text) else { throw ValidationError("notices must be on or off") }
            configuration.noticesEnabled = text == "on"
        }
        try integer("LUCKA_NOTICE_TIMEOUT_SECONDS", "notice-timeout-seconds", \.noticeTimeoutSeconds)
        try integer("LUCKA_NOTICE_MINUTE_MILLISECONDS", "notice-minute-milliseconds", \.noticeMinuteMilliseconds)
        try integer("LUCKA_NOTICE_MINIMUM_INTERVAL_MINUTES", "notice-minimum-interval-minutes", \.minimumNoticeIntervalMinutes)
        guard (1...NoticeSettings.maximumInterval).contains(configuration.minimumNoticeIntervalMinutes) else {
            throw ValidationError("notice-minimum-interval-minutes must be 1 to \(NoticeSettings.maximumInterval)")
        }
        if let text = value(nil, "LUCKA_HOOK_ALLOWED_ADDRESSES", "hook-allowed-addresses") {
            let ranges = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            for range in ranges where HookAddressPolicy.Range(range) == nil {
                throw ValidationError("hook-allowed-addresses: \(range) is not an IP address or CIDR range")
            }
            configuration.allowedHookAddresses = ranges
        }
        if let text = value(nil, "LUCKA_HOOK_TRUST_ROOTS_FILE", "hook-trust-roots-file") {
            guard FileManager.default.isReadableFile(atPath: text) else { throw ValidationError("hook-trust-roots-file: cannot read \(text)") }
            configuration.hookTrustRootsFile = text
        }
        guard configuration.noticeTimeoutSeconds > 0, configuration.noticeMinuteMilliseconds > 0 else {
            throw ValidationError("notice-timeout-seconds and notice-minute-milliseconds must be at least 1")
        }
        guard configuration.idleTimeoutSeconds > 0 else { throw ValidationError("idle-timeout-seconds must be at least 1") }
        try resolveDatabase(&configuration) { flag, env, key in value(flag, env, key) }
        return configuration
    }

    /// The PostgreSQL settings, if any. The password comes from a file or the environment:
    /// a process list shows every flag.
    func resolveDatabase(_ configuration: inout RelayConfiguration, _ value: (String?, String, String) -> String?) throws {
        let environment = ProcessInfo.processInfo.environment
        if value(sourceKeyFile, "LUCKA_SOURCE_KEY_FILE", "source-key-file") != nil {
            // Relays no longer share source pseudonyms (SECURITY.md, "Budgets per source").
            FileHandle.standardError.write(Data(
                "lucka-relay: warning: source-key-file is no longer used; budgets per source stay in each relay's memory. Remove it from the configuration.\n".utf8))
        }
        guard let url = value(database, "LUCKA_DATABASE_URL", "database") else { return }
        if let database, PostgresSettings.hasPassword(database) {
            throw ValidationError("refusing a password on the command line, where any user can read it: put it in --database-password-file or LUCKA_DATABASE_PASSWORD")
        }
        var password = environment["LUCKA_DATABASE_PASSWORD"]
        if let path = value(databasePasswordFile, "LUCKA_DATABASE_PASSWORD_FILE", "database-password-file") {
            let bytes = try Self.readSecretFile(path, what: "database-password-file")
            password = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        do {
            configuration.database = try PostgresSettings(url: url, password: password)
        } catch let error as StoreError {
            throw ValidationError(error.reason)
        }
    }

    /// A secret file must be the relay user's alone.
    static func readSecretFile(_ path: String, what: String) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0, let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the \(what) \(path)")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw ValidationError("other users can read the \(what) \(path): run `chmod 600 \(path)`")
        }
        return Array(data)
    }
}

extension DataOptions {
    /// The privacy notice's and accessibility statement's facts (deploy/OPERATING.md).
    static func readFacts(_ facts: inout PublicFacts, _ value: (String, String) -> String?) throws {
        func text(_ env: String, _ key: String) -> String? {
            value(env, key).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        facts.controller = text("LUCKA_PRIVACY_CONTROLLER", "privacy-controller") ?? facts.controller
        facts.controllerContact = text("LUCKA_PRIVACY_CONTACT", "privacy-contact") ?? facts.controllerContact
        facts.dataProtectionOfficer = text("LUCKA_PRIVACY_DPO", "privacy-dpo") ?? facts.dataProtectionOfficer
        facts.accessibilityContact = text("LUCKA_ACCESSIBILITY_CONTACT", "accessibility-contact") ?? facts.accessibilityContact
        facts.accessibilityKnownIssues = text("LUCKA_ACCESSIBILITY_KNOWN_ISSUES", "accessibility-known-issues") ?? facts.accessibilityKnownIssues
        if let status = text("LUCKA_ACCESSIBILITY_STATUS", "accessibility-status") {
            guard let parsed = PublicFacts.AccessibilityStatus(rawValue: status) else {
                throw ValidationError("accessibility-status must be full, partial or none")
            }
            facts.accessibilityStatus = parsed
        }
        if let day = text("LUCKA_ACCESSIBILITY_REVIEWED", "accessibility-reviewed") {
            guard Day(day) != nil else { throw ValidationError("accessibility-reviewed must be a day, YYYY-MM-DD") }
            facts.accessibilityReviewed = day
        }
    }
}

enum ConfigFile {
    /// Reads `key = value` lines; `#` starts a comment.
    static func read(_ path: String?) throws -> [String: String] {
        guard let path else { return [:] }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read the config file \(path)")
        }
        var values: [String: String] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("\(path):\(number + 1): expected `key = value`") }
            values[parts[0]] = parts[1]
        }
        return values
    }
}

/// Logging goes to standard error. The relay's own lines never hold secrets or addresses.
enum RelayLogging {
    static func bootstrap(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "lucka-relay")
        logger.logLevel = level
        return logger
    }
}

/// Prints one line to standard error and exits 1: the tool's failure convention.
func fail(_ message: String, status: ExitCode = .failure) -> ExitCode {
    FileHandle.standardError.write(Data(("lucka-relay: " + message + "\n").utf8))
    return status
}

extension ExitCode {
    /// A damaged database (EX_DATAERR): restarting cannot help, so the systemd unit's
    /// RestartPreventExitStatus names it and the relay stays down until an operator restores.
    static let damagedDatabase = ExitCode(65)
}

/// Runs `body` with the configured store (StorageEngine.with). Its refusals become the
/// tool's one-line failures.
func withStore<T: Sendable>(_ configuration: RelayConfiguration, _ body: @escaping @Sendable (any RelayStore) async throws -> T) async throws -> T {
    do {
        return try await StorageEngine.with(configuration, body)
    } catch let refusal as StorageEngine.Refusal {
        throw fail(refusal, configuration)
    }
}

/// The data folder's SQLite store, for the commands that work on the file itself.
func openStore(_ configuration: RelayConfiguration) throws -> SQLiteRelayStore {
    do {
        return try StorageEngine.openFolder(configuration)
    } catch let refusal as StorageEngine.Refusal {
        throw fail(refusal, configuration)
    }
}

/// A data folder other users can open is refused, with the command that fixes it.
func refuseSharedDataFolder(_ directory: String) throws {
    do {
        try StorageEngine.refuseSharedFolder(directory)
    } catch StorageEngine.Refusal.failed(let reason) {
        throw fail(reason)
    }
}

/// What the operator reads when the store cannot be used, and the exit status.
func fail(_ refusal: StorageEngine.Refusal, _ configuration: RelayConfiguration) -> ExitCode {
    switch refusal {
    case .copying(let place):
        fail("refusing to start: `lucka-relay migrate-to` is copying \(place) now. Wait for it to finish, then start the relay on PostgreSQL.")
    case .damaged:
        fail(damagedDatabaseMessage(configuration), status: .damagedDatabase)
    case .failed(let reason):
        fail(reason)
    }
}

/// What serve and check print for a damaged database: where the fix is.
func damagedDatabaseMessage(_ configuration: RelayConfiguration) -> String {
    "the database in \(configuration.dataDirectory) is damaged. Restore the latest backup: see deploy/OPERATING.md, \"Restore\"."
}

/// Whether `host` is a loopback address: the only kind the relay listens on unless told
/// `--allow-public`.
func isLoopback(_ host: String) -> Bool {
    if ["localhost", "::1", "[::1]", "0:0:0:0:0:0:0:1"].contains(host.lowercased()) { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
}
