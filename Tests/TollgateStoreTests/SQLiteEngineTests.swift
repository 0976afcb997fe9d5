import Foundation
import SQLKit
import Testing
@testable import TollgateStore
import TollgateTestSupport

/// SQLite's write-ahead log under steady writes: checkpoints keep up and the log starts over.
@Suite struct SQLiteEngineTests {
    /// SQLite's log frame: a 4 KB page and its 24-byte header.
    static let frameBytes = 4096 + 24

    /// Back-to-back write transactions leave no moment for a background checkpoint to copy the log to its
    /// end, so SQLite never starts the log over unless the writer finishes the copy itself. Without that the
    /// log grew by every frame written (tens of thousands of frames in seconds under load).
    @Test func theLogStartsOverUnderSteadyWrites() async throws {
        let scratch = try await TestDatabase.sqlite.makeScratch()
        let path = scratch.directory + "/log.sqlite"
        // The marks scaled down 16 times, so the test writes a few megabytes rather than a few hundred.
        let marks = SQLiteEngine.LogMarks(checkpoint: 16, restart: 1024)
        let engine = try await SQLiteEngine.open(path: path, readers: 2, marks: marks, logger: TestDatabase.logger)
        try await engine.transaction { db in
            try await db.raw("CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB NOT NULL)").run()
        }
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
        let count = try await engine.read { db in
            try await db.raw("SELECT count(*) AS n FROM notes").first()!.decode(column: "n", as: Int.self)
        }
        // Read before the engine closes: the last connection to close removes the log.
        let logBytes = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        await engine.shutdown()
        await scratch.remove()

        #expect(count == transactions)
        // A log that starts over is overwritten from its start, so the file's size is the longest the log
        // has been: the restart mark plus what was written while the last checkpoint ran.
        #expect(logBytes <= 3 * Int(marks.restart) * Self.frameBytes, "log of \(logBytes / Self.frameBytes) frames")
    }
}
