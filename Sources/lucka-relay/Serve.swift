import ArgumentParser
import Foundation
import Hummingbird
import Logging
import LuckaRelay

extension LuckaRelayCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the relay until SIGTERM or SIGINT (requests in flight are finished first).")

        @OptionGroup var data: DataOptions

        @Option(help: "Address to listen on (env LUCKA_HOST; default 127.0.0.1).")
        var host: String?

        @Option(help: "Port to listen on (env LUCKA_PORT; default 8080; 0 picks a free one).")
        var port: Int?

        @Option(help: "Log level: error, warning, info or debug. Never run debug in production.")
        var logLevel: String = "info"

        func run() async throws {
            guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown log level \(logLevel)") }
            let configuration = try data.resolve(host: host, port: port)
            let logger = RelayLogging.bootstrap(level: level)
            let store = try openStore(configuration)
            let app = buildApplication(configuration: configuration, store: store, logger: logger) { channel in
                // One line a script can wait for, with the port actually bound.
                if let port = channel.localAddress?.port {
                    let host = configuration.host == "127.0.0.1" ? "localhost" : configuration.host
                    FileHandle.standardOutput.write(Data("lucka-relay: serving on http://\(host):\(port)\n".utf8))
                }
            }
            try await app.runService()
        }
    }
}
