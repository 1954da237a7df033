import Foundation

/// The sources (by pseudonym, in memory only) that have started a conversation in the
/// current clock hour. A source that has started none goes first when a clinic's
/// backstop runs low (SourceBudgets): its conversation is counted in the part kept for
/// such sources, which a few busy sources cannot use up.
///
/// Bounded: past `maximumSources` every further source counts as having started one, so
/// a flood of new sources cannot grow memory; by then the part kept for newcomers,
/// far smaller than the bound, is spent anyway.
final class HourlyStarters: Sendable {
    private struct State {
        var hour: Int64 = -1
        var started: Set<SourceKey> = []
    }

    private let state = Locked(State())
    let maximumSources: Int

    init(maximumSources: Int = 100_000) {
        self.maximumSources = maximumSources
    }

    /// Whether `source` has started a conversation this hour (or may not be told apart).
    func hasStarted(_ source: SourceKey, now: Date = Date()) -> Bool {
        state.withLock { state in
            Self.roll(&state, now: now)
            return state.started.contains(source) || state.started.count >= maximumSources
        }
    }

    func record(_ source: SourceKey, now: Date = Date()) {
        state.withLock { state in
            Self.roll(&state, now: now)
            if state.started.count < maximumSources { state.started.insert(source) }
        }
    }

    /// Forgets every source (after the pseudonym key rotates, none would match again).
    func reset() { state.withLock { $0.started.removeAll() } }

    private static func roll(_ state: inout State, now: Date) {
        let hour = Int64(now.timeIntervalSince1970) / 3600
        if hour != state.hour {
            state.hour = hour
            state.started.removeAll(keepingCapacity: true)
        }
    }
}
