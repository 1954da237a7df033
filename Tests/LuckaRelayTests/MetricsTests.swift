import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import Testing

/// The optional metrics: counts under route patterns, a bounded label set, valid text.
@Suite("Metrics")
struct MetricsTests {
    @Test("Requests are counted under the matched route pattern; odd methods as `other`")
    func countsByPattern() async throws {
        let metrics = RelayMetrics()
        let router = buildRouter(configuration: testConfiguration(), store: try SQLiteRelayStore.inMemory(), metrics: metrics)
        try await Application(router: router).test(.router) { client in
            _ = try await client.execute(uri: "/v1/clinics/kast-ingen", method: .get)
            _ = try await client.execute(uri: "/v1/clinics/kast-annan", method: .get)
            _ = try await client.execute(uri: "/healthz", method: .get)
            _ = try await client.execute(uri: "/v1/staff/threads/abcdefabcdef", method: .init("BREW")!)
        }
        let text = metrics.render(clinics: ["kast-a"], threadCounts: [ThreadCount(clinic: "kast-a", status: .answered, count: 3)])
        #expect(text.contains(#"lucka_http_requests_total{route="/v1/clinics/{slug}",method="GET",status="404"} 2"#), "\(text)")
        #expect(text.contains(#"lucka_http_requests_total{route="/healthz",method="GET",status="200"} 1"#))
        #expect(text.contains(#"method="other""#) && !text.contains("BREW"))
        #expect(!text.contains("kast-ingen") && !text.contains("abcdefabcdef"))
        #expect(text.contains(#"lucka_threads{clinic="kast-a",status="answered"} 3"#))
        #expect(text.contains(#"lucka_threads{clinic="kast-a",status="new"} 0"#))
    }

    @Test("Sweeps: runs, failures, deleted threads")
    func sweeps() {
        let metrics = RelayMetrics()
        metrics.recordSweep(deletedThreads: 4)
        metrics.recordSweepFailure()
        metrics.recordSweep(deletedThreads: 1)
        let text = metrics.render(clinics: [], threadCounts: [])
        for line in ["lucka_sweep_runs_total 3", "lucka_sweep_failures_total 1", "lucka_sweep_deleted_threads_total 5", "lucka_sweep_last_deleted_threads 1"] {
            #expect(text.contains(line + "\n"), "\(line)")
        }
        #expect(RelayMetrics.escape("a\"b\\c\nd") == #"a\"b\\c\nd"#)
    }
}
