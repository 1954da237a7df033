import Foundation
import HTTPTypes
import Hummingbird
import LuckaCore
import NIOCore

/// Every error the API answers with: a status, a stable `error` code, a message for
/// people, and Retry-After where waiting helps. Its text never holds secrets.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public let retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        // Sorted keys: the same error is the same bytes every time (one uniform answer).
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = try encoder.encode(APIErrorBody(error: code, message: message))
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    // The answers writers and staff meet most.
    static let threadNotFound = APIError(.notFound, "not_found", "No conversation matches this code.")
    static let badRequest = APIError(.badRequest, "bad_request", "The request is malformed.")
    static let unauthorised = APIError(.unauthorized, "unauthorised", "The request is not signed by a known staff key.")
    static let notAdmin = APIError(.forbidden, "admin_only", "Only a clinic admin may do this.")
    static let overloaded = APIError(.serviceUnavailable, "overloaded", "The relay is busy. Try again in a moment.", retryAfter: 2)
    static let staleEpoch = APIError(
        .conflict, "stale_epoch",
        "The epoch is not the clinic's current inbox epoch (it is older, or does not exist yet). "
            + "Fetch the clinic's keys again and seal the message to the current epoch.")
    static let unknownClinic = APIError(.notFound, "unknown_clinic", "This relay has no clinic by that name.")
    static let clinicNotSetUp = APIError(.conflict, "clinic_not_set_up", "The clinic has no keys yet.")
    static let unknownThread = APIError(.notFound, "unknown_thread", "No thread with that handle in your clinic.")
    static let unknownTemplate = APIError(.notFound, "unknown_template", "No template with that id in your clinic.")
    static let tooLarge = APIError(.contentTooLarge, "too_large", "The request body is too large.")

    static func invalid(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
}
