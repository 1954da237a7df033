import Hummingbird

/// Counts each answered request under the route pattern the router matched
/// (`context.endpointPath`, e.g. `/v1/staff/threads/{handle}`; `NotFound` when none
/// matched), never under the concrete path, which could hold a handle.
struct RequestCountingMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: RelayMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            metrics.countRequest(route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: response.status.code)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.countRequest(route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: status)
            throw error
        }
    }
}
