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
    private let runningCheckpoint = Mutex<Task<Void, Never>?>(nil)
    private let logger: Logger
    /// Log frames after which a commit is followed by a checkpoint (SQLite's own default).
    static let checkpointFrames: Int32 = 1000

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String, readers readerCount: Int = 2, logger: Logger) async throws -> SQLiteEngine {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Opened through sqlite-nio first: it initialises the library for the process. The checkpointer has a
        // thread of its own at a lower priority: a checkpoint's copy and fsync give way to requests.
        let background = NIOThreadPool(numberOfThreads: 1)
        background.start()
        do {
            try await background.runIfActive { Self.lowerThisThreadsPriority() }
            let checkpointer = try await Self.connect(path: path, threadPool: background, logger: logger)
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
            return SQLiteEngine(writer: writer, readers: readers, checkpointer: checkpointer, background: background, logger: logger)
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

    private static func connect(path: String, threadPool: NIOThreadPool = .singleton, logger: Logger) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: threadPool, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        _ = try await connection.query("PRAGMA busy_timeout=10000")
        _ = try await connection.query("PRAGMA foreign_keys=ON")
        _ = try await connection.query("PRAGMA synchronous=NORMAL")
        return connection
    }

    private init(
        writer: SQLiteWriter, readers: [SQLiteConnection], checkpointer: SQLiteConnection, background: NIOThreadPool, logger: Logger
    ) {
        self.writer = writer
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
        let result = try await writeQueue.transaction(body)
        if writer.walFrames.load(ordering: .relaxed) >= Self.checkpointFrames { startCheckpoint() }
        return result
    }

    public func statement<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(body)
    }

    /// Starts copying the log into the database file beside the writer (a passive checkpoint never waits for
    /// it), one checkpoint at a time, off the path of the transaction that grew the log past the mark.
    private func startCheckpoint() {
        guard checkpointing.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return }
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
