import SQLKit

/// A plan that renews itself with a saved YooKassa method.
public struct RenewalRecord: Sendable, Equatable {
    public var accountID: Int64
    public var product: String
    public var paymentMethodID: String
    public var enabled: Bool
    /// The plan expiry the last renewal charge was for.
    public var chargedFor: Int64?

    init(row: any SQLRow) throws {
        accountID = try row.decode(column: "account_id", as: Int64.self)
        product = try row.decode(column: "product", as: String.self)
        paymentMethodID = try row.decode(column: "payment_method_id", as: String.self)
        enabled = try row.decode(column: "enabled", as: Int.self) != 0
        chargedFor = try row.decode(column: "charged_for", as: Int64?.self)
    }
}

/// Literal SQL over `renewals`.
public struct RenewalStore: Sendable {
    public init() {}

    /// Turns renewal on with this method for the account's plan product (a new purchase replaces the old).
    public func save(accountID: Int64, product: String, paymentMethodID: String, now: Int64, on db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            """
            INSERT INTO renewals (account_id, product, payment_method_id, enabled, updated_at)
            VALUES (\(bind: accountID), \(bind: product), \(bind: paymentMethodID), 1, \(bind: now))
            ON CONFLICT (account_id) DO UPDATE SET product = \(bind: product), payment_method_id = \(bind: paymentMethodID),
                enabled = 1, updated_at = \(bind: now)
            """
        ).run()
    }

    public func find(accountID: Int64, on db: any SQLDatabase) async throws -> RenewalRecord? {
        try await db.raw(
            """
            SELECT account_id, product, payment_method_id, enabled, charged_for FROM renewals
            WHERE account_id = \(bind: accountID)
            """
        ).first().map(RenewalRecord.init(row:))
    }

    /// Turns renewal on or off; nil when the account has no saved method.
    public func setEnabled(accountID: Int64, enabled: Bool, now: Int64, on db: any SQLDatabase) async throws
        -> RenewalRecord?
    {
        try await db.raw(
            """
            UPDATE renewals SET enabled = \(bind: enabled ? 1 : 0), updated_at = \(bind: now)
            WHERE account_id = \(bind: accountID)
            RETURNING account_id, product, payment_method_id, enabled, charged_for
            """
        ).first().map(RenewalRecord.init(row:))
    }

    /// Enabled renewals whose account's plan is the renewed one and ends before `before`, not charged for that
    /// expiry yet; with the expiry.
    public func due(before: Int64, limit: Int, on db: any SQLDatabase) async throws -> [(RenewalRecord, expiry: Int64)]
    {
        try await db.raw(
            """
            SELECT r.account_id, r.product, r.payment_method_id, r.enabled, r.charged_for, a.plan_expires_at
            FROM renewals r JOIN accounts a ON a.id = r.account_id
            WHERE r.enabled = 1 AND a.plan_expires_at IS NOT NULL AND a.plan_expires_at <= \(bind: before)
                AND 'plan:' || a.plan = r.product
                AND (r.charged_for IS NULL OR r.charged_for <> a.plan_expires_at)
            LIMIT \(bind: limit)
            """
        ).all().map { row in (try RenewalRecord(row: row), try row.decode(column: "plan_expires_at", as: Int64.self)) }
    }

    /// Claims the charge for the cycle ending at `expiry`: true for exactly one caller, on any instance.
    public func claim(accountID: Int64, expiry: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            UPDATE renewals SET charged_for = \(bind: expiry)
            WHERE account_id = \(bind: accountID) AND enabled = 1
                AND (charged_for IS NULL OR charged_for <> \(bind: expiry))
            RETURNING account_id
            """
        ).first() != nil
    }
}
