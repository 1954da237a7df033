import Hummingbird
import HTTPTypes
import LuckaCore
import NIOCore

/// A context that knows the request's source for the budgets (RelayContext does).
protocol SourceRequestContext: RequestContext {
    var budgetSource: BudgetSource? { get set }
    var remote: SocketAddress? { get }
    var listener: Listener { get }
}

extension RequestContext {
    /// The source SourceMiddleware found, if this context carries one.
    var source: BudgetSource? { (self as? any SourceRequestContext)?.budgetSource }
}

/// Finds the source of each request and spends one request from its budget, before the
/// relay-wide load shedder: one busy source gets 429s of its own instead of using up what
/// everyone shares. The source is, by listener: the circuit of tor's PROXY line; on the
/// TLS proxy's listener, `X-Real-IP` when the peer is a trusted proxy; else the peer.
///
/// Staff share sources with strangers (an office's address; the staff onion service, which
/// arrives from 127.0.0.1): a staff request whose key belongs to a member of a clinic is
/// never refused for its source's budget, so no flood from the same place can lock a
/// counsellor out. Membership is answered from memory (MemberKeys): a refusal never costs
/// a database read. An over-budget request that then fails authentication gets the same
/// 429 as one with an unknown key, so the answer never tells whether a key is enrolled.
struct SourceMiddleware<Context: SourceRequestContext>: RouterMiddleware {
    let budgets: SourceBudgets
    /// Whose requests pass over budget; refreshed from `store` now and then.
    let members: MemberKeys
    let store: any RelayStore
    /// The proxies' addresses as bytes (RequestSource.addressBytes), never as text.
    let trustedProxies: Set<[UInt8]>

    init(budgets: SourceBudgets, members: MemberKeys, store: any RelayStore, trustedProxies: [String]) {
        self.budgets = budgets
        self.members = members
        self.store = store
        let configured = trustedProxies.isEmpty ? ["127.0.0.1", "::1"] : trustedProxies
        self.trustedProxies = Set(configured.compactMap { try? SocketAddress(ipAddress: $0, port: 0) }.compactMap(RequestSource.addressBytes))
    }

    static var realIP: HTTPField.Name { HTTPField.Name("X-Real-IP")! }

    static func rateLimited(wait: Int) -> APIError {
        APIError(.tooManyRequests, "rate_limited", "Many requests came from your connection in a short time. Please wait a moment.", retryAfter: wait)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let source = budgets.source(for: source(request, context))
        context.budgetSource = source
        guard let wait = budgets.requests.take(source.own) else {
            members.refreshIfStale(from: store)
            return try await next(request, context)
        }
        guard isMember(request) else { throw Self.rateLimited(wait: wait) }
        do {
            return try await next(request, context)
        } catch let error as APIError where error.status == .unauthorized || ["pending", "revoked"].contains(error.code) {
            throw Self.rateLimited(wait: wait)
        }
    }

    /// Whether a staff request names the signing key of a member (from memory only).
    func isMember(_ request: Request) -> Bool {
        guard request.uri.path.hasPrefix("/v1/staff/"), let name = HTTPField.Name(SignedRequest.keyHeader),
              let key = request.headers[name].flatMap({ [UInt8](base64: $0) }), key.count == SigningKeyPair.publicKeyLength
        else { return false }
        return members.contains(key)
    }

    func source(_ request: Request, _ context: Context) -> RequestSource {
        switch context.listener {
        case .tor(let circuit):
            return circuit
        case .proxy:
            if let peer = context.remote.flatMap(RequestSource.addressBytes), trustedProxies.contains(peer),
               let header = request.headers[Self.realIP], let declared = RequestSource(header: header) {
                return declared
            }
            return RequestSource(context.remote)
        case .direct:
            return RequestSource(context.remote)
        }
    }
}
