import ArgumentParser
import Foundation
import Hummingbird
import Logging
import LuckaRelay
import LuckaText
import NIOCore
import ServiceLifecycle

extension LuckaRelayCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the relay until SIGTERM or SIGINT (requests in flight are finished first).",
            discussion: """
                Try it:  lucka-relay serve --demo   (a demo clinic and counsellor, on this computer only)
                """)

        @OptionGroup var data: DataOptions

        @Option(help: "Address to listen on (env LUCKA_HOST; default 127.0.0.1). Anything but loopback needs --allow-public.")
        var host: String?

        @Option(help: "Port to listen on (env LUCKA_PORT; default 8080; 0 picks a free one).")
        var port: Int?

        @Flag(help: "Allow a non-loopback --host, for a TLS proxy on another machine (env LUCKA_ALLOW_PUBLIC=1). Never without TLS in front.")
        var allowPublic = false

        @Option(help: """
            Also listen on 127.0.0.1:PORT for Tor's onion service, which opens each connection with a PROXY line \
            carrying the circuit (HiddenServiceExportCircuitID haproxy; see deploy/tor/writers.torrc). \
            Budgets are then kept per circuit (env LUCKA_TOR_PORT; default: off).
            """)
        var torPort: Int?

        @Option(help: """
            Also listen on HOST:PORT for the TLS proxy (nginx), the one listener where X-Real-IP names the writer's \
            address, believed only from trusted-proxies (default: loopback). Budgets are then kept per writer's \
            address (env LUCKA_PROXY_PORT; default: off; see deploy/nginx/lucka.conf).
            """)
        var proxyPort: Int?

        @Option(help: "Serve counts for Prometheus on 127.0.0.1:PORT/metrics (env LUCKA_METRICS_PORT; default: off).")
        var metricsPort: Int?

        @Flag(help: "Found a demo clinic and counsellor in the data folder on first run, and print what to try. Demo only.")
        var demo = false

        @Option(help: "Log level: error, warning, info or debug. Never run debug in production.")
        var logLevel: String = "info"

        func run() async throws {
            guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown log level \(logLevel)") }
            var resolved = try data.resolve(host: host, port: port, metricsPort: metricsPort, torPort: torPort, proxyPort: proxyPort)
            try refuseUnsafe(resolved)
            // The right-to-left test language (BrowserTests): never offered, and off unless asked for.
            if ProcessInfo.processInfo.environment["LUCKA_PSEUDO_LANGUAGE"] == "1" { Language.enablePseudoLanguage() }
            if demo && !resolved.publicFacts.missing.isEmpty { resolved.publicFacts = .demo }
            warnAboutMissingFacts(resolved)
            let configuration = resolved
            let logger = RelayLogging.bootstrap(level: level)
            raiseFileDescriptorLimit()
            ignoreFileSizeSignal()
            // The engine the configuration names (StorageEngine); the demo's folder is checked
            // once the store is migrated, before anything serves.
            let demo = self.demo
            let storage: OpenedStorage
            do {
                storage = try await StorageEngine.open(configuration, logger: logger) { store in
                    if demo { try await DemoClinic(configuration: configuration, store: store).checkDataFolder() }
                }
            } catch let refusal as StorageEngine.Refusal {
                throw fail(refusal, configuration)
            }
            if configuration.database != nil { say("lucka-relay: database \(storage.place)") }
            let store = storage.store
            let demoClinic = demo ? DemoClinic(configuration: configuration, store: store) : nil

            let metrics = configuration.metricsPort == nil ? nil : RelayMetrics()
            let (listening, announce) = AsyncStream.makeStream(of: Int.self)
            let app = buildApplication(configuration: configuration, store: store, logger: logger, metrics: metrics) { channel in
                guard let port = channel.localAddress?.port else { return }
                // The demo announces itself once its clinic is ready (DemoService).
                if demoClinic == nil { say("lucka-relay: serving on \(configuration.displayURL(port: port))") }
                announce.yield(port)
                announce.finish()
            }
            // The storage's own services first, so they stop last.
            var services = storage.first
            services.append(.init(service: app))
            if let metrics, let metricsPort = configuration.metricsPort {
                services.append(.init(service: buildMetricsApplication(port: metricsPort, metrics: metrics, store: store, logger: logger) { channel in
                    if let port = channel.localAddress?.port { say("lucka-relay: metrics on http://\(metricsHost):\(port)/metrics") }
                }))
            }
            if let demoClinic {
                services.append(.init(service: DemoService(clinic: demoClinic, listening: listening), successTerminationBehavior: .ignore))
            }
            services += storage.last
            var quiet = logger
            if quiet.logLevel < .warning { quiet.logLevel = .warning }
            let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: quiet))
            defer { withExtendedLifetime(storage) {} }
            do {
                try await group.run()
                await storage.close()
            } catch let refusal as StorageEngine.Refusal {
                throw fail(refusal, configuration)
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                throw fail("another program already listens on port \(configuration.port) (or the tor, proxy or metrics port): stop it, or choose another with --port")
            }
        }

        /// A relay that faces the public must publish who is responsible and how accessible
        /// it is (a Swedish public body must); say loudly which facts are missing.
        func warnAboutMissingFacts(_ configuration: RelayConfiguration) {
            let missing = configuration.publicFacts.missing
            let facingPublic = isAllowedPublic || configuration.proxyPort != nil || configuration.torPort != nil
            guard facingPublic, !missing.isEmpty else { return }
            FileHandle.standardError.write(Data("""
                lucka-relay: WARNING: the privacy notice (/privacy) and the accessibility statement (/accessibility)
                lucka-relay: WARNING: lack the operator's facts: \(missing.joined(separator: ", ")).
                lucka-relay: WARNING: a Swedish public body must publish them. Set them in the config file
                lucka-relay: WARNING: (deploy/OPERATING.md, "Before going public") and restart.

                """.utf8))
        }

        var isAllowedPublic: Bool {
            allowPublic || ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment["LUCKA_ALLOW_PUBLIC"]?.lowercased() ?? "")
        }

        /// Settings the relay will not run with, each refused with how to fix it.
        func refuseUnsafe(_ configuration: RelayConfiguration) throws {
            let allowed = isAllowedPublic
            if demo && !isLoopback(configuration.host) {
                throw fail("refusing to start: --demo keeps the demo counsellor's keys and passphrase in the data folder, so it only listens on loopback. Drop --host \(configuration.host), or drop --demo.")
            }
            if !isLoopback(configuration.host) && !allowed {
                throw fail("refusing to listen on \(configuration.host): the relay belongs behind a TLS proxy or a Tor onion service on this machine. "
                    + "Listen on 127.0.0.1 (the default) and point the proxy there (see deploy/), or, if the proxy runs on another machine, add --allow-public.")
            }
        }
    }
}

extension RelayConfiguration {
    /// The address people type: loopback shown as localhost.
    func displayURL(port: Int) -> String {
        "http://\(host == "127.0.0.1" ? "localhost" : host):\(port)"
    }
}

/// Every connection holds a file descriptor: take all the hard limit allows, so a crowd of
/// idle connections meets the idle timeout rather than the (often low) soft limit.
func raiseFileDescriptorLimit() {
    let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    var limit = rlimit()
    guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    limit.rlim_cur = limit.rlim_max
    _ = setrlimit(resource, &limit)
}

/// A file-size limit (RLIMIT_FSIZE) should fail a write like a full disk does (the client
/// gets an error, nothing is acknowledged) instead of killing the relay with SIGXFSZ.
func ignoreFileSizeSignal() {
    signal(SIGXFSZ, SIG_IGN)
}

/// One line to standard output, unbuffered (scripts and tests wait for these lines).
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
