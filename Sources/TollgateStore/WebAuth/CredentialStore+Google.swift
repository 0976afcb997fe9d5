import SQLKit

/// A Google identity linked to an account, exactly as stored.
public struct GoogleIdentityRecord: Sendable, Equatable {
    public var subject: String
    public var accountID: Int64
    public var email: String?
    public var name: String?
    public var pictureURL: String?

    init(row: any SQLRow) throws {
        subject = try row.decode(column: "subject", as: String.self)
        accountID = try row.decode(column: "account_id", as: Int64.self)
        email = try row.decode(column: "email", as: String?.self)
        name = try row.decode(column: "name", as: String?.self)
        pictureURL = try row.decode(column: "picture_url", as: String?.self)
    }
}

/// What Google said about a user at sign-in.
public struct GoogleProfile: Sendable, Equatable {
    public var subject: String
    public var email: String?
    public var name: String?
    public var pictureURL: String?

    public init(subject: String, email: String?, name: String?, pictureURL: String?) {
        self.subject = subject
        self.email = email
        self.name = name
        self.pictureURL = pictureURL
    }
}

/// Literal SQL over `google_identities`.
extension CredentialStore {
    static let googleColumns = "subject, account_id, email, name, picture_url"

    /// The Google identity with this `sub`.
    public func google(subject: String, on db: any SQLDatabase) async throws -> GoogleIdentityRecord? {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.googleColumns) FROM google_identities WHERE subject = \(bind: subject)"
        ).first().map(GoogleIdentityRecord.init(row:))
    }

    /// The Google identity linked to an account.
    public func google(accountID: Int64, on db: any SQLDatabase) async throws -> GoogleIdentityRecord? {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.googleColumns) FROM google_identities WHERE account_id = \(bind: accountID)"
        ).first().map(GoogleIdentityRecord.init(row:))
    }

    /// Links a Google identity to an account; false if either is already linked elsewhere.
    public func linkGoogle(_ profile: GoogleProfile, accountID: Int64, now: Int64, on db: any SQLDatabase)
        async throws -> Bool
    {
        try await db.raw(
            """
            INSERT INTO google_identities (subject, account_id, email, name, picture_url, created_at, last_login_at)
            VALUES (\(bind: profile.subject), \(bind: accountID), \(bind: profile.email), \(bind: profile.name),
                \(bind: profile.pictureURL), \(bind: now), \(bind: now))
            ON CONFLICT DO NOTHING
            RETURNING subject
            """
        ).first() != nil
    }

    /// Refreshes what Google says about a linked user at sign-in.
    public func touchGoogle(_ profile: GoogleProfile, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE google_identities SET email = \(bind: profile.email), name = \(bind: profile.name),
                picture_url = \(bind: profile.pictureURL), last_login_at = \(bind: now)
            WHERE subject = \(bind: profile.subject)
            """
        ).run()
    }

    /// Removes the password of an account whose email was never verified (someone else may have typed that
    /// address) when its real owner proves it another way; false when there was no such password.
    public func dropUnverifiedPassword(accountID: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            DELETE FROM credentials WHERE account_id = \(bind: accountID) AND email_verified_at IS NULL
            RETURNING account_id
            """
        ).first() != nil
    }

    /// Marks an account's email verified, with no password yet when it has no credential (one that signs in
    /// with Google; a reset link sets a first password).
    public func markVerifiedWithoutPassword(accountID: Int64, at time: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO credentials (account_id, password_hash, email_verified_at, updated_at)
            VALUES (\(bind: accountID), '', \(bind: time), \(bind: time))
            ON CONFLICT (account_id) DO UPDATE SET email_verified_at = COALESCE(credentials.email_verified_at, \(bind: time))
            """
        ).run()
    }
}
