import Hummingbird
import Logging

/// The per-request context. Bodies are collected up to the configured limit; a larger
/// one is answered 413 before it is read in full.
public struct RelayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var maxUploadSize: Int

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        maxUploadSize = RelayContext.defaultMaximumBody
    }

    /// Set once at start-up from the configuration, before the server accepts requests.
    nonisolated(unsafe) static var defaultMaximumBody = 96 * 1024
}

/// Gives each request this application's body limit. `defaultMaximumBody` is shared by
/// every application in the process, so without this the last one built (in tests, a
/// parallel test's) would set the limit for all.
struct BodyLimitMiddleware: RouterMiddleware {
    let maximumBytes: Int

    func handle(_ request: Request, context: RelayContext, next: (Request, RelayContext) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maximumBytes
        return try await next(request, context)
    }
}
