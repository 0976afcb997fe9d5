import SQLKit

/// Literal SQL over `api_keys`.
public struct ApiKeyStore: Sendable {
    public init() {}

    /// Inserts a key row with the hash and display prefix the service computed.
    public func insert(
        accountID: Int64, name: String, keyHash: String, keyPrefix: String, createdAt: Int64, on db: any SQLDatabase
    ) async throws -> ApiKeyRecord {
        guard
            let row = try await db.raw(
                """
                INSERT INTO api_keys (account_id, name, key_hash, key_prefix, created_at)
                VALUES (\(bind: accountID), \(bind: name), \(bind: keyHash), \(bind: keyPrefix), \(bind: createdAt))
                RETURNING \(unsafeRaw: ApiKeyRecord.columnList)
                """
            ).first()
        else { throw StoreError.notFound }
        return try ApiKeyRecord(row: row)
    }

    /// The live (not revoked) key with this hash.
    public func findActive(hash: String, on db: any SQLDatabase) async throws -> ApiKeyRecord? {
        try await db.raw(
            """
            SELECT \(unsafeRaw: ApiKeyRecord.columnList) FROM api_keys
            WHERE key_hash = \(bind: hash) AND revoked_at IS NULL
            """
        ).first().map(ApiKeyRecord.init(row:))
    }

    /// The live keys of an account, newest first.
    public func list(accountID: Int64, on db: any SQLDatabase) async throws -> [ApiKeyRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: ApiKeyRecord.columnList) FROM api_keys
            WHERE account_id = \(bind: accountID) AND revoked_at IS NULL ORDER BY id DESC
            """
        ).all().map(ApiKeyRecord.init(row:))
    }

    /// Renames a live key of this account; nil if there is none.
    public func rename(id: Int64, accountID: Int64, name: String, on db: any SQLDatabase) async throws -> ApiKeyRecord?
    {
        try await db.raw(
            """
            UPDATE api_keys SET name = \(bind: name)
            WHERE id = \(bind: id) AND account_id = \(bind: accountID) AND revoked_at IS NULL
            RETURNING \(unsafeRaw: ApiKeyRecord.columnList)
            """
        ).first().map(ApiKeyRecord.init(row:))
    }

    /// Revokes a live key of this account; returns its hash, or nil if there was none.
    public func revoke(id: Int64, accountID: Int64, at time: Int64, on db: any SQLDatabase) async throws -> String? {
        try await db.raw(
            """
            UPDATE api_keys SET revoked_at = \(bind: time)
            WHERE id = \(bind: id) AND account_id = \(bind: accountID) AND revoked_at IS NULL
            RETURNING key_hash
            """
        ).first()?.decode(column: "key_hash", as: String.self)
    }

    /// Records when keys were last used, batched off the hot path.
    public func touch(_ usage: [Int64: Int64], on db: any SQLDatabase) async throws {
        for (id, time) in usage {
            try await db.raw(
                """
                UPDATE api_keys SET last_used_at = \(bind: time)
                WHERE id = \(bind: id) AND (last_used_at IS NULL OR last_used_at < \(bind: time))
                """
            ).run()
        }
    }
}
