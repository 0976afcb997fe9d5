import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization
// The SQLite library sqlite-nio bundles (and links); the writer drives it directly.
import VaporCSQLite

/// SQLite's one writer connection, driven on the calling thread with statements prepared once and reused.
///
/// sqlite-nio runs every statement on a thread pool and resumes the caller afterwards: two thread
/// switches per statement. A billed request runs about a dozen statements in its two transactions, and on
/// a small machine those switches (and re-parsing the same SQL) cost more than SQLite itself (BENCHMARKS.md).
/// Here the statements of a transaction run back to back on the task whose turn it is; writes
/// go to the WAL in the page cache, so nothing waits on the disk. The calls that can block for long run
/// elsewhere: a `BEGIN` that finds another process holding the database waits on the thread pool, and
/// the engine checkpoints the log on a connection of its own.
///
/// Not safe for concurrent use: the engine hands it to one transaction at a time, through its write queue.
final class SQLiteWriter: @unchecked Sendable {
    private let handle: OpaquePointer
    private var statements: [String: Statement] = [:]
    private let threadPool: NIOThreadPool
    private let busyTimeoutMilliseconds: Int32
    /// Frames in the write-ahead log after the last commit, as reported by SQLite's WAL hook (read by
    /// the engine outside the write queue).
    let walFrames = Atomic<Int32>(0)
    /// Set by the engine when the log should start over: the next `begin()` first checkpoints what the
    /// background checkpoints missed (the frames committed while they ran), so that transaction finds the
    /// log fully copied and writes from its start again.
    let checkpointBeforeNextWrite = Atomic<Bool>(false)
    private var closed = false
    private var closing = false

    private struct Statement {
        var handle: OpaquePointer
        var columns: ResultColumns
        /// False for a schema change, which is finalized after it runs.
        var cached: Bool
    }

