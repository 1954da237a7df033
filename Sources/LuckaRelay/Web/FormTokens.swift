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
///
/// Forms that carry or reveal a conversation (the code, a visit) get tokens that live
/// minutes; only the first message's writing form, which holds nothing but typed text,
/// gets the long life. Memory is bounded: when the spent set is full, the half that
/// expires first is forgotten and every token expiring no later than the newest of them
/// is refused as unknown from then on (fail closed: it cannot be proven unspent, so the
/// page asks for the code again or keeps the typed text; it never shows a conversation).
final class FormTokens: Sendable {
    enum Check: Equatable {
        /// Valid and never used: now spent.
        case fresh
        /// Valid, but sent before: this is the browser re-sending a form.
        case spent
        /// Missing, malformed, forged, expired, or from before a restart.
        case unknown
    }

    /// How long a page's token lives.
    enum Life {
        /// Forms that carry or reveal a conversation (code, visit): minutes.
        case conversation
        /// The first message's writing form, which holds only typed text: long.
        case typedText
    }

    private struct Spent {
        var tokens: [SourceKey: Int64] = [:]
        var pruned: Int64 = 0
        /// Every token expiring at or before this second may have been spent and
        /// forgotten: refused as unknown.
        var forgottenThrough: Int64 = .min
    }

    private let key = SecureBytes.random(count: 32)
    private let spent = Locked(Spent())
    /// The life of a `.typedText` token.
    let lifetime: Int64
    /// The life of a `.conversation` token.
    let conversationLifetime: Int64
    /// Spent tokens remembered at most; past it, the half that expires first is forgotten
    /// and tokens expiring no later than those are refused (never accepted twice).
    let maximumSpent: Int

    init(lifetimeSeconds: Int, conversationSeconds: Int? = nil, maximumSpent: Int = 1_000_000) {
        lifetime = Int64(lifetimeSeconds)
        conversationLifetime = Int64(min(conversationSeconds ?? lifetimeSeconds, lifetimeSeconds))
        self.maximumSpent = max(2, maximumSpent)
    }

    /// Spent tokens held now (for tests of the bound).
    var spentCount: Int { spent.withLock { $0.tokens.count } }

    static let domain = Array("lucka/form/v1".utf8) + [0]

    /// A new token for one rendered page's forms.
    func issue(_ life: Life = .conversation, now: Date = Date()) -> String {
        let seconds = life == .typedText ? lifetime : conversationLifetime
        let body = Random.bytes(16) + Self.bytes(of: Int64(now.timeIntervalSince1970) + seconds)
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
            // Possibly spent and forgotten: fail closed.
            if expires <= spent.forgottenThrough { return .unknown }
            if spent.tokens.count >= maximumSpent || current - spent.pruned > 600 {
                spent.tokens = spent.tokens.filter { $0.value > current }
                spent.pruned = current
                if spent.tokens.count >= maximumSpent {
                    let cutoff = spent.tokens.values.sorted()[(spent.tokens.count - 1) / 2]
                    spent.tokens = spent.tokens.filter { $0.value > cutoff }
                    spent.forgottenThrough = max(spent.forgottenThrough, cutoff)
                    if expires <= cutoff { return .unknown }
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
