import Hummingbird
import Logging
import NIOCore

/// The optional metrics endpoint: its own small server on a loopback port, apart from the
/// relay's, so that a proxy or onion service in front of the relay can never expose it.
/// `GET /metrics` answers counts in the Prometheus text format; see RelayMetrics.
public func buildMetricsApplication(
    port: Int, metrics: RelayMetrics, store: any RelayStore, logger: Logger,
    onServerRunning: @escaping @Sendable (any NIOCore.Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router()
    router.get("/metrics") { _, _ in
        let clinics = try await store.clinics().map(\.slug)
        let text = metrics.render(clinics: clinics, threadCounts: try await store.threadCounts())
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
    var frameworkLogger = logger
    if frameworkLogger.logLevel < .warning { frameworkLogger.logLevel = .warning }
    return Application(
        router: router,
        configuration: .init(address: .hostname(metricsHost, port: port), serverName: nil),
        onServerRunning: onServerRunning,
        logger: frameworkLogger)
}

/// The metrics server listens on loopback only, whatever the relay's own address.
public let metricsHost = "127.0.0.1"
