import Foundation
import Logging
import SQLKit

/// Applies the numbered migrations that a database has not seen yet, each in its own transaction.
/// Safe to run from several instances at once: PostgreSQL serialises them with an advisory lock,
/// SQLite with its single writer.
public struct Migrator: Sendable {
    let engine: any DatabaseEngine
    let migrations: [Migration]
    let logger: Logger

    public init(engine: any DatabaseEngine, migrations: [Migration] = Migration.all, logger: Logger) {
        self.engine = engine
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.logger = logger
    }

    /// The migrations this database has not applied yet (all of them on a new database); changes nothing.
    public func pending() async throws -> [Migration] {
        let applied: Set<Int>
        do {
            let rows = try await engine.read { db in try await db.raw("SELECT version FROM schema_migrations").all() }
            applied = Set(try rows.map { Int(try $0.decode(column: "version", as: Int64.self)) })
        } catch {
            // No bookkeeping table yet: nothing applied (a connection failure shows in the next query too).
            applied = []
        }
        return migrations.filter { !applied.contains($0.version) }
    }

    /// Brings the schema up to date; returns the versions it applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        let kind = engine.kind
        try await engine.transaction { db in
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL
                )
                """
            ).run()
        }
        var applied: [Int] = []
        for migration in migrations {
            let didApply = try await engine.transaction { db -> Bool in
                if kind == .postgres {
                    try await db.raw("SELECT pg_advisory_xact_lock(7405001)").run()
                }
                let existing = try await db.raw(
                    "SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)"
                ).first()
                guard existing == nil else { return false }
                for statement in migration.sql(for: kind) {
                    do {
                        try await db.raw(SQLQueryString(statement)).run()
                    } catch {
                        throw StoreError.migrationFailed(version: migration.version, reason: String(reflecting: error))
                    }
                }
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await db.raw(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now))
                    """
                ).run()
                return true
            }
            if didApply {
                logger.info(
                    "applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        return applied
    }
}
