import Foundation
import LuckaCore

/// Single-use tokens for the writer's forms, so a form the browser sends again (Reload on
/// the code page, Back then Reload after "Leave this page quickly") never creates a second
/// conversation or shows one again.
///
/// A token is 16 random bytes, the second it expires, and a keyed BLAKE2b tag over both,
/// under a key that lives in this process's memory only. Issuing keeps nothing, so pages
/// can be fetched by anyone at any rate without filling memory; only a token that was
/// sent back and spent is remembered, until it would have expired. A restart forgets the
/// key, which makes every older token unknown: never accepted again.
final class FormTokens: Sendable {
    enum Check: Equatable {
        /// Valid and never used: now spent.
        case fresh
        /// Valid, but sent before: this is the browser re-sending a form.
        case spent
        /// Missing, malformed, forged, expired, or from before a restart.
        case unknown
    }

    private struct Spent {
        var tokens: [SourceKey: Int64] = [:]
        var pruned: Int64 = 0
    }

    private let key = SecureBytes.random(count: 32)
    private let spent = Locked(Spent())
    let lifetime: Int64
    /// Spent tokens remembered at most; past it, the oldest half is forgotten (they could
    /// then be re-sent once more; nothing else changes).
    let maximumSpent: Int

    init(lifetimeSeconds: Int, maximumSpent: Int = 1_000_000) {
        lifetime = Int64(lifetimeSeconds)
        self.maximumSpent = maximumSpent
    }

    static let domain = Array("lucka/form/v1".utf8) + [0]

    /// A new token for one rendered page's forms.
    func issue(now: Date = Date()) -> String {
        let body = Random.bytes(16) + Self.bytes(of: Int64(now.timeIntervalSince1970) + lifetime)
        return Self.hex(body + Hash.keyedBlake2b(key: key, Self.domain, body, length: 16))
    }

    /// Checks `token` and spends it if it is fresh.
    func spend(_ token: String?, now: Date = Date()) -> Check {
        guard let token, let raw = Self.unhex(token), raw.count == 40 else { return .unknown }
        let body = Array(raw[0..<24])
        guard constantTimeEqual(Array(raw[24..<40]), Hash.keyedBlake2b(key: key, Self.domain, body, length: 16)) else { return .unknown }
        let expires = raw[16..<24].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        let current = Int64(now.timeIntervalSince1970)
        guard expires > current else { return .unknown }
        let id = SourceKey(Array(raw[0..<16]))
        return spent.withLock { spent in
            if spent.tokens[id] != nil { return .spent }
            if spent.tokens.count >= maximumSpent || current - spent.pruned > 600 {
                spent.tokens = spent.tokens.filter { $0.value > current }
                spent.pruned = current
                if spent.tokens.count >= maximumSpent {
                    let cutoff = spent.tokens.values.sorted()[spent.tokens.count / 2]
                    spent.tokens = spent.tokens.filter { $0.value > cutoff }
                }
            }
            spent.tokens[id] = expires
            return .fresh
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }

    static func unhex(_ text: String, length: Int = 40) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count == 2 * length else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(length)
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let high = value(chars[i]), let low = value(chars[i + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    private static func bytes(of value: Int64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }
}
