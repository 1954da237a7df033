import Hummingbird
import HummingbirdCore
import Logging
import LuckaCore
import NIOCore

/// Builds the relay: routes, middleware, the expiry sweep. Tests call this with a test
/// configuration and an in-memory store.
public func buildApplication(
    configuration: RelayConfiguration, store: any RelayStore, logger: Logger, metrics: RelayMetrics? = nil,
    onServerRunning: @escaping @Sendable (any NIOCore.Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let relay = Relay(store: store, configuration: configuration)
    let router = buildRouter(relay: relay, metrics: metrics)
    // The framework's own info lines name the bound address; keep it to warnings and up.
    var frameworkLogger = logger
    if frameworkLogger.logLevel < .warning { frameworkLogger.logLevel = .warning }
    let http1 = HTTP1Channel.Configuration(
        additionalChannelHandlers: [RequestDeadlineHandler(seconds: configuration.idleTimeoutSeconds)],
        idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))
    var app = Application(
        router: router,
        server: .http1(configuration: http1),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        onServerRunning: onServerRunning,
        logger: frameworkLogger)
    if let torPort = configuration.torPort {
        // Tor's onion service: the same routes, behind a PROXY protocol line (ProxyProtocol.swift).
        app.addServices(Application(
            router: router,
            server: HTTPServerBuilder { responder in ProxiedHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: http1)) },
            // Loopback always: whoever reaches this port can claim any source.
            configuration: .init(address: .hostname("127.0.0.1", port: torPort), serverName: nil),
            logger: frameworkLogger))
    }
    if let proxyPort = configuration.proxyPort {
        // The TLS proxy's listener: the same routes, and the one place X-Real-IP is read.
        app.addServices(Application(
            router: router,
            server: HTTPServerBuilder { responder in ReverseProxyHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: http1)) },
            configuration: .init(address: .hostname(configuration.host, port: proxyPort), serverName: nil),
            logger: frameworkLogger))
    }
    if configuration.sweepIntervalHours > 0 {
        app.addServices(SweepService(
            store: store, intervalHours: configuration.sweepIntervalHours, auditRetentionDays: configuration.retentionDays, logger: logger,
            metrics: metrics))
    }
    if configuration.noticesEnabled {
        app.addServices(NoticeService(store: store, configuration: configuration, logger: logger))
    }
    return app
}

/// The router alone, for tests that need no server.
public func buildRouter(configuration: RelayConfiguration, store: any RelayStore, metrics: RelayMetrics? = nil) -> Router<RelayContext> {
    buildRouter(relay: Relay(store: store, configuration: configuration), metrics: metrics)
}

func buildRouter(relay: Relay, metrics: RelayMetrics?) -> Router<RelayContext> {
    let configuration = relay.configuration
    let router = Router(context: RelayContext.self)
    if let metrics { router.add(middleware: RequestCountingMiddleware(metrics: metrics)) }  // first: sees every final status
    router.addMiddleware {
        SecurityHeadersMiddleware()
        WebErrorPagesMiddleware()  // browsers get calm HTML pages for errors off the API (Web/)
        BodyLimitMiddleware(maximumBytes: configuration.maximumBodyBytes)
        // Per source before relay-wide: one busy source is answered 429 on its own.
        SourceMiddleware<RelayContext>(relay: relay)
        LoadSheddingMiddleware(shedder: LoadShedder(
            requestsPerSecond: configuration.requestsPerSecond, maximumConcurrent: configuration.maximumConcurrentRequests))
        ErrorMiddleware()
    }
    router.get("/healthz") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }
    PublicController(relay: relay).addRoutes(to: router)
    WriterController(relay: relay).addRoutes(to: router)
    // Staff routes sit in groups that authenticate first, and check the admin role (StaffRoutes).
    let staff = StaffRoutes(router: router, relay: relay)
    StaffController(relay: relay).addRoutes(to: router, staff)
    AdminController(relay: relay).addRoutes(to: staff)
    NoticeController(relay: relay, logger: Logger(label: "lucka-relay.notices")).addRoutes(to: staff)
    StatisticsController(relay: relay).addRoutes(to: staff)
    NoteController(relay: relay).addRoutes(to: staff)
    WebPages(relay: relay).addRoutes(to: router)
    return router
}
