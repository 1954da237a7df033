import LuckaCore
import NIOCore

/// Where a request came from, as far as budgets care: a network prefix (IPv4 /32,
/// IPv6 /64) or a Tor circuit. It exists for one request; what outlives the request is
/// only its `SourceKey`, a keyed hash that links to nothing once the key rotates.
enum RequestSource: Sendable, Equatable {
    case address([UInt8])
    case torCircuit(UInt32)
    /// No address known (a Unix socket, or a test without a network): one shared source.
    case unknown

    /// The source of a TCP peer address: IPv4 whole, IPv6 by its /64 (one household or
    /// one customer line gets one prefix; taking addresses inside it must not multiply
    /// budgets). IPv4-mapped IPv6 counts as IPv4.
    init(_ address: SocketAddress?) {
        switch address {
        case .v4(let v4):
            self = .address(withUnsafeBytes(of: v4.address.sin_addr.s_addr) { Array($0) })
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
                self = .address(Array(bytes[12..<16]))
            } else {
                self = .address(Array(bytes[0..<8]))
            }
        default:
            self = .unknown
        }
    }

    /// The source named by a trusted proxy's `X-Real-IP` header; nil if it is no address.
    init?(header value: String) {
        guard let address = try? SocketAddress(ipAddress: value.trimmingCharacters(in: .whitespaces), port: 0) else { return nil }
        self.init(address)
    }

    /// The bytes hashed into the pseudonym, tagged so the kinds cannot collide.
    var material: [UInt8] {
        switch self {
        case .address(let bytes): [UInt8(bytes.count)] + bytes
        case .torCircuit(let id): [0x54] + withUnsafeBytes(of: id.bigEndian) { Array($0) }
        case .unknown: [0]
        }
    }
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

/// Turns sources into pseudonyms with a random key that lives in memory only and is
/// replaced every `rotationSeconds` (a day by default). The address itself is never
/// kept: only the pseudonym, and only as long as a budget needs it. After a rotation,
/// yesterday's pseudonyms match nothing, so they cannot even be linked to today's.
///
/// With a `secret` (the operator's `source-key-file`, the same on every relay sharing a
/// database) the day's key is derived from it and the day instead, so every relay names a
/// source alike; it changes at midnight UTC.
final class SourcePseudonyms: Sendable {
    private struct State {
        var key: SecureBytes
        var generation: Int
        var rotates: ContinuousClock.Instant
    }

    private let state: Locked<State>
    private let rotation: Duration
    private let secret: SecureBytes?

    init(rotationSeconds: Int = 86_400, secret: SecureBytes? = nil) {
        rotation = .seconds(rotationSeconds)
        self.secret = secret
        state = Locked(State(key: .random(count: 32), generation: 0, rotates: .now + .seconds(rotationSeconds)))
    }

    /// The pseudonym of `source`, and the key's generation (which changes on rotation).
    func key(for source: RequestSource, now: ContinuousClock.Instant = .now) -> (SourceKey, generation: Int) {
        if let secret {
            let day = Day.today()
            var derived = Hash.keyedBlake2b(
                key: secret, Array("lucka/source-day/v1".utf8), withUnsafeBytes(of: Int64(day.number).bigEndian) { Array($0) }, length: 32)
            let key = SecureBytes(consuming: &derived)
            return (SourceKey(Hash.keyedBlake2b(key: key, Array("lucka/source/v1".utf8), source.material, length: 16)), day.number)
        }
        let (key, generation) = state.withLock { state in
            if now >= state.rotates {
                state.key = .random(count: 32)
                state.generation += 1
                state.rotates = now + rotation
            }
            return (state.key, state.generation)
        }
        return (SourceKey(Hash.keyedBlake2b(key: key, Array("lucka/source/v1".utf8), source.material, length: 16)), generation)
    }
}
