import SQLKit

/// A password credential, exactly as stored.
public struct CredentialRecord: Sendable, Equatable {
    public var accountID: Int64
    public var passwordHash: String
    public var emailVerifiedAt: Int64?

    init(row: any SQLRow) throws {
        accountID = try row.decode(column: "account_id", as: Int64.self)
        passwordHash = try row.decode(column: "password_hash", as: String.self)
        emailVerifiedAt = try row.decode(column: "email_verified_at", as: Int64?.self)
    }

    /// Whether a password is set (an account that signs in with Google may have a verified email and none).
    public var hasPassword: Bool { !passwordHash.isEmpty }
}

/// A Telegram identity linked to an account, exactly as stored.
public struct TelegramIdentityRecord: Sendable, Equatable {
    public var telegramID: Int64
    public var accountID: Int64
    public var username: String?
    public var firstName: String?
    public var lastName: String?
    public var photoURL: String?

    init(row: any SQLRow) throws {
        telegramID = try row.decode(column: "telegram_id", as: Int64.self)
        accountID = try row.decode(column: "account_id", as: Int64.self)
        username = try row.decode(column: "username", as: String?.self)
        firstName = try row.decode(column: "first_name", as: String?.self)
        lastName = try row.decode(column: "last_name", as: String?.self)
        photoURL = try row.decode(column: "photo_url", as: String?.self)
    }
}

/// What a Telegram Login Widget said about its user.
public struct TelegramProfile: Sendable, Equatable {
    public var telegramID: Int64
    public var username: String?
    public var firstName: String?
    public var lastName: String?
    public var photoURL: String?

    public init(telegramID: Int64, username: String?, firstName: String?, lastName: String?, photoURL: String?) {
        self.telegramID = telegramID
        self.username = username
        self.firstName = firstName
        self.lastName = lastName
        self.photoURL = photoURL
    }
}

/// Literal SQL over `credentials` and `telegram_identities`: the ways an account signs in on the web.
public struct CredentialStore: Sendable {
    public init() {}

    /// The password credential of an account.
    public func find(accountID: Int64, on db: any SQLDatabase) async throws -> CredentialRecord? {
        try await db.raw(
            "SELECT account_id, password_hash, email_verified_at FROM credentials WHERE account_id = \(bind: accountID)"
        ).first().map(CredentialRecord.init(row:))
    }

    /// Sets (or replaces) the password hash of an account.
    public func setPassword(accountID: Int64, hash: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO credentials (account_id, password_hash, updated_at)
            VALUES (\(bind: accountID), \(bind: hash), \(bind: now))
            ON CONFLICT (account_id) DO UPDATE SET password_hash = \(bind: hash), updated_at = \(bind: now)
            """
        ).run()
    }

    /// Marks the account's email verified (once); false if it has no credential.
    public func markVerified(accountID: Int64, at time: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            UPDATE credentials SET email_verified_at = COALESCE(email_verified_at, \(bind: time))
            WHERE account_id = \(bind: accountID) RETURNING account_id
            """
        ).first() != nil
    }

    /// The Telegram identity with this Telegram user id.
    public func telegram(id: Int64, on db: any SQLDatabase) async throws -> TelegramIdentityRecord? {
        try await db.raw(
            """
            SELECT telegram_id, account_id, username, first_name, last_name, photo_url
            FROM telegram_identities WHERE telegram_id = \(bind: id)
            """
        ).first().map(TelegramIdentityRecord.init(row:))
    }

    /// The Telegram identity linked to an account.
    public func telegram(accountID: Int64, on db: any SQLDatabase) async throws -> TelegramIdentityRecord? {
        try await db.raw(
            """
            SELECT telegram_id, account_id, username, first_name, last_name, photo_url
            FROM telegram_identities WHERE account_id = \(bind: accountID)
            """
        ).first().map(TelegramIdentityRecord.init(row:))
    }

    /// Links a Telegram identity to an account; false if either is already linked elsewhere.
    public func linkTelegram(_ profile: TelegramProfile, accountID: Int64, now: Int64, on db: any SQLDatabase)
        async throws -> Bool
    {
        try await db.raw(
            """
            INSERT INTO telegram_identities (telegram_id, account_id, username, first_name, last_name, photo_url, created_at, last_login_at)
            VALUES (\(bind: profile.telegramID), \(bind: accountID), \(bind: profile.username), \(bind: profile.firstName),
                \(bind: profile.lastName), \(bind: profile.photoURL), \(bind: now), \(bind: now))
            ON CONFLICT DO NOTHING
            RETURNING telegram_id
            """
        ).first() != nil
    }

    /// Refreshes what Telegram says about a linked user at sign-in.
    public func touchTelegram(_ profile: TelegramProfile, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE telegram_identities SET username = \(bind: profile.username), first_name = \(bind: profile.firstName),
                last_name = \(bind: profile.lastName), photo_url = \(bind: profile.photoURL), last_login_at = \(bind: now)
            WHERE telegram_id = \(bind: profile.telegramID)
            """
        ).run()
    }
}
