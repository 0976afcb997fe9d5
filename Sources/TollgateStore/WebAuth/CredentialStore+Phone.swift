import SQLKit

/// A phone number proved by an SMS code and linked to an account, exactly as stored.
public struct PhoneIdentityRecord: Sendable, Equatable {
    /// E.164, `+` and digits.
    public var phone: String
    public var accountID: Int64
    public var verifiedAt: Int64

    init(row: any SQLRow) throws {
        phone = try row.decode(column: "phone", as: String.self)
        accountID = try row.decode(column: "account_id", as: Int64.self)
        verifiedAt = try row.decode(column: "verified_at", as: Int64.self)
    }
}

/// Literal SQL over `phone_identities`.
extension CredentialStore {
    /// The identity of a phone number.
    public func phone(_ phone: String, on db: any SQLDatabase) async throws -> PhoneIdentityRecord? {
        try await db.raw(
            "SELECT phone, account_id, verified_at FROM phone_identities WHERE phone = \(bind: phone)"
        ).first().map(PhoneIdentityRecord.init(row:))
    }

    /// The phone number linked to an account.
    public func phone(accountID: Int64, on db: any SQLDatabase) async throws -> PhoneIdentityRecord? {
        try await db.raw(
            "SELECT phone, account_id, verified_at FROM phone_identities WHERE account_id = \(bind: accountID)"
        ).first().map(PhoneIdentityRecord.init(row:))
    }

    /// Links a proved number to an account; false if either is already linked elsewhere.
    public func linkPhone(_ phone: String, accountID: Int64, now: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            INSERT INTO phone_identities (phone, account_id, verified_at, created_at)
            VALUES (\(bind: phone), \(bind: accountID), \(bind: now), \(bind: now))
            ON CONFLICT DO NOTHING
            RETURNING phone
            """
        ).first() != nil
    }
}
