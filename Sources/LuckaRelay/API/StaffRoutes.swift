import Hummingbird
import LuckaCore

/// The context of a staff route: the parent's, plus the member StaffAuthenticationMiddleware
/// found (and the request body it read to check the signature).
struct StaffContext: ChildRequestContext {
    typealias ParentContext = RelayContext

    var coreContext: CoreRequestContextStorage
    var maxUploadSize: Int
    var authenticated: StaffRequest?

    init(context: RelayContext) {
        coreContext = context.coreContext
        maxUploadSize = context.maxUploadSize
    }

    /// The signed request's member; set by the group's middleware before any handler runs.
    var staff: StaffRequest {
        get throws {
            guard let authenticated else { throw APIError.unauthorised }
            return authenticated
        }
    }
}

/// Authenticates every request of its group (StaffAuthenticator: signature, freshness,
/// nonce, an active member), so no handler does it by hand.
struct StaffAuthenticationMiddleware: RouterMiddleware {
    typealias Context = StaffContext
    let authenticator: StaffAuthenticator
    /// For `/v1/staff/me` only: a member waiting for approval may ask who they are.
    var allowPending = false

    func handle(_ request: Request, context: StaffContext, next: (Request, StaffContext) async throws -> Response) async throws -> Response {
        var context = context
        context.authenticated = try await authenticator.authenticate(request, context, allowPending: allowPending)
        return try await next(request, context)
    }
}

/// Admins only: a counsellor's request is refused (403 admin_only) before its handler runs.
struct AdminOnlyMiddleware: RouterMiddleware {
    typealias Context = StaffContext

    func handle(_ request: Request, context: StaffContext, next: (Request, StaffContext) async throws -> Response) async throws -> Response {
        try context.staff.requireAdmin()
        return try await next(request, context)
    }
}

/// The staff API's route groups under `/v1/staff`, each behind its checks. Enrolment is
/// not in any: its key is not known yet (StaffController.enrol).
struct StaffRoutes {
    /// Any active member.
    let members: RouterGroup<StaffContext>
    /// Active admins.
    let admins: RouterGroup<StaffContext>
    /// Active or waiting for approval.
    let pendingToo: RouterGroup<StaffContext>

    init(router: Router<RelayContext>, authenticator: StaffAuthenticator) {
        members = router.group("/v1/staff", context: StaffContext.self).add(middleware: StaffAuthenticationMiddleware(authenticator: authenticator))
        admins = members.group().add(middleware: AdminOnlyMiddleware())
        pendingToo = router.group("/v1/staff", context: StaffContext.self)
            .add(middleware: StaffAuthenticationMiddleware(authenticator: authenticator, allowPending: true))
    }
}
