import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore
import LuckaRelay

extension LuckaBench {
    struct Engines: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The load benchmark on SQLite, on PostgreSQL, and on two relays sharing PostgreSQL, side by side in one run.",
            discussion: """
                Three set-ups one after another on the same machine, each on fresh storage with the same data: one relay \
                on SQLite; one relay on PostgreSQL; two relays on the same PostgreSQL database, the clients split between \
                them. Each operation (create, post, read, inbox) runs from --clients connections for --seconds. Prints \
                throughput, latency and the CPU each request cost the relays, the PostgreSQL server and the load generator, \
                then a table side by side. The server is --database (or LUCKA_DATABASE_URL) with the password in \
                LUCKA_DATABASE_PASSWORD or LUCKA_DATABASE_PASSWORD_FILE; each set-up gets a schema of its own, dropped \
                afterwards. Use a throw-away server: scripts/bench-engines starts one.
                """)

        @Option(help: "The PostgreSQL server (postgres://USER@HOST:PORT/DATABASE); default LUCKA_DATABASE_URL.") var database: String?
        @Option(help: "Concurrent clients (one connection each).") var clients = 32
        @Option(help: "Seconds per operation.") var seconds = 5.0
        @Option(help: "Threads to create before measuring, so the data set is not tiny.") var threads = 1000
        @Option(help: "Operations to measure, comma-separated: create, post, read, inbox.") var only = "create,post,read,inbox"

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            guard let url = database ?? environment["LUCKA_DATABASE_URL"] else {
                throw ValidationError("give the PostgreSQL server: --database postgres://… or LUCKA_DATABASE_URL")
            }
            let settings = try PostgresSettings(url: url, password: try Self.password(environment))
            let operations = BenchOperation.named(only)
            print(String(format: "lucka-bench engines: %d clients, %.0f s per operation, %d threads before; PostgreSQL at %@:%d",
                         clients, seconds, threads, settings.host, settings.port))

            var figures: [(setup: String, results: [BenchOperation: EngineFigures])] = []
            figures.append(("SQLite", try await measure("SQLite, one relay", relays: 1, database: nil, operations: operations)))
            for relays in [1, 2] {
                let schema = "lucka_bench_" + Random.bytes(6).hex
                try await PostgresRelayStore.administer(settings, "CREATE SCHEMA \(schema)")
                do {
                    let name = relays == 1 ? "PostgreSQL" : "PostgreSQL ×2"
                    let title = relays == 1 ? "PostgreSQL, one relay" : "PostgreSQL, two relays on one database"
                    figures.append((name, try await measure(title, relays: relays, database: Self.url(url, schema: schema), operations: operations)))
                } catch {
                    try? await PostgresRelayStore.administer(settings, "DROP SCHEMA \(schema) CASCADE")
                    throw error
                }
                try await PostgresRelayStore.administer(settings, "DROP SCHEMA \(schema) CASCADE")
            }
            Self.printTable(figures, operations: operations)
        }

        /// Starts `relays` relays on SQLite (`database` nil) or on `database`, fills them
        /// the same way `load` does, and runs each operation.
        func measure(_ title: String, relays count: Int, database: String?, operations: [BenchOperation]) async throws -> [BenchOperation: EngineFigures] {
            print("\n== \(title) ==")
            // An empty value removes the variable: the SQLite relay must not inherit a URL.
            let extra = ["LUCKA_DATABASE_URL": database ?? ""]
            let first = try BenchRelay(extraEnvironment: extra)
            var relays = [first]
            defer { relays.forEach { $0.stop() } }
            for _ in 1..<count { relays.append(try BenchRelay(extraEnvironment: extra)) }
            let http = benchHTTPClient(connections: clients)
            let client = RelayClient(baseURL: first.url, http: http)
            let admin = try await first.foundClinic(slug: "bench", client: client)
            let fixture = try await LoadFixture.prepare(
                client: client, admin: admin, clients: clients, threads: threads, creates: Int(seconds * Double(clients) * 250))
            let ports = try relays.map { try $0.port() }
            print(String(format: "relays started in %@ s", relays.map { String(format: "%.2f", $0.startupSeconds) }.joined(separator: ", ")))

            var figures: [BenchOperation: EngineFigures] = [:]
            try? await http.shutdown()  // the fixture is made; the load uses its own sockets
            for operation in operations {
                let commitsBefore = try await commitCounters(database)
                let before = CPUSample(relays: relays.map(\.pid))
                let result = try runOperations([operation], ports: ports, fixture: fixture, admin: admin, clients: clients, seconds: seconds)[operation]!
                let spent = CPUSample(relays: relays.map(\.pid)) - before
                // The server publishes its counters about once a second.
                if database != nil { try await Task.sleep(for: .milliseconds(1500)) }
                let commitsAfter = try await commitCounters(database)
                let requests = max(1, result.latencies.count)
                let figure = EngineFigures(
                    result: result, relayMilliseconds: spent.relays * 1000 / Double(requests),
                    postgresMilliseconds: spent.postgres * 1000 / Double(requests), clientMilliseconds: spent.generator * 1000 / Double(requests))
                result.print("HTTP: " + operation.title)
                print(String(format: "  CPU per request: relays %.2f ms, PostgreSQL %.2f ms, load generator %.2f ms",
                             figure.relayMilliseconds, figure.postgresMilliseconds, figure.clientMilliseconds))
                if let before = commitsBefore, let after = commitsAfter, after.walSyncs > before.walSyncs {
                    let commits = after.commits - before.commits, syncs = after.walSyncs - before.walSyncs
                    print(String(format: "  PostgreSQL: %lld commits, %lld WAL flushes, %.1f commits per flush",
                                 commits, syncs, Double(commits) / Double(syncs)))
                }
                figures[operation] = figure
            }
            return figures
        }

        static func printTable(_ figures: [(setup: String, results: [BenchOperation: EngineFigures])], operations: [BenchOperation]) {
            print("\n== side by side ==")
            print("operation               set-up           req/s   p50 ms   p99 ms  p99.9 ms  errors   CPU ms/request: relays  PostgreSQL")
            for operation in operations {
                for (index, (setup, results)) in figures.enumerated() {
                    guard let figure = results[operation] else { continue }
                    let result = figure.result
                    let errors = result.errors.values.reduce(0, +)
                    let name = index == 0 ? operation.title : ""
                    print(String(format: "%@ %@ %7.0f %8.2f %8.2f %9.2f %7d %23.2f %11.2f",
                                 name.padding(toLength: 23, withPad: " ", startingAt: 0) as NSString,
                                 setup.padding(toLength: 14, withPad: " ", startingAt: 0) as NSString,
                                 result.throughput, result.percentile(0.5) * 1000, result.percentile(0.99) * 1000,
                                 result.percentile(0.999) * 1000, errors, figure.relayMilliseconds, figure.postgresMilliseconds))
                }
            }
            guard let sqlite = figures.first?.results else { return }
            for (setup, results) in figures.dropFirst() {
                let ratios = operations.compactMap { operation -> String? in
                    guard let a = results[operation]?.result.throughput, let b = sqlite[operation]?.result.throughput, b > 0 else { return nil }
                    return "\(operation.name) " + String(format: "%.2f", a / b)
                }
                print("\(setup) / SQLite throughput: " + ratios.joined(separator: ", "))
            }
        }

        /// The server's commit and WAL-flush counters, when the set-up uses PostgreSQL.
        func commitCounters(_ database: String?) async throws -> (commits: Int64, walSyncs: Int64)? {
            guard let database else { return nil }
            return try await PostgresRelayStore.commitCounters(try PostgresSettings(url: database, password: try Self.password(ProcessInfo.processInfo.environment)))
        }

        static func password(_ environment: [String: String]) throws -> String? {
            if let path = environment["LUCKA_DATABASE_PASSWORD_FILE"] {
                return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .newlines)
            }
            return environment["LUCKA_DATABASE_PASSWORD"]
        }

        /// `url` with its `schema` parameter set to `schema`.
        static func url(_ url: String, schema: String) -> String {
            guard var parts = URLComponents(string: url) else { return url }
            parts.queryItems = (parts.queryItems ?? []).filter { $0.name != "schema" } + [URLQueryItem(name: "schema", value: schema)]
            return parts.string ?? url
        }
    }
}

/// One operation's figures in one set-up.
struct EngineFigures {
    var result: LoadResult
    var relayMilliseconds: Double
    var postgresMilliseconds: Double
    var clientMilliseconds: Double
}

/// CPU seconds used so far by the relays, by every PostgreSQL server process on the machine
/// and by this process (the load generator).
struct CPUSample {
    var relays: Double
    var postgres: Double
    var generator: Double

    init(relays pids: [Int32]) {
        relays = pids.map { cpuSeconds(pid: $0) }.reduce(0, +)
        generator = cpuSeconds(pid: getpid())
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        postgres = processes.compactMap { Int32($0) }.filter { pid in
            (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.hasPrefix("postgres") == true
        }.map { cpuSeconds(pid: $0) }.reduce(0, +)
    }

    private init(relays: Double, postgres: Double, generator: Double) {
        (self.relays, self.postgres, self.generator) = (relays, postgres, generator)
    }

    static func - (a: CPUSample, b: CPUSample) -> CPUSample {
        CPUSample(relays: a.relays - b.relays, postgres: a.postgres - b.postgres, generator: a.generator - b.generator)
    }
}
