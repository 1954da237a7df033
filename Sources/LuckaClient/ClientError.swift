import LuckaCore

/// What went wrong talking to a relay, in words for the person at the keyboard.
public struct ClientError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The relay could not be reached at all.
        case unreachable
        /// The relay answered with an error status; `apiError` is its code (e.g. "not_found").
        case relay(status: Int, apiError: String)
        /// The relay answered something that is not the protocol.
        case badResponse
        /// Keys, a profile or a message failed verification: do not trust this relay.
        case verification
        /// The request could not even be made (bad URL, bad local state).
        case local
    }

    public let kind: Kind
    public let message: String
    /// Set when a pinned clinic changed its identity key through verified succession
    /// statements: each tool explains what to do in its own words.
    public let identityChange: IdentityChange?
    /// What the core reported, when a verification failed: lets a tool say it in its own
    /// words (and language) rather than quote `message`.
    public let cause: LuckaError.Code?

    public init(_ kind: Kind, _ message: String, identityChange: IdentityChange? = nil, cause: LuckaError.Code? = nil) {
        self.kind = kind
        self.message = message
        self.identityChange = identityChange
        self.cause = cause
    }

    public var description: String { message }

    /// The relay's status code, if it answered with an error.
    public var status: Int? {
        if case .relay(let status, _) = kind { return status }
        return nil
    }

    public var apiError: String? {
        if case .relay(_, let code) = kind { return code }
        return nil
    }

    static func verification(_ error: LuckaError) -> ClientError { ClientError(.verification, error.reason, cause: error.code) }

    /// The failure of verifying `document` against `pin`, carrying the identity change
    /// when that is what it was.
    public static func verification(_ error: LuckaError, document: ClinicDocument, pin: Fingerprint?) -> ClientError {
        guard error.code == .identityChanged, let pin, let change = document.identityChange(from: pin) else { return verification(error) }
        return ClientError(.verification, error.reason, identityChange: change, cause: error.code)
    }
}
