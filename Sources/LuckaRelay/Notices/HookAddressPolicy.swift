import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Which addresses a web hook may reach: public ones, and the non-public ones the operator
/// allow-lists (`hook-allowed-addresses`, e.g. a hook on the same host). A hook URL is a
/// clinic admin's input; without this, the relay would POST for them to its own loopback
/// services, the cloud metadata address or the municipal network.
///
/// Checked after DNS resolution, on every address a name resolves to, so a name that
/// resolves to 127.0.0.1 is caught too; the delivery then connects to the checked address.
public struct HookAddressPolicy: Sendable {
    /// An IPv4 or IPv6 address with a prefix length: `10.0.0.0/8`, `::1`, `127.0.0.1`.
    public struct Range: Sendable, Equatable {
        let bytes: [UInt8]
        let prefix: Int

        /// Nil unless `text` is an IP address, optionally with `/prefix`.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard let first = parts.first, let bytes = HookAddressPolicy.bytes(of: first) else { return nil }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, (0...bytes.count * 8).contains(prefix) else { return nil }
            self.bytes = bytes
            self.prefix = prefix
        }

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            for bit in 0..<prefix where (address[bit / 8] ^ bytes[bit / 8]) & (0x80 >> UInt8(bit % 8)) != 0 { return false }
            return true
        }
    }

    let allowed: [Range]

    public init(allowed: [String]) {
        self.allowed = allowed.compactMap(Range.init)
    }

    /// Addresses that are not on the public internet.
    static let nonPublic: [Range] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "::/96", "64:ff9b::/96", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    ].compactMap(Range.init)

    /// Whether a hook may connect to `address` (4 or 16 bytes).
    public func permits(_ address: [UInt8]) -> Bool {
        if allowed.contains(where: { $0.contains(address) }) { return true }
        // IPv4-mapped (::ffff:a.b.c.d): judged as the IPv4 address it is.
        if address.count == 16, address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xff, address[11] == 0xff {
            return permits(Array(address[12..<16]))
        }
        return !Self.nonPublic.contains(where: { $0.contains(address) })
    }

    /// The bytes of an IP address in text, or nil.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// The bytes of a resolved socket address.
    static func bytes(of address: SocketAddress) -> [UInt8]? {
        switch address {
        case .v4(let v4):
            var raw = v4.address.sin_addr
            return withUnsafeBytes(of: &raw) { Array($0) }
        case .v6(let v6):
            var raw = v6.address.sin6_addr
            return withUnsafeBytes(of: &raw) { Array($0) }
        default: return nil
        }
    }

    enum Refusal: Error {
        /// The name did not resolve.
        case unresolved
        /// An address the name resolves to is not public and not allow-listed.
        case nonPublic
    }

    /// Resolves `host` (off the event loop) and checks every address; returns the one to
    /// connect to, as text. Throws if any address is refused, so DNS cannot pick.
    func checkedAddress(host: String, port: Int) async throws -> String {
        let addresses: [SocketAddress]
        if let literal = Self.bytes(of: host) {
            guard permits(literal) else { throw Refusal.nonPublic }
            return host
        }
        addresses = try await Self.resolve(host: host, port: port)
        guard !addresses.isEmpty else { throw Refusal.unresolved }
        for address in addresses {
            guard let bytes = Self.bytes(of: address), permits(bytes) else { throw Refusal.nonPublic }
        }
        guard let first = addresses.first?.ipAddress else { throw Refusal.unresolved }
        return first
    }

    /// getaddrinfo on a thread of its own: it blocks.
    static func resolve(host: String, port: Int) async throws -> [SocketAddress] {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                var hints = addrinfo()
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var result: UnsafeMutablePointer<addrinfo>?
                guard getaddrinfo(host, String(port), &hints, &result) == 0, let start = result else {
                    continuation.resume(throwing: Refusal.unresolved)
                    return
                }
                defer { freeaddrinfo(start) }
                var addresses: [SocketAddress] = []
                var next: UnsafeMutablePointer<addrinfo>? = start
                while let info = next {
                    if let pointer = info.pointee.ai_addr {
                        switch Int32(pointer.pointee.sa_family) {
                        case AF_INET:
                            let v4 = UnsafeRawPointer(pointer).load(as: sockaddr_in.self)
                            addresses.append(SocketAddress(v4, host: host))
                        case AF_INET6:
                            let v6 = UnsafeRawPointer(pointer).load(as: sockaddr_in6.self)
                            addresses.append(SocketAddress(v6, host: host))
                        default: break
                        }
                    }
                    next = info.pointee.ai_next
                }
                continuation.resume(returning: addresses)
            }
        }
    }
}
