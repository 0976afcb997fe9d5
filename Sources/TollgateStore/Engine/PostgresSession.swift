import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// A leased PostgreSQL connection as an `SQLDatabase` that can also run named prepared statements,
/// which the connection parses and plans once instead of on every call (the admission and settlement
/// statements: BENCHMARKS.md, PostgreSQL).
struct PostgresSession: SQLDatabase {
    let connection: PostgresConnection
    private let sql: any SQLDatabase

    init(connection: PostgresConnection) {
        self.connection = connection
        sql = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { sql.logger }
    var eventLoop: any EventLoop { sql.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void>
    {
        sql.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await sql.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// The rows of `statement`, prepared on `db`'s connection the first time it runs there.
    static func rows<Statement: PostgresPreparedStatement>(
        of statement: Statement, on db: any SQLDatabase
    ) async throws -> [Statement.Row] {
        guard let session = db as? PostgresSession else {
            preconditionFailure("\(Statement.self) runs on PostgreSQL sessions only")
        }
        var rows: [Statement.Row] = []
        for try await row in try await session.connection.execute(statement, logger: session.logger) {
            rows.append(row)
        }
        return rows
    }
}
