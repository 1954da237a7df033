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
        var loading = false
    }

    private let state = Locked(State())
    private let refreshInterval: Duration

    init(refreshSeconds: Int = 60) {
        refreshInterval = .seconds(refreshSeconds)
    }

    func contains(_ key: [UInt8]) -> Bool { state.withLock { $0.keys.contains(key) } }

    func learn(_ key: [UInt8]) { state.withLock { _ = $0.keys.insert(key) } }

    func forget(_ key: [UInt8]) { state.withLock { _ = $0.keys.remove(key) } }

    /// Starts a reload in the background if the last one is older than the interval and
    /// none is under way. Returns at once.
    func refreshIfStale(from store: any RelayStore, logger: Logger? = nil) {
        let start = state.withLock { state -> Bool in
            guard !state.loading, state.loaded.map({ ContinuousClock.now - $0 >= refreshInterval }) ?? true else { return false }
            state.loading = true
            return true
        }
        guard start else { return }
        Task {
            do {
                try await reload(from: store)
            } catch {
                state.withLock { $0.loading = false }
                logger?.warning("could not reload the members' keys", metadata: ["lucka.error": "\(type(of: error))"])
            }
        }
    }

    /// Reads every clinic's members (not removed ones) from the store.
    func reload(from store: any RelayStore) async throws {
        var keys: Set<[UInt8]> = []
        for clinic in try await store.clinics() {
            for member in try await store.staffMembers(clinic: clinic.slug) where member.status != .removed {
                keys.insert(member.signingKey)
            }
        }
        state.withLock { state in
            state.keys = keys
            state.loaded = .now
            state.loading = false
        }
    }
}
