import SQLKit

/// A signed-in browser, exactly as stored (never the cookie's value itself).
public struct WebSessionRecord: Sendable, Equatable {
    public var accountID: Int64
    /// The session's CSRF token, sent back in every form.
    public var csrf: String
    public var createdAt: Int64
    public var expiresAt: Int64

    init(row: any SQLRow) throws {
        accountID = try row.decode(column: "account_id", as: Int64.self)
        csrf = try row.decode(column: "csrf", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        expiresAt = try row.decode(column: "expires_at", as: Int64.self)
    }
}

/// Literal SQL over `web_sessions`: one row per signed-in browser, keyed by the hash of its cookie.
public struct WebSessionStore: Sendable {
    public init() {}

    public func insert(
        idHash: String, accountID: Int64, csrf: String, expiresAt: Int64, now: Int64, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO web_sessions (id_hash, account_id, csrf, created_at, expires_at)
            VALUES (\(bind: idHash), \(bind: accountID), \(bind: csrf), \(bind: now), \(bind: expiresAt))
            """
        ).run()
    }

    /// The live session with this hash and its account, or nil when unknown or expired.
    public func find(idHash: String, now: Int64, on db: any SQLDatabase) async throws -> (
        WebSessionRecord, AccountRecord
    )? {
        guard
            let row = try await db.raw(
                """
                SELECT s.account_id, s.csrf, s.created_at, s.expires_at,
                    \(unsafeRaw: OneStatement.prefixed(AccountRecord.columns, table: "a", prefix: "owner_"))
                FROM web_sessions s JOIN accounts a ON a.id = s.account_id
                WHERE s.id_hash = \(bind: idHash) AND s.expires_at > \(bind: now)
                """
            ).first()
        else { return nil }
        return (try WebSessionRecord(row: row), try AccountRecord(row: PrefixedRow(row: row, prefix: "owner_")))
    }

    /// Moves a session's end (sliding expiry).
    public func extend(idHash: String, to expiresAt: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE web_sessions SET expires_at = \(bind: expiresAt) WHERE id_hash = \(bind: idHash)")
            .run()
    }

    /// Ends one session.
    public func delete(idHash: String, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM web_sessions WHERE id_hash = \(bind: idHash)").run()
    }

    /// Ends every session of an account (blocked, or its password changed).
    public func delete(accountID: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM web_sessions WHERE account_id = \(bind: accountID)").run()
    }

    /// Deletes sessions that ended before `before`.
    public func prune(before: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM web_sessions WHERE expires_at < \(bind: before)").run()
    }
}
