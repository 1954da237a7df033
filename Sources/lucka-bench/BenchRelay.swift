import AsyncHTTPClient
import Foundation
import Spawn
import LuckaClient
import LuckaCore

/// A `lucka-relay serve` started by the benchmark, on a fresh data folder, with limits
/// raised so the load measures the relay rather than its abuse limits.
final class BenchRelay: @unchecked Sendable {
    let process = ChildProcess()
    let dataDirectory: String
    var url = ""
    /// Seconds from spawning the process to its "serving on" line.
    var startupSeconds = 0.0
    /// Whether `stop` deletes the data folder (only one this class made).
    private let ownsFolder: Bool

    convenience init(extraEnvironment: [String: String] = [:]) throws {
        let workspace = NSTemporaryDirectory() + "lucka-bench-" + Random.bytes(6).hex
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        try self.init(dataDirectory: workspace + "/data", ownsFolder: true, extraEnvironment: extraEnvironment)
    }

    /// A relay on an existing (e.g. filled) data folder, which `stop` leaves in place.
    convenience init(existingDataDirectory: String, extraEnvironment: [String: String] = [:]) throws {
        try self.init(dataDirectory: existingDataDirectory, ownsFolder: false, extraEnvironment: extraEnvironment)
    }

    private init(dataDirectory: String, ownsFolder: Bool, extraEnvironment: [String: String]) throws {
        self.dataDirectory = dataDirectory
        self.ownsFolder = ownsFolder
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lucka-relay")
        process.executableURL = executable
        process.arguments = ["serve", "--data-dir", dataDirectory, "--port", "0", "--log-level", "warning"]
        var environment = ProcessInfo.processInfo.environment
        environment["LUCKA_WRITER_MESSAGES_PER_DAY"] = "100000000"
        environment["LUCKA_NEW_THREADS_PER_HOUR"] = "100000000"
        // The load comes from one address: per-source budgets would measure only themselves.
        environment["LUCKA_NEW_THREADS_PER_SOURCE_PER_HOUR"] = "100000000"
        environment["LUCKA_STORAGE_BYTES_PER_SOURCE_PER_DAY"] = "1000000000000"
        environment["LUCKA_STORAGE_BYTES_PER_CLINIC_PER_DAY"] = "1000000000000"
        environment["LUCKA_REQUESTS_PER_SOURCE_PER_SECOND"] = "0"
        environment["LUCKA_REQUESTS_PER_SECOND"] = "100000000"
        environment["LUCKA_MAX_CONCURRENT"] = "100000"
        // An empty value removes a variable the benchmark itself was given.
        for (key, value) in extraEnvironment { environment[key] = value.isEmpty ? nil : value }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        let spawned = ContinuousClock.now
        try process.run()
        // Its standard output says "lucka-relay: serving on http://localhost:PORT" once it
        // serves (on PostgreSQL, after a line naming the database).
        var served: String?
        var line = Data()
        while served == nil {
            guard let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty else {
                throw ClientError(.local, "the relay did not start")
            }
            guard byte == Data("\n".utf8) else {
                line.append(byte)
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            if let range = text.range(of: "serving on http://") { served = String(text[text.index(range.upperBound, offsetBy: -7)...]) }
            line = Data()
        }
        url = served ?? ""
        let startup = ContinuousClock.now - spawned
        startupSeconds = Double(startup.components.seconds) + Double(startup.components.attoseconds) / 1e18
    }

    var pid: Int32 { process.processIdentifier }

    /// The port it listens on, from its URL.
    func port() throws -> Int {
        guard let port = Int(url.split(separator: ":").last ?? "") else { throw ClientError(.local, "no port in \(url)") }
        return port
    }

    /// Creates a clinic with the operator command and founds it; returns the admin's session.
    func foundClinic(slug: String, client: RelayClient) async throws -> StaffSession {
        let create = ChildProcess()
        create.executableURL = process.executableURL
        create.arguments = ["clinic", "create", slug, "--data-dir", dataDirectory, "--json"]
        // The relay's environment: on PostgreSQL, the same database.
        create.environment = process.environment
        let output = Pipe()
        create.standardOutput = output
        try create.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        create.waitUntilExit()
        let invitation = try JSONDecoder().decode(Invitation.self, from: data)
        let keys = try StaffKeys.generate()
        let profile = ClinicProfile(
            slug: slug, name: "Benchmark", region: "Län", municipalities: ["Kommun"], phone: "000", phoneHours: "aldrig",
            answerTime: "snart", channels: Channel.allCases, languages: ["sv"], about: "")
        let (_, fingerprint) = try await StaffSession.enrol(relay: client, keys: keys, token: invitation.token, displayName: "Bench", founding: profile)
        return StaffSession(relay: client, keys: keys, pin: fingerprint)
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        if ownsFolder { try? FileManager.default.removeItem(atPath: (dataDirectory as NSString).deletingLastPathComponent) }
    }
}

/// An HTTP client with a connection per benchmark client.
func benchHTTPClient(connections: Int) -> HTTPClient {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}
