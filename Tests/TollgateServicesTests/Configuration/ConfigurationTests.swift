import NIOCore
import Testing
import TollgateServices

@Suite struct ConfigurationTests {
    /// `database_connections` sizes the PostgreSQL pool: 8 unless set, 1…1000.
    @Test func databaseConnections() throws {
        #expect(Configuration().databaseConnections == 8)
        #expect(try Configuration.load(environment: ["TOLLGATE_DATABASE_CONNECTIONS": "3"]).databaseConnections == 3)
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: ["TOLLGATE_DATABASE_CONNECTIONS": "0"])
        }
    }

    /// `event_loops` sets the event-loop threads; unset, one per two cores on SQLite, one per core on PostgreSQL.
    @Test func eventLoops() throws {
        #expect(Configuration().eventLoopThreads == max(1, System.coreCount / 2))
        let postgres = try Configuration.load(environment: ["TOLLGATE_DATABASE": "postgres://u@localhost/db"])
        #expect(postgres.eventLoopThreads == System.coreCount)
        #expect(try Configuration.load(environment: ["TOLLGATE_EVENT_LOOPS": "3"]).eventLoopThreads == 3)
        #expect(throws: ConfigurationError.self) { try Configuration.load(environment: ["TOLLGATE_EVENT_LOOPS": "0"]) }
    }
}
