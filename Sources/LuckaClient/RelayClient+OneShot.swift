import AsyncHTTPClient
import NIOCore

extension RelayClient {
    /// Runs `body` with a client of its own, made for one command-line run, and shuts it
    /// down afterwards. Unlike the shared client it does not keep retrying a connection
    /// that is refused until the request's deadline (a person would wait half a minute to
    /// learn that the relay is down), and it follows no redirects.
    public static func withOneShotClient<T>(
        baseURL: String, connectTimeoutSeconds: Int64 = 20, _ body: (RelayClient) async throws -> T
    ) async throws -> T {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(connectTimeoutSeconds)))
        configuration.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let result: T
        do {
            result = try await body(RelayClient(baseURL: baseURL, http: http))
        } catch {
            try? await http.shutdown()
            throw error
        }
        try? await http.shutdown()
        return result
    }
}
