import Foundation

/// Remembers the nonces of signed staff requests for as long as their timestamps are
/// acceptable, so a captured request cannot be sent again. Memory only: after a restart
/// the window starts empty (see SECURITY.md).
///
/// Only requests from known keys are recorded (the authenticator calls this after it has
/// found an active member, or a valid enrolment token), so unauthenticated traffic cannot
/// fill it. Entries are kept per key, each key's bounded, and expire by time: a full key
/// refuses only that key's own requests, never another's. Lookups are O(1).
final class ReplayGuard: Sendable {
    private struct Seen {
        /// Nonce → the moment (Unix seconds) after which its timestamp is no longer accepted.
        var nonces: [String: Int64] = [:]
        var purged: Int64 = 0
    }

    private struct State {
        var keys: [[UInt8]: Seen] = [:]
        var swept: Int64 = 0
    }

    private let state = Locked(State())
    private let skew: Int64
    private let perKey: Int

    /// `skewSeconds`: how far a timestamp may be from now (SignedRequest.maximumSkew).
    /// `perKey`: nonces one key may have alive at once (a key signing that fast for five
    /// minutes is a client in a loop).
    init(skewSeconds: Int64 = 300, perKey: Int = 20_000) {
        skew = skewSeconds
        self.perKey = perKey
    }

    /// Records `nonce` for `key`; false if it was seen before (a replay), or if this key
    /// has `perKey` nonces alive.
    func firstUse(key: [UInt8], nonce: String, timestamp: Int64, now: Date = Date()) -> Bool {
        let current = Int64(now.timeIntervalSince1970)
        // A timestamp is accepted until `timestamp + skew`; after that the signature check
        // refuses it anyway, so the nonce can go.
        let expires = max(timestamp, current) + skew + 1
        return state.withLock { state in
            if current - state.swept > 600 {
                // Keys whose every nonce has expired (members who stopped working) go.
                state.keys = state.keys.filter { $0.value.nonces.values.contains { $0 > current } }
                state.swept = current
            }
            var seen = state.keys[key] ?? Seen()
            if seen.nonces.count >= perKey || current - seen.purged > 60 {
                seen.nonces = seen.nonces.filter { $0.value > current }
                seen.purged = current
            }
            if let until = seen.nonces[nonce], until > current { return false }
            guard seen.nonces.count < perKey else { return false }
            seen.nonces[nonce] = expires
            state.keys[key] = seen
            return true
        }
    }
}

extension Array where Element == UInt8 {
    var base64Encoded: String { Data(self).base64EncodedString() }
}