    /// Cached statements beyond this many are all finalized (the store uses a few dozen distinct texts).
    private static let maxStatements = 256
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Opens the database at `path` for writing. Open a connection through sqlite-nio first: it
    /// initialises the library once for the process.
    init(path: String, busyTimeoutMilliseconds: Int32, threadPool: NIOThreadPool = .singleton) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            throw SQLiteStatementError(code: status, message: "cannot open \(path): \(message)")
        }
        self.handle = handle
        self.threadPool = threadPool
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        // No waiting on this thread: `begin()` waits on the thread pool instead.
        sqlite_nio_sqlite3_busy_timeout(handle, 0)
        // Checkpoints are the engine's to run (outside the write queue), not a side effect of a COMMIT: the hook
        // replaces SQLite's automatic checkpoint and records how long the log has grown.
        sqlite_nio_sqlite3_wal_hook(
            handle,
            { context, _, _, frames in
                Unmanaged<SQLiteWriter>.fromOpaque(context!).takeUnretainedValue().walFrames.store(
                    frames, ordering: .relaxed)
                return SQLITE_OK
            },
            Unmanaged.passUnretained(self).toOpaque())
    }

    /// Runs `sql` with `binds`, handing each row to `onRow`.
    func execute(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteWriterRow) -> Void) throws {
        guard !closed else {
            throw SQLiteStatementError(code: SQLITE_MISUSE, message: "the writer connection is closed")
        }
        let statement = try prepared(sql)
        defer {
            sqlite_nio_sqlite3_reset(statement.handle)
            sqlite_nio_sqlite3_clear_bindings(statement.handle)
            if !statement.cached {
                // A schema change: cached column lists may be stale, so the cache starts afresh.
                sqlite_nio_sqlite3_finalize(statement.handle)
                clearCache()
            }
        }
        try bind(binds, to: statement.handle)
        while true {
            let status = sqlite_nio_sqlite3_step(statement.handle)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error(status) }
            var values: [SQLiteData] = []
            values.reserveCapacity(statement.columns.names.count)
            for index in 0..<Int32(statement.columns.names.count) {
                values.append(value(statement.handle, index))
            }
            onRow(SQLiteWriterRow(columns: statement.columns, values: values))
        }
    }

    /// `BEGIN IMMEDIATE`: at once when the database is free; when another process holds it, waiting up to
    /// the busy timeout on the thread pool rather than on the caller's thread.
    func begin() async throws {
        guard !closed else {
            throw SQLiteStatementError(code: SQLITE_MISUSE, message: "the writer connection is closed")
        }
        if checkpointBeforeNextWrite.exchange(false, ordering: .relaxed) { await checkpoint() }
        let sql = "BEGIN IMMEDIATE"
        let status = try step(sql)
        if status == SQLITE_DONE { return }
        guard status & 0xFF == SQLITE_BUSY else { throw error(status) }
        let handle = UncheckedHandle(handle: handle), timeout = busyTimeoutMilliseconds
        let retried = try await threadPool.runIfActive {
            sqlite_nio_sqlite3_busy_timeout(handle.handle, timeout)
            defer { sqlite_nio_sqlite3_busy_timeout(handle.handle, 0) }
            return sqlite_nio_sqlite3_exec(handle.handle, sql, nil, nil, nil)
        }
        guard retried == SQLITE_OK else { throw error(retried) }
    }

    /// A passive checkpoint on this connection, between transactions (so no commit races it), on the
    /// thread pool: its syncs may take milliseconds. A failure (another checkpoint running) only means the
    /// log does not start over this time.
    private func checkpoint() async {
        let handle = UncheckedHandle(handle: handle)
        _ = try? await threadPool.runIfActive {
            sqlite_nio_sqlite3_wal_checkpoint_v2(handle.handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }

    /// `COMMIT`: in WAL mode with `synchronous=NORMAL` an append to the log, no sync.
    func commit() throws {
        try exec("COMMIT")
    }

    /// `SAVEPOINT`: the start of one transaction of a group committed together.
    func savepoint() throws {
        try exec("SAVEPOINT job")
    }

    /// Undoes everything since `savepoint()`.
    func rollbackToSavepoint() throws {
        try exec("ROLLBACK TO job")
    }

    /// Ends the savepoint, keeping its changes in the enclosing transaction.
    func releaseSavepoint() throws {
        try exec("RELEASE job")
    }

    private func exec(_ sql: String) throws {
        guard !closed else {
            throw SQLiteStatementError(code: SQLITE_MISUSE, message: "the writer connection is closed")
        }
        let status = try step(sql)
        guard status == SQLITE_DONE else { throw error(status) }
    }

    /// Runs a statement that takes no binds and returns no rows, prepared once (`sqlite3_exec` would
    /// compile `BEGIN` and `COMMIT` again for every transaction), and returns SQLite's status.
    private func step(_ sql: String) throws -> Int32 {
        let statement = try prepared(sql)
        defer { sqlite_nio_sqlite3_reset(statement.handle) }
        return sqlite_nio_sqlite3_step(statement.handle)
    }

    /// `ROLLBACK`, if a transaction is open.
    func rollback() {
        if !closed, sqlite_nio_sqlite3_get_autocommit(handle) == 0 {
            sqlite_nio_sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
        }
    }

    /// Asks for `closeIfAsked()` to close the connection after the current transaction.
    func closeAfterCommit() {
        closing = true
    }

    /// Closes the connection if `closeAfterCommit()` was called.
    func closeIfAsked() {
        if closing { close() }
    }

    /// Finalizes every statement and closes the connection (the last connection to close checkpoints).
    func close() {
        guard !closed else { return }
        closed = true
        clearCache()
        sqlite_nio_sqlite3_close_v2(handle)
    }

    private func prepared(_ sql: String) throws -> Statement {
        if let statement = statements[sql] { return statement }
        let cache = !Self.changesSchema(sql)
        var statementHandle: OpaquePointer?
        let flags = cache ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, flags, &statementHandle, nil)
        guard status == SQLITE_OK, let statementHandle else { throw error(status) }
        let columns = ResultColumns(
            (0..<sqlite_nio_sqlite3_column_count(statementHandle)).map {
                String(cString: sqlite_nio_sqlite3_column_name(statementHandle, $0))
            })
        let statement = Statement(handle: statementHandle, columns: columns, cached: cache)
        if cache {
            if statements.count >= Self.maxStatements { clearCache() }
            statements[sql] = statement
        }
        return statement
    }

    /// Whether `sql` is a schema change (`CREATE`, `ALTER`, `DROP`).
    static func changesSchema(_ sql: String) -> Bool {
        let head = String(
            decoding: sql.utf8.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }.prefix(6), as: UTF8.self
        )
        .uppercased()
        return head.hasPrefix("CREATE") || head.hasPrefix("ALTER") || head.hasPrefix("DROP")
    }

    private func clearCache() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.handle) }
        statements.removeAll()
    }

    private func bind(_ binds: [SQLiteData], to statement: OpaquePointer) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number): status = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
            case .float(let number): status = sqlite_nio_sqlite3_bind_double(statement, index, number)
            case .text(let text):
                status = sqlite_nio_sqlite3_bind_text64(
                    statement, index, text, UInt64(text.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
            case .blob(let bytes):
                status = bytes.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), Self.transient)
                }
            case .null: status = sqlite_nio_sqlite3_bind_null(statement, index)
            }
            guard status == SQLITE_OK else { throw error(status) }
        }
    }

    private func value(_ statement: OpaquePointer, _ index: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, index)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, index) else { return .null }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, index) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    private func error(_ status: Int32) -> SQLiteStatementError {
        SQLiteStatementError(code: status, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }

    /// The connection handle, moved to a pool thread while the write queue keeps everyone else off it.
    private struct UncheckedHandle: @unchecked Sendable {
        let handle: OpaquePointer
    }
}

