import Foundation
import HTTPTypes
import Hummingbird

/// Refuses form posts that another site made a browser send.
///
/// The pages have no cookies or sessions, so a forged post carries no authority (every
/// action needs the code); this check is a second line. It refuses a post when
/// - an `Origin` header names a host (and port) other than the request's `Host`, or
/// - `Sec-Fetch-Site` says the post came from another site (`cross-site`, `same-site`).
///
/// `Origin: null` is treated like an absent header: because every page is served with
/// `Referrer-Policy: no-referrer`, browsers send `null` on posts from Lucka's own forms
/// (Fetch standard, "serializing a request origin"). `Sec-Fetch-Site`, which browsers send
/// whatever the referrer policy, still catches another site's form in that case.
enum WebOriginCheck {
    static func allows(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!]?.lowercased(), site == "cross-site" || site == "same-site" {
            return false
        }
        guard let origin = request.headers[HTTPField.Name("Origin")!]?.trimmingCharacters(in: .whitespaces).lowercased(), origin != "null" else {
            return true
        }
        guard let host = request.head.authority else { return false }
        return matches(origin: origin, host: host)
    }

    /// Whether `origin` (`scheme://host[:port]`) names the same host and port as the Host
    /// header `host` (`host[:port]`, the port defaulting to the origin scheme's).
    static func matches(origin: String, host: String) -> Bool {
        guard let separator = origin.range(of: "://") else { return false }
        let scheme = origin[..<separator.lowerBound]
        let defaultPort: Int
        switch scheme {
        case "http": defaultPort = 80
        case "https": defaultPort = 443
        default: return false
        }
        guard let origin = authority(String(origin[separator.upperBound...]), defaultPort: defaultPort),
              let request = authority(host.lowercased(), defaultPort: defaultPort)
        else { return false }
        return origin == request
    }

    /// Splits `host[:port]` (IPv6 literals in brackets); nil when it is not one.
    static func authority(_ text: String, defaultPort: Int) -> (host: String, port: Int)? {
        guard !text.isEmpty, !text.contains("/"), !text.contains("@") else { return nil }
        var host = text[...]
        var port = defaultPort
        if let colon = text.lastIndex(of: ":"), !text[colon...].contains("]") {
            guard let number = Int(text[text.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            port = number
            host = text[..<colon]
        }
        guard !host.isEmpty, !host.hasPrefix("[") || host.hasSuffix("]") else { return nil }
        // An unbracketed host with a colon would be an IPv6 literal without brackets.
        if !host.hasPrefix("["), host.contains(":") { return nil }
        return (String(host), port)
    }
}
