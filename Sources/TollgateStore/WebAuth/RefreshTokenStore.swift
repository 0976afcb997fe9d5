import SQLKit

/// A refresh token row, exactly as stored (never the token itself).
public struct RefreshTokenRecord: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var family: String
    public var expiresAt: Int64
    public var usedAt: Int64?
    public var revokedAt: Int64?

    static let columnList = "id, account_id, family, expires_at, used_at, revoked_at"

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        accountID = try row.decode(column: "account_id", as: Int64.self)
        family = try row.decode(column: "family", as: String.self)
        expiresAt = try row.decode(column: "expires_at", as: Int64.self)
        usedAt = try row.decode(column: "used_at", as: Int64?.self)
        revokedAt = try row.decode(column: "revoked_at", as: Int64?.self)
    }
}

/// Literal SQL over `refresh_tokens`. Tokens rotate: each is spent by its first use, which issues the
/// next one in the same family; a second use of a spent token revokes the whole family.
public struct RefreshTokenStore: Sendable {
    public init() {}

    /// Stores a new token of `family`.
    public func insert(
        hash: String, accountID: Int64, family: String, expiresAt: Int64, now: Int64, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO refresh_tokens (token_hash, account_id, family, expires_at, created_at)
            VALUES (\(bind: hash), \(bind: accountID), \(bind: family), \(bind: expiresAt), \(bind: now))
            """
        ).run()
    }

    /// Spends a live token: marks it used and returns it, or nil when it is unknown, spent, revoked or expired.
    /// One conditional update, so of two concurrent uses exactly one wins.
    public func spend(hash: String, now: Int64, on db: any SQLDatabase) async throws -> RefreshTokenRecord? {
        try await db.raw(
            """
            UPDATE refresh_tokens SET used_at = \(bind: now)
            WHERE token_hash = \(bind: hash) AND used_at IS NULL AND revoked_at IS NULL AND expires_at > \(bind: now)
            RETURNING \(unsafeRaw: RefreshTokenRecord.columnList)
            """
        ).first().map(RefreshTokenRecord.init(row:))
    }

    /// The token with this hash, whatever its state.
    public func find(hash: String, on db: any SQLDatabase) async throws -> RefreshTokenRecord? {
        try await db.raw(
            "SELECT \(unsafeRaw: RefreshTokenRecord.columnList) FROM refresh_tokens WHERE token_hash = \(bind: hash)"
        ).first().map(RefreshTokenRecord.init(row:))
    }

    /// Whether the session `family` of `accountID` is still open: one of its tokens is not revoked.
    public func isLive(family: String, accountID: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            SELECT 1 AS live FROM refresh_tokens
            WHERE family = \(bind: family) AND account_id = \(bind: accountID) AND revoked_at IS NULL LIMIT 1
            """
        ).first() != nil
    }

    /// Revokes every token of a family; returns how many were still live.
    @discardableResult
    public func revoke(family: String, at time: Int64, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            UPDATE refresh_tokens SET revoked_at = \(bind: time)
            WHERE family = \(bind: family) AND revoked_at IS NULL RETURNING id
            """
        ).all().count
    }

    /// Revokes every token of an account (after a password reset).
    public func revoke(accountID: Int64, at time: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE refresh_tokens SET revoked_at = \(bind: time) WHERE account_id = \(bind: accountID) AND revoked_at IS NULL"
        ).run()
    }

    /// Deletes tokens that expired before `before`.
    public func prune(before: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM refresh_tokens WHERE expires_at < \(bind: before)").run()
    }
}