/// A failed SQLite call on the writer connection: SQLite's (extended) result code and message.
public struct SQLiteStatementError: Error, CustomStringConvertible {
    public var code: Int32
    public var message: String

    public var description: String { "SQLite error \(code): \(message)" }
}

/// A statement's result columns, with the position of each name (the first, when a name repeats): a
/// record reads a row's thirty columns by name, which a search of the names would make quadratic.
struct ResultColumns: Sendable {
    let names: [String]
    private let positions: [String: Int]

    init(_ names: [String]) {
        self.names = names
        positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func position(of name: String) -> Int? { positions[name] }
}

/// One row read by the writer.
struct SQLiteWriterRow: SQLRow {
    let columns: ResultColumns
    let values: [SQLiteData]
    static let decoder = SQLiteDataDecoder()

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.position(of: column) != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let index = columns.position(of: column) else { return true }
        return values[index] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns.position(of: column) else {
            throw DecodingError.keyNotFound(
                SQLiteWriterRow.Key(column), .init(codingPath: [], debugDescription: "No column named \(column)."))
        }
        // The store's columns are integers and text: those skip the generic decoder's dynamic casts.
        switch values[index] {
        case .integer(let number):
            if D.self == Int64.self { return unsafeBitCast(Int64(number), to: D.self) }
            if D.self == Int64?.self { return unsafeBitCast(Int64?(Int64(number)), to: D.self) }
            if D.self == Int.self { return unsafeBitCast(number, to: D.self) }
        case .text(let text):
            if D.self == String.self { return unsafeBitCast(text, to: D.self) }
            if D.self == String?.self { return unsafeBitCast(String?(text), to: D.self) }
        case .null:
            if D.self == Int64?.self { return unsafeBitCast(Int64?.none, to: D.self) }
            if D.self == String?.self { return unsafeBitCast(String?.none, to: D.self) }
        default:
            break
        }
        return try Self.decoder.decode(D.self, from: values[index])
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// The writer as an `SQLDatabase` for the store's SQLKit queries, in SQLite's dialect with sqlite-kit's
/// value encoding, exactly as on a sqlite-nio connection.
struct SQLiteWriterDatabase: SQLDatabase {
    let writer: SQLiteWriter
    let logger: Logger
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }
    static let encoder = SQLiteDataEncoder()

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<
        Void
    > {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        try writer.execute(sql, try binds.map(Self.data), onRow)
    }

    /// A bind's SQLite value: the store's common types by a cast to the concrete type (cheaper than the
    /// encoder's protocol lookup), everything else (nil included) as sqlite-kit encodes it.
    static func data(_ bind: any Encodable & Sendable) throws -> SQLiteData {
        switch bind {
        case let number as Int64: .integer(Int(number))
        case let text as String: .text(text)
        case let number as Int: .integer(number)
        default: try encoder.encode(bind)
        }
    }
}
