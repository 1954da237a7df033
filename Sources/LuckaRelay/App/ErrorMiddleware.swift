import Foundation
import Hummingbird
import LuckaCore
import Logging
import NIOHTTP1

/// Turns every error into an `APIError` in one place: storage and protocol errors get
/// their status, unknown ones a bare 500 (logged at error, without request details).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as StoreError {
            switch error.code {
            case .notFound: throw APIError(.notFound, "not_found", "Not found.")
            case .conflict: throw APIError(.conflict, "conflict", error.reason)
            case .full:
                context.logger.critical("the disk is full: writes are refused until space is freed")
                throw APIError(.init(code: 507, reasonPhrase: "Insufficient Storage"), "storage_full", "The relay cannot store anything right now. Nothing was saved; try again later.", retryAfter: 60)
            case .corrupt:
                context.logger.critical("the database is damaged: see deploy/OPERATING.md, 'Restore'")
                throw APIError(.serviceUnavailable, "unavailable", "The relay is unavailable.", retryAfter: 60)
            default:
                context.logger.error("storage unavailable", metadata: ["lucka.error": "\(error.code)"])
                throw APIError(.serviceUnavailable, "unavailable", "The relay is unavailable. Try again soon.", retryAfter: 5)
            }
        } catch let error as LuckaError {
            throw APIError.invalid(error.reason)
        } catch let error as HTTPError {
            switch error.status {
            case .contentTooLarge: throw APIError.tooLarge
            case .notFound: throw APIError(.notFound, "not_found", "Not found.")
            case .methodNotAllowed: throw APIError(.methodNotAllowed, "method_not_allowed", "Method not allowed.")
            default:
                if error.status.code < 500 { throw APIError(error.status, "bad_request", "The request is malformed.") }
                context.logger.error("internal error", metadata: ["lucka.status": "\(error.status.code)"])
                throw APIError(.internalServerError, "internal", "Something went wrong.")
            }
        } catch is DecodingError {
            throw APIError.badRequest
        } catch is HTTPParserError {
            // Broken framing, or a client that went away mid-body: not the relay's error.
            throw APIError.badRequest
        } catch {
            // Only the type: an error's description may quote input.
            context.logger.error("unexpected error", metadata: ["lucka.error": "\(type(of: error))"])
            throw APIError(.internalServerError, "internal", "Something went wrong.")
        }
    }
}
