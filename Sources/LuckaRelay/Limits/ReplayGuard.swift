import Foundation

/// Remembers the nonces of signed staff requests for as long as their timestamps are
/// acceptable, so a captured request cannot be sent again. Memory only: after a restart
/// the five-minute window starts empty (see SECURITY.md).
final class ReplayGuard: Sendable {
    private struct State {
        var seen: [String: Int64] = [:]
        var lastPurge: Int64 = 0
    }

    private let state = Locked(State())
    private let window: Int64
    private let capacity: Int

    init(windowSeconds: Int64 = 600, capacity: Int = 200_000) {
        window = windowSeconds
        self.capacity = capacity
    }

    /// Records `nonce` for `key`; false if it was seen before (a replay) or if memory is full.
    func firstUse(key: [UInt8], nonce: String, timestamp: Int64, now: Date = Date()) -> Bool {
        let current = Int64(now.timeIntervalSince1970)
        let id = key.base64Encoded + "." + nonce
        return state.withLock { state in
            if current - state.lastPurge > 30 || state.seen.count >= capacity {
                state.seen = state.seen.filter { current - $0.value < window }
                state.lastPurge = current
            }
            guard state.seen.count < capacity, state.seen[id] == nil else { return false }
            state.seen[id] = timestamp
            return true
        }
    }
}

extension Array where Element == UInt8 {
    var base64Encoded: String { Data(self).base64EncodedString() }
}
