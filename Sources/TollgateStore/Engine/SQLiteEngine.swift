import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// SQLite in WAL mode: one writer connection that serves one transaction at a time (see `SQLiteWriter`
/// and `WriteQueue`),
/// a small pool of reader connections used round-robin, and one connection that checkpoints the log.
public final class SQLiteEngine: DatabaseEngine {
    public let kind = DatabaseKind.sqlite
    private let writer: SQLiteWriter
    private let readers: [SQLiteConnection]
    private let checkpointer: SQLiteConnection
    /// The checkpointer's thread.
    private let background: NIOThreadPool
    private let writeQueue: WriteQueue
    private let nextReader = Atomic<Int>(0)
    private let checkpointing = Atomic<Bool>(false)
    /// Frames in the log when the last background checkpoint started.
    private let checkpointedFrom = Atomic<Int32>(0)
    private let runningCheckpoint = Mutex<Task<Void, Never>?>(nil)
    private let logger: Logger
    private let marks: LogMarks
    /// The page size of a database this engine creates.
    static let pageSize = 1024

    /// When the write-ahead log is copied into the database file (see `checkpointIfDue`).
    struct LogMarks: Sendable {
        /// New log frames (about 21 billed requests) after which a commit is followed by a background
        /// checkpoint. Small checkpoints disturb requests less than SQLite's default of 1,000 frames: with
        /// 4 KB pages the sync of 4 MB of log and database pages stalled a request now and then by 3–5 ms
        /// (BENCHMARKS.md).
        var checkpoint: Int32 = 256
        /// Log frames (16 MB of 1 KB pages) after which the writer copies the rest itself so the log starts
        /// over. That stops the writer for the copy's two syncs (~1.5 ms here), so it is rare: at 4,096 frames
        /// it nearly doubled the requests slower than 1.5 ms at concurrency 1. However long the log, a page
        /// lookup searches only the frames after the last checkpoint.
        var restart: Int32 = 16_384
    }

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String, readers readerCount: Int = 2, logger: Logger) async throws -> SQLiteEngine {
        try await open(path: path, readers: readerCount, marks: LogMarks(), logger: logger)
    }

    static func open(path: String, readers readerCount: Int, marks: LogMarks, logger: Logger) async throws
        -> SQLiteEngine
    {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Opened through sqlite-nio first: it initialises the library for the process. The checkpointer has a
        // thread of its own at a lower priority: a checkpoint's copy and fsync give way to requests.
        let background = NIOThreadPool(numberOfThreads: 1)
        background.start()
        do {
            try await background.runIfActive { Self.lowerThisThreadsPriority() }
            let checkpointer = try await Self.connect(path: path, threadPool: background, logger: logger)
            // A new database gets 1 KB pages (one created before keeps its own: SQLite changes a page size only by
            // VACUUM). The store's rows are small — a generation ~200 bytes, a ledger entry ~50 — and every
            // commit logs each page it touched in full, so a billed request logs ~13 KB instead of 48, and the
            // checkpoints sync a quarter as much: at concurrency 1 the p99 fell by ~0.1 ms (BENCHMARKS.md).
            _ = try await checkpointer.query("PRAGMA page_size=\(Self.pageSize)")
            // WAL lets readers run beside the writer; the busy timeout lets a CLI command and a
            // running server share the file.
            _ = try await checkpointer.query("PRAGMA journal_mode=WAL")
            var readers: [SQLiteConnection] = []
            for _ in 0..<max(1, readerCount) {
                readers.append(try await Self.connect(path: path, logger: logger))
            }
            let writer = try SQLiteWriter(path: path, busyTimeoutMilliseconds: 10_000)
            let db = SQLiteWriterDatabase(writer: writer, logger: logger)
            try await db.raw("PRAGMA foreign_keys=ON").run()
            try await db.raw("PRAGMA synchronous=NORMAL").run()
            return SQLiteEngine(
                writer: writer, readers: readers, checkpointer: checkpointer, background: background, marks: marks,
                logger: logger)
        } catch {
            try? await background.shutdownGracefully()
            throw error
        }
    }

    /// Nice 10 for the calling thread only: on Linux the nice value is per thread, and `who` 0 is the caller.
    private static func lowerThisThreadsPriority() {
        #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }

    private static func connect(path: String, threadPool: NIOThreadPool = .singleton, logger: Logger) async throws
        -> SQLiteConnection
    {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: threadPool, logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any())
        _ = try await connection.query("PRAGMA busy_timeout=10000")
        _ = try await connection.query("PRAGMA foreign_keys=ON")
        _ = try await connection.query("PRAGMA synchronous=NORMAL")
        return connection
    }

    private init(
        writer: SQLiteWriter, readers: [SQLiteConnection], checkpointer: SQLiteConnection, background: NIOThreadPool,
        marks: LogMarks, logger: Logger
    ) {
        self.writer = writer
        self.marks = marks
        self.background = background
        self.writeQueue = WriteQueue(writer: writer, logger: logger)
        self.readers = readers
        self.checkpointer = checkpointer
        self.logger = logger
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        return try await body(readers[index % readers.count].sql(queryLogLevel: nil))
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if logFrames >= 2 * marks.restart {
            // The background checkpoint has fallen behind (a busy machine starves its low-priority thread):
            // writes wait for it rather than grow the log further.
            await runningCheckpoint.withLock { $0 }?.value
        }
        let result = try await writeQueue.transaction(body)
        checkpointIfDue()
        return result
    }

    public func statement<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(body)
    }

    /// Frames in the write-ahead log after the last commit.
    var logFrames: Int32 { writer.walFrames.load(ordering: .relaxed) }

    /// Every `marks.checkpoint` new frames, a background checkpoint copies the log into the database file.
    /// It runs beside the writer, so under steady load commits land while it copies and the log is never
    /// copied to its end — and SQLite starts a log over only when a write begins on a fully copied one.
    /// (Checkpointing again after every commit chased the log without catching it: a checkpoint and two
    /// fsyncs per request, and a log of tens of thousands of frames.) So once the log holds `marks.restart`,
    /// the writer checkpoints the few frames the last background checkpoint missed before its next
    /// transaction, which then writes the log from its start: one short stop of the writer per
    /// `marks.restart` frames.
    private func checkpointIfDue() {
        let frames = logFrames
        let from = checkpointedFrom.load(ordering: .relaxed)
        // Fewer frames than at the last checkpoint's start: the log has started over since.
        let new = frames >= from ? frames - from : frames
        if frames >= marks.restart {
            // Once the background checkpoint running now (if any) is done.
            if !checkpointing.load(ordering: .relaxed) {
                writer.checkpointBeforeNextWrite.store(true, ordering: .relaxed)
            }
        } else if new >= marks.checkpoint {
            startCheckpoint(from: frames)
        }
    }

    /// Starts copying the log into the database file beside the writer (a passive checkpoint never waits for
    /// it), one checkpoint at a time, off the path of the transaction that grew the log past the mark.
    private func startCheckpoint(from frames: Int32) {
        guard checkpointing.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            return
        }
        checkpointedFrom.store(frames, ordering: .relaxed)
        let task = Task {
            defer { checkpointing.store(false, ordering: .releasing) }
            do {
                _ = try await checkpointer.query("PRAGMA wal_checkpoint(PASSIVE)")
            } catch {
                logger.warning("checkpoint failed", metadata: ["error_type": "\(type(of: error))"])
            }
        }
        runningCheckpoint.withLock { $0 = task }
    }

    public func shutdown() async {
        await writeQueue.close()
        await runningCheckpoint.withLock { $0 }?.value
        for connection in readers + [checkpointer] {
            try? await connection.close()
        }
        try? await background.shutdownGracefully()
    }
}
