import Foundation
import Testing

@testable import LuckaRelay

/// PostgreSQL only: a store's pool closes while background work holds a connection. A query
/// sent on a connection the closing pool has just closed can wait forever (postgres-nio
/// 1.33.2); before that work was made abandonable, about one close in fifty hung here, and
/// a relay hung the same way on SIGTERM.
@Suite(.enabled(if: TestEngine.isPostgres, "needs LUCKA_TEST_DATABASE_URL"))
struct PostgresShutdownTests {
    @Test("A store closes at once while its VACUUM runs, many times over", .timeLimit(.minutes(2)))
    func closingDuringVacuumDoesNotWait() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<15 {
                        try await TestEngine.withStore { store in
                            let postgres = try #require(store as? PostgresRelayStore)
                            postgres.vacuum.request()
                            try await Task.sleep(for: .milliseconds(Int.random(in: 0..<300)))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
