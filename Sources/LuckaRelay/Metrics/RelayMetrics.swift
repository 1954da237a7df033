import LuckaCore

/// Counters for the optional metrics endpoint: requests by matched route pattern, method
/// and status, and the results of expiry sweeps. Counts only: no path, handle, code,
/// address or time of any request is kept. Lives in memory; nothing is written to disk.
public final class RelayMetrics: Sendable {
    struct RequestKey: Hashable, Comparable {
        var route: String
        var method: String
        var status: Int

        static func < (a: RequestKey, b: RequestKey) -> Bool {
            (a.route, a.method, a.status) < (b.route, b.method, b.status)
        }
    }

    struct Sweeps {
        var runs = 0
        var failures = 0
        var deletedThreads = 0
        var lastDeletedThreads = 0
    }

    private let requests = Locked<[RequestKey: Int]>([:])
    private let sweeps = Locked(Sweeps())

    /// Methods a client cannot make up: anything else counts as "other", so the label set
    /// stays small and never carries text chosen by a client.
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

    public init() {}

    /// `route` is the router's pattern (e.g. `/v1/staff/threads/{handle}`), never a concrete path.
    func countRequest(route: String, method: String, status: Int) {
        let key = RequestKey(route: route, method: Self.knownMethods.contains(method) ? method : "other", status: status)
        requests.withLock { $0[key, default: 0] += 1 }
    }

    func recordSweep(deletedThreads: Int) {
        sweeps.withLock {
            $0.runs += 1
            $0.deletedThreads += deletedThreads
            $0.lastDeletedThreads = deletedThreads
        }
    }

    func recordSweepFailure() {
        sweeps.withLock {
            $0.runs += 1
            $0.failures += 1
        }
    }

    /// The Prometheus text exposition format (version 0.0.4).
    func render(clinics: [String], threadCounts: [ThreadCount]) -> String {
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
        }

        family("lucka_http_requests_total", "counter", "HTTP requests answered, by matched route pattern, method and status.")
        for (key, count) in requests.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
            lines.append("lucka_http_requests_total{route=\"\(Self.escape(key.route))\",method=\"\(key.method)\",status=\"\(key.status)\"} \(count)")
        }

        family("lucka_threads", "gauge", "Stored threads, by clinic and status.")
        var counts: [String: [ThreadStatus: Int]] = [:]
        for clinic in clinics { counts[clinic] = [:] }
        for row in threadCounts { counts[row.clinic, default: [:]][row.status, default: 0] += row.count }
        for clinic in counts.keys.sorted() {
            for status in ThreadStatus.allCases {
                lines.append("lucka_threads{clinic=\"\(Self.escape(clinic))\",status=\"\(status.rawValue)\"} \(counts[clinic]?[status] ?? 0)")
            }
        }

        let sweep = sweeps.withLock { $0 }
        family("lucka_sweep_runs_total", "counter", "Expiry sweeps run by this process since it started.")
        lines.append("lucka_sweep_runs_total \(sweep.runs)")
        family("lucka_sweep_failures_total", "counter", "Expiry sweeps that failed.")
        lines.append("lucka_sweep_failures_total \(sweep.failures)")
        family("lucka_sweep_deleted_threads_total", "counter", "Threads deleted by expiry sweeps since this process started.")
        lines.append("lucka_sweep_deleted_threads_total \(sweep.deletedThreads)")
        family("lucka_sweep_last_deleted_threads", "gauge", "Threads deleted by the latest successful expiry sweep.")
        lines.append("lucka_sweep_last_deleted_threads \(sweep.lastDeletedThreads)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Label values escape backslash, double quote and newline.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
