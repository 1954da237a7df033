import Foundation

/// Counts events per key (a clinic slug) in the current clock hour, in memory only.
final class HourlyCounter: Sendable {
    private struct State {
        var hour = 0
        var counts: [String: Int] = [:]
    }

    private let state = Locked(State())
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Counts one event for `key` if the hour's limit allows; otherwise returns the
    /// seconds until the next hour begins.
    func take(_ key: String, now: Date = Date()) -> Int? {
        let seconds = Int(now.timeIntervalSince1970)
        let hour = seconds / 3600
        return state.withLock { state in
            if state.hour != hour {
                state.hour = hour
                state.counts.removeAll(keepingCapacity: true)
            }
            let count = state.counts[key, default: 0]
            guard count < limit else { return 3600 - seconds % 3600 }
            state.counts[key] = count + 1
            return nil
        }
    }
}
