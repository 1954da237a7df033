import Logging
import ServiceLifecycle

/// Deletes expired threads at start-up and then every `intervalHours` while the relay runs.
struct SweepService: Service {
    let store: any RelayStore
    let intervalHours: Double
    let logger: Logger
    var metrics: RelayMetrics? = nil

    func run() async throws {
        // Stop on graceful shutdown and on cancellation (another service failed, e.g. the
        // port was taken): a swallowed CancellationError would otherwise spin this loop.
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let deleted = try await store.sweep(today: Day.today())
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
