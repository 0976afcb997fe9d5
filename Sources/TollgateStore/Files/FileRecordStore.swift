import SQLKit

/// One stored result file.
public struct FileRecord: Sendable, Equatable {
    public var token: String
    public var accountID: Int64
    public var generationID: Int64?
    public var storageKey: String
    public var contentType: String
    public var sizeBytes: Int64
    public var createdAt: Int64
    public var expiresAt: Int64?
    public var deletedAt: Int64?

    public init(
        token: String, accountID: Int64, generationID: Int64?, storageKey: String, contentType: String,
        sizeBytes: Int64,
        createdAt: Int64, expiresAt: Int64?, deletedAt: Int64? = nil
    ) {
        self.token = token
        self.accountID = accountID
        self.generationID = generationID
        self.storageKey = storageKey
        self.contentType = contentType
        self.sizeBytes = sizeBytes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.deletedAt = deletedAt
    }

    static let columnList =
        "token, account_id, generation_id, storage_key, content_type, size_bytes, created_at, expires_at, deleted_at"

    init(row: any SQLRow) throws {
        token = try row.decode(column: "token", as: String.self)
        accountID = try row.decode(column: "account_id", as: Int64.self)
        generationID = try row.decode(column: "generation_id", as: Int64?.self)
        storageKey = try row.decode(column: "storage_key", as: String.self)
        contentType = try row.decode(column: "content_type", as: String.self)
        sizeBytes = try row.decode(column: "size_bytes", as: Int64.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        expiresAt = try row.decode(column: "expires_at", as: Int64?.self)
        deletedAt = try row.decode(column: "deleted_at", as: Int64?.self)
    }
}

/// Literal SQL over `files`.
public struct FileRecordStore: Sendable {
    public init() {}

    public func insert(_ file: FileRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO files (token, account_id, generation_id, storage_key, content_type, size_bytes, created_at, expires_at)
            VALUES (\(bind: file.token), \(bind: file.accountID), \(bind: file.generationID), \(bind: file.storageKey),
                \(bind: file.contentType), \(bind: file.sizeBytes), \(bind: file.createdAt), \(bind: file.expiresAt))
            """
        ).run()
    }

    public func find(token: String, on db: any SQLDatabase) async throws -> FileRecord? {
        try await db.raw("SELECT \(unsafeRaw: FileRecord.columnList) FROM files WHERE token = \(bind: token)")
            .first().map(FileRecord.init(row:))
    }

    /// Live files past their expiry, oldest first.
    public func expired(now: Int64, limit: Int, on db: any SQLDatabase) async throws -> [FileRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: FileRecord.columnList) FROM files
            WHERE deleted_at IS NULL AND expires_at IS NOT NULL AND expires_at <= \(bind: now)
            ORDER BY expires_at LIMIT \(bind: limit)
            """
        ).all().map(FileRecord.init(row:))
    }

    /// Marks a file deleted; returns false if it already was.
    public func markDeleted(token: String, at time: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "UPDATE files SET deleted_at = \(bind: time) WHERE token = \(bind: token) AND deleted_at IS NULL RETURNING token"
        ).first() != nil
    }
}
