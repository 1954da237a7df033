import Hummingbird
import LuckaText

/// Gives people in a browser a calm page instead of the API's JSON when the relay answers
/// an error before or outside the web pages' own handlers: the load shedder's 503, a page
/// that does not exist (404), a body over the limit (413), storage trouble (5xx).
///
/// It applies only off the API (`/v1/…`, `/healthz`) and only to requests that accept
/// HTML, which every browser navigation and form post does; API clients see no change.
/// Status and Retry-After stay as they were. It sits inside SecurityHeadersMiddleware, so
/// the pages carry the same headers as everything else.
struct WebErrorPagesMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError where Self.wantsPage(request) {
            return Self.page(for: error, language: WebPages<Context>.language(request)).response()
        }
    }

    static func wantsPage(_ request: Request) -> Bool {
        let path = request.uri.path
        guard path != "/v1", !path.hasPrefix("/v1/"), path != "/healthz" else { return false }
        return request.headers[.accept]?.lowercased().contains("text/html") ?? false
    }

    static func page(for error: APIError, language: Language) -> WebPage {
        var page: WebPage
        switch error.status {
        case .notFound, .methodNotAllowed:
            page = .notFound(language)
        case .contentTooLarge:
            page = .tooLarge(language)
        case .serviceUnavailable where error.code == APIError.overloaded.code:
            page = .busy(language, retryAfter: error.retryAfter)
        case .tooManyRequests where error.code == "rate_limited":
            page = .notice(language, .tooManyRequests, title: "rateLimitedTitle", paragraphs: ["rateLimitedText"])
        case .badRequest:
            page = .unreadableForm(language)
        default:
            page = .failure(language, error.status, retryAfter: error.retryAfter)
        }
        page.status = error.status
        page.retryAfter = error.retryAfter
        return page
    }
}
