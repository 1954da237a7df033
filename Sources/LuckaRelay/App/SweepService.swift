import Logging
import ServiceLifecycle

/// Deletes expired threads at start-up and then every `intervalHours` while the relay runs.
struct SweepService: Service {
    let store: any RelayStore
    let intervalHours: Double
    /// Audit rows older than this many days go too (DESIGN.md §5: the log of staff actions
    /// lives no longer than the threads it names).
    let auditRetentionDays: Int
    let logger: Logger
    var metrics: RelayMetrics? = nil

    func run() async throws {
        // Stop on graceful shutdown and on cancellation (another service failed, e.g. the
        // port was taken): a swallowed CancellationError would otherwise spin this loop.
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let today = Day.today()
                let store = self.store
                let auditBefore = today.adding(days: -auditRetentionDays)
                // Relays sharing a database take turns: one sweeps, the others skip.
                if let deleted = try await store.exclusively(.sweep, { try await store.sweep(today: today, auditBefore: auditBefore) }) {
                    logger.info("expiry sweep", metadata: ["lucka.deleted_threads": "\(deleted)"])
                    metrics?.recordSweep(deletedThreads: deleted)
                } else {
                    logger.info("expiry sweep left to another relay, which is sweeping now")
                }
            } catch {
                logger.error("expiry sweep failed", metadata: ["lucka.error": "\(type(of: error))"])
                metrics?.recordSweepFailure()
            }
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .seconds(intervalHours * 3600))
                }
            } catch {
                return
            }
        }
    }
}
