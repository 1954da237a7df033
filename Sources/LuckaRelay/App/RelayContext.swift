import Hummingbird
import Logging
import NIOCore

/// The per-request context. Bodies are collected up to the configured limit; a larger
/// one is answered 413 before it is read in full. It carries where the request came from
/// for the budgets (SourceMiddleware), and nothing of it is logged or stored.
public struct RelayContext: RequestContext, SourceRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var maxUploadSize: Int
    var sourceKey: SourceKey?
    let peer: RequestSource
    /// The peer's address as text, only to compare with the trusted proxies.
    let peerAddress: String?
    let proxied: RequestSource?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        // Replaced per request by BodyLimitMiddleware with the configured limit.
        maxUploadSize = RelayConfiguration().maximumBodyBytes
        let remote = source.channel.remoteAddress
        peer = RequestSource(remote)
        peerAddress = remote?.ipAddress
        proxied = ProxiedSources.source(of: source.channel)
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
