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
    let router = buildRouter(configuration: configuration, store: store, metrics: metrics)
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

/// The router alone, for tests that need no server. Also the relay's composition: each
/// piece of memory (budgets, members' keys, nonces, form and visit tokens) is made once
/// here, and each controller gets the services it uses and nothing else.
public func buildRouter(configuration: RelayConfiguration, store: any RelayStore, metrics: RelayMetrics? = nil) -> Router<RelayContext> {
    let budgets = SourceBudgets(configuration, shared: store.sharedLimits)
    let members = MemberKeys()
    members.refreshIfStale(from: store)
    let directory = ClinicDirectory(store: store)
    let retention = Retention(configuration)
    let authenticator = StaffAuthenticator(store: store, members: members, nonces: StaffNonces(shared: store.sharedLimits))
    let writer = WriterService(
        store: store, directory: directory, budgets: budgets, retention: retention, dailyLimit: configuration.writerMessagesPerThreadPerDay)
    let desk = DeskService(store: store, retention: retention, dailyLimit: configuration.clinicMessagesPerThreadPerDay)
    let enrolment = EnrolmentService(store: store, directory: directory, members: members, tokenDays: configuration.enrolmentTokenDays)
    let clinics = ClinicAdminService(store: store, directory: directory)
    let notices = NoticeSettingsService(
        store: store, directory: directory, sender: NoticeSender(configuration: configuration, logger: Logger(label: "lucka-relay.notices")),
        minimumIntervalMinutes: configuration.minimumNoticeIntervalMinutes)
    let pages = WebPages<RelayContext>(
        writer: WebWriter(service: writer),
        tokens: FormTokens(
            lifetimeSeconds: configuration.formTokenSeconds, conversationSeconds: configuration.conversationFormSeconds,
            maximumSpent: configuration.maximumSpentFormTokens),
        visits: VisitTokens(idleSeconds: configuration.visitIdleSeconds), retention: retention, facts: configuration.publicFacts)

    let router = Router(context: RelayContext.self)
    if let metrics { router.add(middleware: RequestCountingMiddleware(metrics: metrics)) }  // first: sees every final status
    router.addMiddleware {
        SecurityHeadersMiddleware()
        WebErrorPagesMiddleware()  // browsers get calm HTML pages for errors off the API (Web/)
        BodyLimitMiddleware(maximumBytes: configuration.maximumBodyBytes)
        // Per source before relay-wide: one busy source is answered 429 on its own.
        SourceMiddleware<RelayContext>(budgets: budgets, members: members, store: store, trustedProxies: configuration.trustedProxies)
        LoadSheddingMiddleware(shedder: LoadShedder(
            requestsPerSecond: configuration.requestsPerSecond, maximumConcurrent: configuration.maximumConcurrentRequests))
        ErrorMiddleware()
    }
    router.get("/healthz") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }
    PublicController(directory: directory).addRoutes(to: router)
    WriterController(service: writer).addRoutes(to: router)
    // Staff routes sit in groups that authenticate first, and check the admin role (StaffRoutes).
    let staff = StaffRoutes(router: router, authenticator: authenticator)
    StaffController(desk: desk, enrolment: enrolment, clinics: clinics, authenticator: authenticator).addRoutes(to: router, staff)
    AdminController(enrolment: enrolment, clinics: clinics).addRoutes(to: staff)
    NoticeController(service: notices).addRoutes(to: staff)
    StatisticsController(reader: StatisticsReader(store: store)).addRoutes(to: staff)
    NoteController(desk: desk).addRoutes(to: staff)
    pages.addRoutes(to: router)
    return router
}
