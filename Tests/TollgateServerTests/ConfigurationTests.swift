import Testing
import TollgateServer

@Suite struct ConfigurationTests {
    /// `database_connections` sizes the PostgreSQL pool: 8 unless set, 1…1000.
    @Test func databaseConnections() throws {
        #expect(Configuration().databaseConnections == 8)
        #expect(try Configuration.load(environment: ["TOLLGATE_DATABASE_CONNECTIONS": "3"]).databaseConnections == 3)
        #expect(throws: ConfigurationError.self) { try Configuration.load(environment: ["TOLLGATE_DATABASE_CONNECTIONS": "0"]) }
    }
}
