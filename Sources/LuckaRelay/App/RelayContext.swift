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
