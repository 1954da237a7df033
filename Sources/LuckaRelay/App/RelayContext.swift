import Hummingbird
import Logging

/// The per-request context. Bodies are collected up to the configured limit; a larger
/// one is answered 413 before it is read in full.
public struct RelayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var maxUploadSize: Int

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        // Replaced per request by BodyLimitMiddleware with the configured limit.
        maxUploadSize = RelayConfiguration().maximumBodyBytes
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
