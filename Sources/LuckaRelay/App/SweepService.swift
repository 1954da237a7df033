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
                let deleted = try await store.sweep(today: today, auditBefore: today.adding(days: -auditRetentionDays))
                logger.info("expiry sweep", metadata: ["lucka.deleted_threads": "\(deleted)"])
                metrics?.recordSweep(deletedThreads: deleted)
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
