import LuckaCore
import NIOCore

/// Where a request came from, as far as budgets care: a network prefix (IPv4 /32,
/// IPv6 /64) or a Tor circuit. It exists for one request; what outlives the request is
/// only its `BudgetSource`, keyed hashes that link to nothing once the key rotates.
enum RequestSource: Sendable, Equatable {
    case address([UInt8])
    case torCircuit(UInt32)
    /// No address known (a Unix socket, or a test without a network): one shared source.
    case unknown

    /// The source of a TCP peer address: IPv4 whole, IPv6 by its /64 (one household or
    /// one customer line gets one prefix; taking addresses inside it must not multiply
    /// budgets). IPv4-mapped IPv6 counts as IPv4.
    init(_ address: SocketAddress?) {
        guard let bytes = address.flatMap(Self.addressBytes) else {
            self = .unknown
            return
        }
        self = .address(bytes.count == 4 ? bytes : Array(bytes[0..<8]))
    }

    /// The source named by a trusted proxy's `X-Real-IP` header; nil if it is no address.
    init?(header value: String) {
        guard let address = try? SocketAddress(ipAddress: value.trimmingCharacters(in: .whitespaces), port: 0) else { return nil }
        self.init(address)
    }

    /// An address's bytes: 4 for IPv4 (IPv4-mapped IPv6 included), 16 for IPv6; nil for
    /// anything else. Addresses are compared as these bytes, never as text.
    static func addressBytes(_ address: SocketAddress) -> [UInt8]? {
        switch address {
        case .v4(let v4):
            return withUnsafeBytes(of: v4.address.sin_addr.s_addr) { Array($0) }
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff { return Array(bytes[12..<16]) }
            return bytes
        default:
            return nil
        }
    }

    /// The way the request arrived. Clinic backstops are kept per path, so a flood
    /// through Tor cannot lock out writers on the web, nor the reverse.
    var path: ArrivalPath {
        switch self {
        case .address(let bytes): bytes.count == 4 ? .ipv4 : .ipv6
        case .torCircuit: .tor
        case .unknown: .other
        }
    }

    /// What the budgets are kept under, narrowest first: the source itself, and for IPv6
    /// also its /56 and /48, so that one customer's 65,536 /64s count as one /48 (with a
    /// larger budget) and not as 65,536 strangers. Tagged so the kinds cannot collide.
    var levels: [[UInt8]] {
        switch self {
        case .address(let bytes) where bytes.count == 8: [8, 7, 6].map { [UInt8($0)] + bytes[0..<$0] }
        case .address(let bytes): [[UInt8(bytes.count)] + bytes]
        case .torCircuit(let id): [[0x54] + withUnsafeBytes(of: id.bigEndian) { Array($0) }]
        case .unknown: [[0]]
        }
    }
}

/// How a request reached the relay.
enum ArrivalPath: UInt8, Sendable, CaseIterable {
    case other = 0, ipv4, ipv6, tor
}

/// The pseudonym budgets are kept under: 16 bytes of keyed BLAKE2b of the source.
struct SourceKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(_ bytes: [UInt8]) {
        precondition(bytes.count == 16)
        high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    var bytes: [UInt8] { withUnsafeBytes(of: high.bigEndian) { Array($0) } + withUnsafeBytes(of: low.bigEndian) { Array($0) } }
}

/// A request's source as the budgets see it: its arrival path and the pseudonyms of its
/// levels (`RequestSource.levels`), the source's own first. Memory only, for one request.
struct BudgetSource: Sendable, Equatable {
    let path: ArrivalPath
    let keys: [SourceKey]

    /// The source's own pseudonym (its circuit, IPv4 address or IPv6 /64).
    var own: SourceKey { keys[0] }
}

/// Turns sources into pseudonyms with a random key that lives in memory only and is
/// replaced every `rotationSeconds` (a day by default). The address itself is never
/// kept: only the pseudonym, and only as long as a budget needs it. After a rotation,
/// yesterday's pseudonyms match nothing, so they cannot even be linked to today's.
/// No relay shares the key: budgets per source stay in each relay's memory.
final class SourcePseudonyms: Sendable {
    private struct State {
        var key: SecureBytes
        var generation: Int
        var rotates: ContinuousClock.Instant
    }

    private let state: Locked<State>
    private let rotation: Duration

    init(rotationSeconds: Int = 86_400) {
        rotation = .seconds(rotationSeconds)
        state = Locked(State(key: .random(count: 32), generation: 0, rotates: .now + .seconds(rotationSeconds)))
    }

    /// The pseudonyms of `source`'s levels, and the key's generation (which changes on rotation).
    func key(for source: RequestSource, now: ContinuousClock.Instant = .now) -> (BudgetSource, generation: Int) {
        let (key, generation) = state.withLock { state in
            if now >= state.rotates {
                state.key = .random(count: 32)
                state.generation += 1
                state.rotates = now + rotation
            }
            return (state.key, state.generation)
        }
        let keys = source.levels.map { SourceKey(Hash.keyedBlake2b(key: key, Array("lucka/source/v1".utf8), $0, length: 16)) }
        return (BudgetSource(path: source.path, keys: keys), generation)
    }
}
