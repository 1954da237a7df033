import Hummingbird
import HTTPTypes
import LuckaCore

/// A context that knows the pseudonym of the request's source (RelayContext does).
protocol SourceRequestContext: RequestContext {
    var sourceKey: SourceKey? { get set }
    var peer: RequestSource { get }
    var peerAddress: String? { get }
    var proxied: RequestSource? { get }
}

extension RequestContext {
    /// The source pseudonym SourceMiddleware found, if this context carries one.
    var budgetKey: SourceKey? { (self as? any SourceRequestContext)?.sourceKey }
}

/// Finds the source of each request and spends one request from its budget, before the
/// relay-wide load shedder: one busy source gets 429s of its own instead of using up what
/// everyone shares. The source is, in order: the PROXY line of the Tor listener (a circuit),
/// `X-Real-IP` when the peer is a configured trusted proxy, or the peer's own address.
///
/// Staff share sources with strangers (an office's address; the staff onion service, which
/// arrives from 127.0.0.1): a staff request whose key belongs to a member of a clinic is
/// never refused for its source's budget, so no flood from the same place can lock a
/// counsellor out. The request is still authenticated as usual afterwards.
struct SourceMiddleware<Context: SourceRequestContext>: RouterMiddleware {
    let relay: Relay
    let trustedProxies: Set<String>
    var budgets: SourceBudgets { relay.budgets }

    init(relay: Relay) {
        self.relay = relay
        trustedProxies = Set(relay.configuration.trustedProxies)
    }

    static var realIP: HTTPField.Name { HTTPField.Name("X-Real-IP")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let key = budgets.key(for: source(request, context))
        context.sourceKey = key
        if let wait = budgets.requests.take(key), try await !isMember(request) {
            throw APIError(
                .tooManyRequests, "rate_limited", "Many requests came from your connection in a short time. Please wait a moment.",
                retryAfter: wait)
        }
        return try await next(request, context)
    }

    /// Whether a staff request names the signing key of an enrolled, not removed member.
    /// Only asked once the source is over its budget (one indexed read).
    func isMember(_ request: Request) async throws -> Bool {
        guard request.uri.path.hasPrefix("/v1/staff/"), let name = HTTPField.Name(SignedRequest.keyHeader),
              let key = request.headers[name].flatMap({ [UInt8](base64: $0) }), key.count == SigningKeyPair.publicKeyLength
        else { return false }
        guard let member = try await relay.store.staff(signingKey: key) else { return false }
        return member.status != .removed
    }

    func source(_ request: Request, _ context: Context) -> RequestSource {
        if let proxied = context.proxied { return proxied }
        // The peer's address as text only where a proxy is trusted at all.
        if !trustedProxies.isEmpty, case .address = context.peer, let peer = context.peerAddress, trustedProxies.contains(peer),
           let header = request.headers[Self.realIP], let declared = RequestSource(header: header) {
            return declared
        }
        return context.peer
    }
}
