import Foundation
import LuckaCore

/// A writer's visit to their conversation on the web pages: after the code has been typed
/// once (or the conversation was just started), the pages carry a random visit token in a
/// hidden form field, so reading, replying and deleting need no retyping for a while.
///
/// The token and the keys it unlocks live in this process's memory only: never in a URL,
/// a cookie, a log or on disk. A visit ends after `idleSeconds` without use, when the
/// writer presses "Leave this page quickly", deletes the conversation, opens the same
/// conversation again elsewhere (one visit per conversation), or when the relay restarts.
/// Without a live visit the pages ask for the code, as they always did.
final class VisitTokens: Sendable {
    private struct Visit {
        let keys: WriterKeys
        var lastUsed: ContinuousClock.Instant
    }

    private struct State {
        var visits: [SourceKey: Visit] = [:]
        /// Which visit belongs to which conversation (by lookup hash), so a new one ends the old.
        var byThread: [[UInt8]: SourceKey] = [:]
        var pruned = ContinuousClock.now
    }

    private let state = Locked(State())
    let idle: Duration
    /// Visits held at most. Each needs a conversation whose code was typed (or that was
    /// just started, within the per-source budgets), and one conversation has one visit.
    let maximumVisits: Int

    /// How long a visit lasts without use, for the page that says so.
    let idleSeconds: Int

    init(idleSeconds: Int, maximumVisits: Int = 100_000) {
        self.idleSeconds = idleSeconds
        idle = .seconds(idleSeconds)
        self.maximumVisits = maximumVisits
    }

    /// Starts a visit for the conversation `keys` open; any earlier visit to it ends.
    func start(_ keys: WriterKeys, now: ContinuousClock.Instant = .now) -> String {
        let raw = Random.bytes(16)
        let id = SourceKey(raw)
        state.withLock { state in
            prune(&state, now: now)
            if let old = state.byThread[keys.lookupHash] { state.visits[old] = nil }
            if state.visits.count >= maximumVisits, let oldest = state.visits.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                end(oldest.key, in: &state)
            }
            state.visits[id] = Visit(keys: keys, lastUsed: now)
            state.byThread[keys.lookupHash] = id
        }
        return FormTokens.hex(raw)
    }

    /// The keys of a live visit, which is used (its idle time starts again); nil if the
    /// token is unknown, malformed or idle too long (it then ends).
    func use(_ token: String?, now: ContinuousClock.Instant = .now) -> WriterKeys? {
        guard let id = Self.id(token) else { return nil }
        return state.withLock { state in
            guard var visit = state.visits[id] else { return nil }
            guard now - visit.lastUsed <= idle else {
                end(id, in: &state)
                return nil
            }
            visit.lastUsed = now
            state.visits[id] = visit
            return visit.keys
        }
    }

    /// Ends a visit (leave, delete).
    func end(_ token: String?) {
        guard let id = Self.id(token) else { return }
        state.withLock { end(id, in: &$0) }
    }

    private func end(_ id: SourceKey, in state: inout State) {
        guard let visit = state.visits.removeValue(forKey: id) else { return }
        if state.byThread[visit.keys.lookupHash] == id { state.byThread[visit.keys.lookupHash] = nil }
    }

    private func prune(_ state: inout State, now: ContinuousClock.Instant) {
        guard now - state.pruned > .seconds(60) || state.visits.count >= maximumVisits else { return }
        state.pruned = now
        for (id, visit) in state.visits where now - visit.lastUsed > idle { end(id, in: &state) }
    }

    private static func id(_ token: String?) -> SourceKey? {
        guard let token, token.utf8.count == 32, let raw = FormTokens.unhex(token, length: 16) else { return nil }
        return SourceKey(raw)
    }
}
