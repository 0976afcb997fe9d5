import Foundation
import SQLKit
import Testing
import TollgateTestSupport

@testable import TollgateStore

/// SQLite's write-ahead log under steady writes: checkpoints keep up and the log starts over.
@Suite struct SQLiteEngineTests {
    /// A new database gets 1 KB pages; one created before keeps its own page size and works as before.
    @Test func newDatabasesGetSmallPagesAndOldOnesKeepTheirs() async throws {
        let scratch = try await TestDatabase.sqlite.makeScratch()
        let fresh = try await SQLiteEngine.open(path: scratch.directory + "/new.sqlite", logger: TestDatabase.logger)
        #expect(try await Self.pageSize(fresh) == 1024)
        await fresh.shutdown()

        // A database made by an earlier version: SQLite's default 4 KB pages, in WAL mode, with a row.
        let oldPath = scratch.directory + "/old.sqlite"
        let earlier = try SQLiteWriter(path: oldPath, busyTimeoutMilliseconds: 1000)
        for sql in [
            "PRAGMA journal_mode=WAL", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
            "INSERT INTO notes (body) VALUES ('kept')",
        ] {
            try earlier.execute(sql, []) { _ in }
        }
        earlier.close()

        let old = try await SQLiteEngine.open(path: oldPath, logger: TestDatabase.logger)
        #expect(try await Self.pageSize(old) == 4096)
        try await old.transaction { db in try await db.raw("INSERT INTO notes (body) VALUES ('added')").run() }
        let bodies = try await old.read { db in
            try await db.raw("SELECT body FROM notes ORDER BY id").all().map {
                try $0.decode(column: "body", as: String.self)
            }
        }
        await old.shutdown()
        await scratch.remove()
        #expect(bodies == ["kept", "added"])
    }

    /// Back-to-back write transactions leave no moment for a background checkpoint to copy the log to its
    /// end, so SQLite never starts the log over unless the writer finishes the copy itself. Without that the
    /// log grew by every frame written (tens of thousands of frames in seconds under load).
    @Test func theLogStartsOverUnderSteadyWrites() async throws {
        let scratch = try await TestDatabase.sqlite.makeScratch()
        let path = scratch.directory + "/log.sqlite"
        // The marks scaled down 16 times, so the test writes a few megabytes rather than a few hundred.
        let marks = SQLiteEngine.LogMarks(checkpoint: 16, restart: 1024)
        let engine = try await Self.notes(at: path, marks: marks)
        // 2,000 transactions of ~5 pages each (the blob, its overflow and the index), from four writers at
        // once (so some commit together): ~10,000 frames.
        let body = Data(repeating: 7, count: 3 * 4096)
        let writers = 4, transactions = 2_000
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<writers {
                group.addTask {
                    for _ in 0..<transactions / writers {
                        try await engine.transaction { db in
                            try await db.raw("INSERT INTO notes (body) VALUES (\(bind: body))").run()
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let count = try await engine.read(Self.count)
        // SQLite's log frame: a page and its 24-byte header.
        let frameBytes = try await Self.pageSize(engine) + 24
        // Read before the engine closes: the last connection to close removes the log.
        let logBytes = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        await engine.shutdown()
        await scratch.remove()

        #expect(count == transactions)
        // A log that starts over is overwritten from its start, so the file's size is the longest the log
        // has been: the restart mark plus what was written while the last checkpoint ran.
        #expect(logBytes <= 3 * Int(marks.restart) * frameBytes, "log of \(logBytes / frameBytes) frames")
    }

    /// A read that keeps an old snapshot stops the log from being copied past it, so it cannot start over:
    /// writes go on meanwhile, and the log starts over once the read ends.
    @Test func aLongReadHoldsTheLogWithoutStoppingWrites() async throws {
        let scratch = try await TestDatabase.sqlite.makeScratch()
        let marks = SQLiteEngine.LogMarks(checkpoint: 16, restart: 256)
        let engine = try await Self.notes(at: scratch.directory + "/read.sqlite", marks: marks, readers: 1)
        let body = Data(repeating: 7, count: 2000)
        @Sendable func write(_ count: Int) async throws {
            for _ in 0..<count {
                try await engine.transaction { db in
                    try await db.raw("INSERT INTO notes (body) VALUES (\(bind: body))").run()
                }
            }
        }
        let (seen, framesDuringRead) = try await engine.read { db in
            try await db.raw("BEGIN").run()
            let seen = try await Self.count(on: db)
            try await write(300)
            let frames = engine.logFrames
            try await db.raw("COMMIT").run()
            return (seen, frames)
        }
        try await write(300)
        let framesAfter = engine.logFrames
        let count = try await engine.read(Self.count)
        await engine.shutdown()
        await scratch.remove()

        #expect(seen == 0)
        #expect(count == 600)
        #expect(framesDuringRead > 2 * marks.restart, "the read kept the log from starting over")
        #expect(framesAfter < 2 * marks.restart, "log of \(framesAfter) frames after the read")
    }

    /// An engine on a new database at `path` with one table, `notes (id, body BLOB)`.
    static func notes(at path: String, marks: SQLiteEngine.LogMarks, readers: Int = 2) async throws -> SQLiteEngine {
        let engine = try await SQLiteEngine.open(
            path: path, readers: readers, marks: marks, logger: TestDatabase.logger)
        try await engine.transaction { db in
            try await db.raw("CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB NOT NULL)").run()
        }
        return engine
    }

    @Sendable static func count(on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT count(*) AS n FROM notes").first()!.decode(column: "n", as: Int.self)
    }

    static func pageSize(_ engine: SQLiteEngine) async throws -> Int {
        try await engine.read { db in
            try await db.raw("PRAGMA page_size").first()!.decode(column: "page_size", as: Int.self)
        }
    }
}
