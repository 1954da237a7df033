import Hummingbird
import Logging
import NIOCore

/// The per-request context. Bodies are collected up to the configured limit; a larger
/// one is answered 413 before it is read in full. It carries where the request came from
/// for the budgets (SourceMiddleware), and nothing of it is logged or stored.
public struct RelayContext: RequestContext, SourceRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var maxUploadSize: Int
    var budgetSource: BudgetSource?
    /// The TCP peer, for this request only: never stored or logged.
    let remote: SocketAddress?
    let listener: Listener

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        // Replaced per request by BodyLimitMiddleware with the configured limit.
        maxUploadSize = RelayConfiguration().maximumBodyBytes
        remote = source.channel.remoteAddress
        listener = Listener.of(source.channel)
    }
}

/// Gives each request its application's body limit (a context cannot see the
/// configuration, and a process-wide value would leak between applications in tests).
struct BodyLimitMiddleware: RouterMiddleware {
    let maximumBytes: Int

    func handle(_ request: Request, context: RelayContext, next: (Request, RelayContext) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maximumBytes
        return try await next(request, context)
    }
}
