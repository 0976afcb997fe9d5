import SQLKit

/// A stored idempotency key.
public struct IdempotencyRecord: Sendable, Equatable {
    public var fingerprint: String
    public var generationID: Int64?
    public var responseStatus: Int?
    public var responseBody: String?
    public var createdAt: Int64
}

/// Literal SQL over `idempotency_keys`.
public struct IdempotencyStore: Sendable {
    public init() {}

    /// Claims a key for a new request: inserts it, or takes over a row older than `expiredBefore`.
    /// Returns false if a live row exists (another request got there first).
    public func claim(
        accountID: Int64, key: String, fingerprint: String, owner: String?, now: Int64, expiredBefore: Int64,
        on db: any SQLDatabase
    ) async throws -> Bool {
        try await db.raw(
            """
            INSERT INTO idempotency_keys (account_id, idempotency_key, fingerprint, owner, created_at)
            VALUES (\(bind: accountID), \(bind: key), \(bind: fingerprint), \(bind: owner), \(bind: now))
            ON CONFLICT (account_id, idempotency_key) DO UPDATE SET fingerprint = \(bind: fingerprint),
                owner = \(bind: owner), created_at = \(bind: now), generation_id = NULL, response_status = NULL,
                response_body = NULL
            WHERE idempotency_keys.created_at < \(bind: expiredBefore)
            RETURNING created_at
            """
        ).first() != nil
    }

    /// Links the key to its generation.
    public func attach(accountID: Int64, key: String, generationID: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE idempotency_keys SET generation_id = \(bind: generationID)
            WHERE account_id = \(bind: accountID) AND idempotency_key = \(bind: key)
            """
        ).run()
    }

    /// Stores the answer the first request got.
    public func complete(accountID: Int64, key: String, status: Int, body: String, on db: any SQLDatabase) async throws
    {
        try await db.raw(
            """
            UPDATE idempotency_keys SET response_status = \(bind: status), response_body = \(bind: body)
            WHERE account_id = \(bind: accountID) AND idempotency_key = \(bind: key)
            """
        ).run()
    }

    /// The row for a key.
    public func find(accountID: Int64, key: String, on db: any SQLDatabase) async throws -> IdempotencyRecord? {
        guard
            let row = try await db.raw(
                """
                SELECT fingerprint, generation_id, response_status, response_body, created_at FROM idempotency_keys
                WHERE account_id = \(bind: accountID) AND idempotency_key = \(bind: key)
                """
            ).first()
        else { return nil }
        return IdempotencyRecord(
            fingerprint: try row.decode(column: "fingerprint", as: String.self),
            generationID: try row.decode(column: "generation_id", as: Int64?.self),
            responseStatus: try row.decode(column: "response_status", as: Int?.self),
            responseBody: try row.decode(column: "response_body", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self))
    }

    /// Claims left without an answer by a dead instance: one whose lease ran out by `now`, or `me` in a life
    /// that ended before `startedAt` (a restart). With the generation each was for.
    public func orphans(me: String, startedAt: Int64, now: Int64, limit: Int, on db: any SQLDatabase) async throws
        -> [(accountID: Int64, key: String, owner: String, generationID: Int64?)]
    {
        try await db.raw(
            """
            SELECT account_id, idempotency_key, owner, generation_id FROM idempotency_keys
            WHERE response_status IS NULL AND owner IS NOT NULL
                AND ((owner = \(bind: me) AND created_at < \(bind: startedAt))
                    OR (owner <> \(bind: me) AND NOT EXISTS (
                        SELECT 1 FROM instances WHERE instances.id = idempotency_keys.owner
                            AND instances.lease_until > \(bind: now))))
            LIMIT \(bind: limit)
            """
        ).all().map { row in
            (
                try row.decode(column: "account_id", as: Int64.self),
                try row.decode(column: "idempotency_key", as: String.self),
                try row.decode(column: "owner", as: String.self),
                try row.decode(column: "generation_id", as: Int64?.self)
            )
        }
    }

    /// Removes a claim that is still unanswered and still `owner`'s, so that the next request with the key runs.
    public func release(accountID: Int64, key: String, owner: String, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            DELETE FROM idempotency_keys
            WHERE account_id = \(bind: accountID) AND idempotency_key = \(bind: key) AND owner = \(bind: owner)
                AND response_status IS NULL
            """
        ).run()
    }
}
