import SQLKit

/// The SQL flavour an engine speaks; migrations pick their column types by it.
public enum DatabaseKind: String, Sendable {
    case sqlite, postgres
}

/// A database the store runs on: reads on any connection, writes in one transaction each.
public protocol DatabaseEngine: Sendable {
    /// Which SQL flavour this engine speaks.
    var kind: DatabaseKind { get }
    /// Runs `body` on a connection for reading; no transaction is opened.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` inside one transaction: committed if it returns, rolled back if it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body`, which writes with one statement that is atomic by itself: PostgreSQL commits it on its
    /// own (no BEGIN/COMMIT round trips: its row locks end with the statement); SQLite runs it in a
    /// transaction of its writer.
    func statement<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Whether the database answers a trivial query.
    func ping() async -> Bool
    /// Closes every connection.
    func shutdown() async
}

extension DatabaseEngine {
    public func ping() async -> Bool {
        do {
            return try await read { db in
                try await db.raw("SELECT 1 AS one").first() != nil
            }
        } catch {
            return false
        }
    }
}
