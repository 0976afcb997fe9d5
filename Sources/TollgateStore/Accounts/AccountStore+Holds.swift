import SQLKit

/// The result of a successful hold: the account after it, and how much came from the subscription bucket.
public struct HoldTaken: Sendable, Equatable {
    public var account: AccountRecord
    public var fromSubscription: Int64
}

extension AccountStore {
    /// Takes `price` out of the buckets — subscription first — into `held_tokens`, only if both buckets
    /// together cover it. One conditional statement: concurrent holds can never overdraw.
    /// Returns nil when the balance is short.
    public func hold(accountID: Int64, price: Int64, on db: any SQLDatabase) async throws -> HoldTaken? {
        // Every right-hand side reads the row as it was before this UPDATE (PostgreSQL's admission
        // statement does the same with `LEAST`).
        guard
            let row = try await db.raw(
                """
                UPDATE accounts SET
                    last_movement = CASE WHEN subscription_tokens < \(bind: price) THEN subscription_tokens ELSE \(bind: price) END,
                    subscription_tokens = subscription_tokens
                        - CASE WHEN subscription_tokens < \(bind: price) THEN subscription_tokens ELSE \(bind: price) END,
                    package_tokens = package_tokens
                        - (\(bind: price) - CASE WHEN subscription_tokens < \(bind: price) THEN subscription_tokens ELSE \(bind: price) END),
                    held_tokens = held_tokens + \(bind: price)
                WHERE id = \(bind: accountID) AND subscription_tokens + package_tokens >= \(bind: price)
                RETURNING \(unsafeRaw: AccountRecord.columnList), last_movement
                """
            ).first()
        else { return nil }
        return HoldTaken(
            account: try AccountRecord(row: row),
            fromSubscription: try row.decode(column: "last_movement", as: Int64.self))
    }

    /// Closes `held` tokens of a hold and returns the given parts to their buckets.
    public func settle(
        accountID: Int64, held: Int64, returnSubscription: Int64, returnPackage: Int64, on db: any SQLDatabase
    ) async throws -> AccountRecord? {
        try await db.raw(
            """
            UPDATE accounts SET held_tokens = held_tokens - \(bind: held),
                subscription_tokens = subscription_tokens + \(bind: returnSubscription),
                package_tokens = package_tokens + \(bind: returnPackage)
            WHERE id = \(bind: accountID) AND held_tokens >= \(bind: held)
            RETURNING \(unsafeRaw: AccountRecord.columnList)
            """
        ).first().map(AccountRecord.init(row:))
    }

    /// Starts a new cycle: sets plan, cycle and expiry and the subscription bucket to `allowance`,
    /// only if the account's expiry is still `expectedExpiry` (so one reset per cycle, whoever runs it).
    /// Returns the account and the bucket's change, or nil if another reset got there first.
    public func startCycle(
        accountID: Int64, expectedExpiry: Int64?, plan: String, allowance: Int64, cycleStartedAt: Int64?,
        planExpiresAt: Int64?, on db: any SQLDatabase
    ) async throws -> (AccountRecord, delta: Int64)? {
        let expiryMatches: SQLQueryString =
            expectedExpiry.map { "plan_expires_at = \(bind: $0)" } ?? "plan_expires_at IS NULL"
        guard
            let row = try await db.raw(
                """
                UPDATE accounts SET
                    last_movement = \(bind: allowance) - subscription_tokens,
                    subscription_tokens = \(bind: allowance),
                    plan = \(bind: plan), cycle_started_at = \(bind: cycleStartedAt), plan_expires_at = \(bind: planExpiresAt)
                WHERE id = \(bind: accountID) AND \(expiryMatches)
                RETURNING \(unsafeRaw: AccountRecord.columnList), last_movement
                """
            ).first()
        else { return nil }
        return (try AccountRecord(row: row), try row.decode(column: "last_movement", as: Int64.self))
    }

    /// Accounts whose paid cycle has ended, oldest first.
    public func expired(now: Int64, limit: Int, on db: any SQLDatabase) async throws -> [AccountRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: AccountRecord.columnList) FROM accounts
            WHERE plan_expires_at IS NOT NULL AND plan_expires_at <= \(bind: now)
            ORDER BY plan_expires_at LIMIT \(bind: limit)
            """
        ).all().map(AccountRecord.init(row:))
    }
}

extension AccountStore {
    /// The account's webhook signing secret, setting `candidate` first if it has none yet.
    public func webhookSecret(accountID: Int64, candidate: String, on db: any SQLDatabase) async throws -> String? {
        try await db.raw(
            """
            UPDATE accounts SET webhook_secret = COALESCE(webhook_secret, \(bind: candidate))
            WHERE id = \(bind: accountID) RETURNING webhook_secret
            """
        ).first()?.decode(column: "webhook_secret", as: String.self)
    }
}
