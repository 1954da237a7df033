import Foundation
import Logging

/// The signing keys of the clinics' members (pending and active), in memory, so that the
/// source budget can let a counsellor through without asking the database: a request
/// that is refused never costs a database read (SourceMiddleware).
///
/// Filled from the store when the relay starts and again at most every `refreshSeconds`
/// (only from requests that are being served, never from refused ones), and at once by
/// this relay's own enrolments, authentications and removals. Public keys only: what it
/// holds is no secret, and nothing of a writer.
final class MemberKeys: Sendable {
    private struct State {
        var keys: Set<[UInt8]> = []
        var loaded: ContinuousClock.Instant?
        /// Reloads under way (a refresh and an admin's removal may overlap).
        var loading = 0
        /// Learnt (true) or forgotten (false) while a reload reads the store: the reload's
        /// answer may predate them, so they are applied again on top of it.
        var changedDuringLoad: [(key: [UInt8], learnt: Bool)] = []

        mutating func endLoad() {
            loading -= 1
            if loading == 0 { changedDuringLoad = [] }
        }
    }

    private let state = Locked(State())
    private let refreshInterval: Duration

    init(refreshSeconds: Int = 60) {
        refreshInterval = .seconds(refreshSeconds)
    }

    func contains(_ key: [UInt8]) -> Bool { state.withLock { $0.keys.contains(key) } }

    func learn(_ key: [UInt8]) { change(key, learnt: true) }

    func forget(_ key: [UInt8]) { change(key, learnt: false) }

    private func change(_ key: [UInt8], learnt: Bool) {
        state.withLock { state in
            if learnt { state.keys.insert(key) } else { state.keys.remove(key) }
            if state.loading > 0 { state.changedDuringLoad.append((key, learnt)) }
        }
    }

    /// Starts a reload in the background if the last one is older than the interval and
    /// none is under way. Returns at once.
    func refreshIfStale(from store: any RelayStore, logger: Logger? = nil) {
        let start = state.withLock { state -> Bool in
            guard state.loading == 0, state.loaded.map({ ContinuousClock.now - $0 >= refreshInterval }) ?? true else { return false }
            state.loading += 1
            return true
        }
        guard start else { return }
        Task {
            do {
                try await load { try await Self.keys(in: store) }
            } catch {
                state.withLock { $0.endLoad() }
                logger?.warning("could not reload the members' keys", metadata: ["lucka.error": "\(type(of: error))"])
            }
        }
    }

    /// Reads every clinic's members (not removed ones) from the store.
    func reload(from store: any RelayStore) async throws {
        try await reload { try await Self.keys(in: store) }
    }

    /// `read` gives the members' keys as the store has them when it reads.
    func reload(reading read: @Sendable () async throws -> Set<[UInt8]>) async throws {
        state.withLock { $0.loading += 1 }
        do {
            try await load(read)
        } catch {
            state.withLock { $0.endLoad() }
            throw error
        }
    }

    static func keys(in store: any RelayStore) async throws -> Set<[UInt8]> {
        var keys: Set<[UInt8]> = []
        for clinic in try await store.clinics() {
            for member in try await store.staffMembers(clinic: clinic.slug) where member.status != .removed {
                keys.insert(member.signingKey)
            }
        }
        return keys
    }

    /// The read, then what was learnt or forgotten meanwhile on top; `loading` is counted by the caller.
    private func load(_ read: @Sendable () async throws -> Set<[UInt8]>) async throws {
        var keys = try await read()
        state.withLock { state in
            for change in state.changedDuringLoad {
                if change.learnt { keys.insert(change.key) } else { keys.remove(change.key) }
            }
            state.keys = keys
            state.loaded = .now
            state.endLoad()
        }
    }
}
