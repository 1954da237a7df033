import Foundation

/// Where the relay's PostgreSQL database is and how to reach it, from a URL of the form
/// `postgres://USER@HOST:PORT/DATABASE?sslmode=verify-full&sslrootcert=/etc/lucka/db-ca.pem`.
///
/// The password comes separately (a file or the environment), so it never appears in a
/// process list. TLS: `disable` is allowed only to a loopback host; `verify-full` (the
/// default for any other host) checks the server's certificate and name against the CA.
public struct PostgresSettings: Sendable, Equatable {
    public enum TLSMode: String, Sendable {
        case disable, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var password: String?
    public var tls: TLSMode
    /// The CA certificate(s), PEM, that the server's certificate must chain to.
    public var rootCertificate: String?
    /// A schema to keep the tables in instead of `public` (`?schema=NAME`): the tests give each
    /// test its own. Relays of one deployment use the same database and schema.
    public var schema: String? = nil

    /// Whether `text` names a PostgreSQL database rather than a folder.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `url`; `password` (from a file or the environment) wins over one in the URL.
    public init(url: String, password: String? = nil) throws {
        guard Self.isURL(url), let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty else {
            throw StoreError(.unavailable, "the database URL must look like postgres://USER@HOST:PORT/DATABASE")
        }
        self.host = host
        port = parts.port ?? 5432
        user = parts.user.flatMap { $0.removingPercentEncoding } ?? "lucka"
        let name = String(parts.path.drop { $0 == "/" })
        database = name.isEmpty ? user : (name.removingPercentEncoding ?? name)
        self.password = password ?? parts.password.flatMap { $0.removingPercentEncoding }
        var mode: TLSMode? = nil
        for item in parts.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let parsed = TLSMode(rawValue: value) else {
                    throw StoreError(.unavailable, "sslmode must be disable, require or verify-full")
                }
                mode = parsed
            case "sslrootcert": rootCertificate = item.value
            case "schema":
                guard let value = item.value, value.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
                    throw StoreError(.unavailable, "schema must be a lowercase name: a-z, 0-9 and _")
                }
                schema = value
            default: throw StoreError(.unavailable, "unknown database URL parameter \(item.name) (known: sslmode, sslrootcert, schema)")
            }
        }
        let loopback = Self.isLoopback(host)
        tls = mode ?? (loopback ? .disable : .verifyFull)
        if tls == .disable && !loopback {
            throw StoreError(.unavailable, "refusing an unencrypted connection to \(host): use sslmode=verify-full with sslrootcert=CA-FILE")
        }
        if tls == .verifyFull && rootCertificate == nil {
            throw StoreError(.unavailable, "sslmode=verify-full needs sslrootcert=CA-FILE (the CA that signed the server's certificate)")
        }
    }

    /// Whether the URL itself carries a password (refused on a command line).
    public static func hasPassword(_ url: String) -> Bool {
        URLComponents(string: url)?.password != nil
    }

    /// The URL without its password, for messages.
    public var displayName: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
