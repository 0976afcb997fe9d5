import SQLKit
import Testing
import TollgateStore
import TollgateTestSupport

/// The PostgreSQL pool: `database_connections` bounds the connections an instance opens.
@Suite struct PostgresEngineTests {
    @Test(.enabled(if: TestDatabase.postgresAdminURL != nil))
    func connectionsNeverExceedTheLimit() async throws {
        let scratch = try await TestDatabase.postgres.makeScratch()
        let store = try await Store.open(
            postgresURL: scratch.databaseURL, connections: 2, sqlitePath: scratch.directory + "/unused.sqlite",
            logger: TestDatabase.logger)
        let seen = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    try await store.read { db in
                        try await db.raw("SELECT pg_sleep(0.02)").run()
                        return try await db.raw(
                            """
                            SELECT count(*) AS open FROM pg_stat_activity
                            WHERE datname = current_database() AND backend_type = 'client backend'
                            """
                        ).first()!.decode(column: "open", as: Int.self)
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        await store.engine.shutdown()
        await scratch.remove()
        #expect(seen.count == 16)
        #expect(seen.max() == 2)
    }
}
