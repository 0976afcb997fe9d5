import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's pooled client; every transaction runs on one leased connection.
public final class PostgresEngine: DatabaseEngine {
    public let kind = DatabaseKind.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    /// Connections kept at most unless configured (`database_connections`): a few per core; more only add
    /// contention for the same rows (BENCHMARKS.md).
    public static let defaultMaxConnections = 8
    /// Connections kept open even when idle: the admission and settlement batches' (`StatementBatch`).
    static let keptConnections = 2

    /// Connects to `url` (`postgres://user:password@host:port/database[?sslmode=require]`).
    public init(url: String, maxConnections: Int = defaultMaxConnections, logger: Logger) throws {
        var configuration = try Self.configuration(url: url)
        configuration.options.maximumConnections = maxConnections
        // Each time the pool parks a connection it starts a keep-alive timer, and an idle-timeout timer for a
        // connection above the minimum; a cancelled timer's memory stays until it would have fired. Under
        // batched load (hundreds of parks a second) that grew the process by ~0.6 MB a second (BENCHMARKS.md).
        // So the busiest connections are kept (no idle timer) and idle ones are not pinged (no keep-alive
        // timer); a connection the server closes is dropped by the pool when its socket closes.
        configuration.options.minimumConnections = min(Self.keptConnections, maxConnections)
        configuration.options.keepAliveBehavior = nil
        // The pool warns about leases requested before `run()` has started; that race is benign here.
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        client = PostgresClient(configuration: configuration, backgroundLogger: background)
        let client = self.client
        // The pool only hands out connections while `run()` is running; it stops on shutdown.
        runner = Task { await client.run() }
        self.logger = logger
    }

    static func configuration(url: String) throws -> PostgresClient.Configuration {
        let address = try PostgresAddress(url: url)
        let tls: PostgresClient.Configuration.TLS =
            switch address.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        return PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: tls)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(PostgresSession(connection: connection))
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let db = PostgresSession(connection: connection)
            try await db.raw("BEGIN").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func statement<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await read(body)
    }

    public func shutdown() async {
        runner.cancel()
        _ = await runner.value
    }
}
