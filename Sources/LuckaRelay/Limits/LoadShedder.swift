import Foundation
import Hummingbird

/// The relay-wide limits, which need no identity: a token bucket of requests per second
/// and a cap on requests in flight. Past either, the answer is 503 with Retry-After,
/// at once, instead of a queue that times out.
final class LoadShedder: Sendable {
    private struct State {
        var tokens: Double
        var refilled: ContinuousClock.Instant
        var inFlight = 0
    }

    private let state: Locked<State>
    private let ratePerSecond: Double
    private let maximumInFlight: Int

    init(requestsPerSecond: Int, maximumConcurrent: Int) {
        ratePerSecond = Double(requestsPerSecond)
        maximumInFlight = maximumConcurrent
        state = Locked(State(tokens: Double(requestsPerSecond), refilled: .now))
    }

    /// Takes a slot if one is free; the caller must `release()` it afterwards.
    func admit() -> Bool {
        state.withLock { state in
            let now = ContinuousClock.now
            let elapsed = now - state.refilled
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            state.tokens = min(ratePerSecond, state.tokens + seconds * ratePerSecond)
            state.refilled = now
            guard state.tokens >= 1, state.inFlight < maximumInFlight else { return false }
            state.tokens -= 1
            state.inFlight += 1
            return true
        }
    }

    func release() { state.withLock { $0.inFlight -= 1 } }
}

struct LoadSheddingMiddleware<Context: RequestContext>: RouterMiddleware {
    let shedder: LoadShedder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard shedder.admit() else { throw APIError.overloaded }
        defer { shedder.release() }
        return try await next(request, context)
    }
}
