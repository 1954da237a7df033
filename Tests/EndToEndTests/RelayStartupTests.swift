import Foundation
import Testing

@Suite("Live relay: start-up failures")
struct RelayStartupTests {
    /// A relay whose port is taken must exit with a clear message, not linger (a cancelled
    /// sweep loop once spun at full CPU here).
    @Test func aTakenPortEndsTheProcessQuickly() throws {
        let workspace = RelayProcess.workspace()
        let first = try RelayProcess(workspace: workspace)
        let port = try #require(first.url.split(separator: ":").last.map(String.init))
        let started = Date()
        let second = try run("lucka-relay", ["serve", "--data-dir", workspace + "/second", "--port", port])
        #expect(second.status == 1)
        #expect((second.output + second.error).contains("already listens on port"))
        #expect(Date().timeIntervalSince(started) < 20)
        first.stop()
    }
}
