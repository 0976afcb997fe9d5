import SQLKit

/// Literal SQL over `user_profiles` (and the `name` column of `accounts`).
public struct ProfileStore: Sendable {
    public init() {}

    /// The profile row of an account, if one was ever written.
    public func find(accountID: Int64, on db: any SQLDatabase) async throws -> ProfileRecord? {
        try await db.raw(
            "SELECT \(unsafeRaw: ProfileRecord.columnList) FROM user_profiles WHERE account_id = \(bind: accountID)"
        ).first().map(ProfileRecord.init(row:))
    }

    /// Whether another account already uses `username` (stored lower-cased).
    public func usernameTaken(_ username: String, exceptAccount accountID: Int64, on db: any SQLDatabase) async throws
        -> Bool
    {
        try await db.raw(
            """
            SELECT account_id FROM user_profiles
            WHERE username = \(bind: username) AND account_id <> \(bind: accountID)
            """
        ).first() != nil
    }

    /// Applies `change`: the account's name, then the fields of the profile row (created if missing).
    /// Throws `StoreError.duplicate` when the username is taken.
    public func apply(_ change: ProfileChange, accountID: Int64, now: Int64, on db: any SQLDatabase) async throws {
        if let name = change.name {
            try await db.raw("UPDATE accounts SET name = \(bind: name) WHERE id = \(bind: accountID)").run()
        }
        guard change.touchesProfile else { return }
        if let username = change.username ?? nil,
            try await usernameTaken(username, exceptAccount: accountID, on: db)
        {
            throw StoreError.duplicate("username \(username)")
        }
        try await db.raw(
            """
            INSERT INTO user_profiles (account_id, updated_at) VALUES (\(bind: accountID), \(bind: now))
            ON CONFLICT (account_id) DO NOTHING
            """
        ).run()
        // Each column keeps its value unless the change names it; a flag per column says which.
        try await db.raw(
            """
            UPDATE user_profiles SET
                username = CASE WHEN \(bind: change.username != nil) THEN \(bind: change.username ?? nil) ELSE username END,
                avatar_url = CASE WHEN \(bind: change.avatarURL != nil) THEN \(bind: change.avatarURL ?? nil) ELSE avatar_url END,
                language = COALESCE(\(bind: change.language), language),
                image_format = COALESCE(\(bind: change.imageFormat), image_format),
                notifications_enabled = COALESCE(\(bind: change.notificationsEnabled.map { $0 ? 1 : 0 }), notifications_enabled),
                default_image_size = COALESCE(\(bind: change.defaultImageSize), default_image_size),
                updated_at = \(bind: now)
            WHERE account_id = \(bind: accountID)
            """
        ).run()
    }
}
