import SQLKit

/// What a one-time emailed token is for.
public enum AuthTokenPurpose: String, Sendable {
    case verifyEmail = "verify_email"
    case resetPassword = "reset_password"
    /// A one-time link from the dashboard into the Telegram bot that links the chat to the account.
    case linkTelegram = "link_telegram"
}

/// Literal SQL over `auth_tokens`: one-time tokens sent by email, stored as their hash.
public struct AuthTokenStore: Sendable {
    public init() {}

    /// Stores a new token.
    public func insert(
        hash: String, accountID: Int64, purpose: AuthTokenPurpose, expiresAt: Int64, now: Int64, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO auth_tokens (token_hash, account_id, purpose, expires_at, created_at)
            VALUES (\(bind: hash), \(bind: accountID), \(bind: purpose.rawValue), \(bind: expiresAt), \(bind: now))
            """
        ).run()
    }

    /// Spends a live token of `purpose`: marks it used and returns its account, or nil if it is unknown,
    /// used or expired. One conditional update, so a token works exactly once.
    public func consume(hash: String, purpose: AuthTokenPurpose, now: Int64, on db: any SQLDatabase) async throws
        -> Int64?
    {
        try await db.raw(
            """
            UPDATE auth_tokens SET used_at = \(bind: now)
            WHERE token_hash = \(bind: hash) AND purpose = \(bind: purpose.rawValue)
                AND used_at IS NULL AND expires_at > \(bind: now)
            RETURNING account_id
            """
        ).first()?.decode(column: "account_id", as: Int64.self)
    }

    /// Whether a token of `purpose` is live (unused and unexpired), without spending it.
    public func isLive(hash: String, purpose: AuthTokenPurpose, now: Int64, on db: any SQLDatabase) async throws -> Bool
    {
        try await db.raw(
            """
            SELECT account_id FROM auth_tokens
            WHERE token_hash = \(bind: hash) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL AND expires_at > \(bind: now)
            """
        ).first() != nil
    }

    /// Spends every other live token of this account and purpose (a password reset voids older links).
    public func consumeAll(accountID: Int64, purpose: AuthTokenPurpose, now: Int64, on db: any SQLDatabase) async throws
    {
        try await db.raw(
            """
            UPDATE auth_tokens SET used_at = \(bind: now)
            WHERE account_id = \(bind: accountID) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL
            """
        ).run()
    }

    /// Deletes tokens that expired before `before`.
    public func prune(before: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM auth_tokens WHERE expires_at < \(bind: before)").run()
    }
}
