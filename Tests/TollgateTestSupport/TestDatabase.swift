import Foundation
import Logging
import SQLKit
import TollgateStore

/// The databases a suite runs against: SQLite always; PostgreSQL when `TOLLGATE_TEST_POSTGRES_URL`
/// names a server where the test user may create databases (`scripts/test` starts one).
public enum TestDatabase: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }

    /// The admin URL of the throwaway PostgreSQL server, if any.
    public static var postgresAdminURL: String? {
        ProcessInfo.processInfo.environment["TOLLGATE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Every database available in this run.
    public static var available: [TestDatabase] {
        postgresAdminURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public static let logger: Logger = {
        var logger = Logger(label: "tollgate-test")
        logger.logLevel = .warning
        return logger
    }()

    /// A fresh, empty place to keep data: a temporary folder, and for PostgreSQL a new database.
    public func makeScratch() async throws -> Scratch {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tollgate-test-\(UUID().uuidString.prefix(12))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        switch self {
        case .sqlite:
            return Scratch(directory: directory, databaseURL: nil, databaseName: nil)
        case .postgres:
            guard let admin = Self.postgresAdminURL else { throw ScratchError.noPostgres }
            let name = "tg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            let engine = try PostgresEngine(url: admin, maxConnections: 1, logger: Self.logger)
            try await engine.read { db in try await db.raw("CREATE DATABASE \(ident: String(name))").run() }
            await engine.shutdown()
            var components = URLComponents(string: admin)!
            components.path = "/" + name
            return Scratch(directory: directory, databaseURL: components.string!, databaseName: String(name))
        }
    }

    /// A migrated store on a fresh scratch database.
    public func makeStore() async throws -> (Store, Scratch) {
        let scratch = try await makeScratch()
        let store = try await Store.open(
            postgresURL: scratch.databaseURL, sqlitePath: scratch.directory + "/tollgate.sqlite", logger: Self.logger)
        try await store.migrate(logger: Self.logger)
        return (store, scratch)
    }
}

/// Where one test keeps its data; `remove()` deletes it.
public struct Scratch: Sendable {
    public let directory: String
    public let databaseURL: String?
    public let databaseName: String?

    /// Deletes the folder and drops the PostgreSQL database.
    public func remove() async {
        try? FileManager.default.removeItem(atPath: directory)
        if let name = databaseName, let admin = TestDatabase.postgresAdminURL,
            let engine = try? PostgresEngine(url: admin, maxConnections: 1, logger: TestDatabase.logger)
        {
            try? await engine.read { db in try await db.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
            }
            await engine.shutdown()
        }
    }
}

enum ScratchError: Error {
    case noPostgres
}
