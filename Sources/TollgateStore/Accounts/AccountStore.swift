import SQLKit

/// The values a new account row is inserted with; the service decides them.
public struct NewAccount: Sendable {
    public var email: String
    public var name: String?
    public var plan: String
    public var cycleStartedAt: Int64?
    public var planExpiresAt: Int64?
    public var createdAt: Int64

    public init(
        email: String, name: String? = nil, plan: String, cycleStartedAt: Int64? = nil,
        planExpiresAt: Int64? = nil, createdAt: Int64
    ) {
        self.email = email
        self.name = name
        self.plan = plan
        self.cycleStartedAt = cycleStartedAt
        self.planExpiresAt = planExpiresAt
        self.createdAt = createdAt
    }
}

/// Literal SQL over `accounts`. Buckets are never written here: only the ledger moves tokens.
public struct AccountStore: Sendable {
    public init() {}

    /// Inserts an account with empty buckets; throws `StoreError.duplicate` if the email is taken.
    public func insert(_ account: NewAccount, on db: any SQLDatabase) async throws -> AccountRecord {
        if try await find(email: account.email, on: db) != nil {
            throw StoreError.duplicate("account \(account.email)")
        }
        guard
            let row = try await db.raw(
                """
                INSERT INTO accounts (email, name, plan, cycle_started_at, plan_expires_at, created_at)
                VALUES (\(bind: account.email), \(bind: account.name), \(bind: account.plan),
                        \(bind: account.cycleStartedAt), \(bind: account.planExpiresAt), \(bind: account.createdAt))
                RETURNING \(unsafeRaw: AccountRecord.columnList)
                """
            ).first()
        else { throw StoreError.notFound }
        return try AccountRecord(row: row)
    }

    /// The account with this id.
    public func find(id: Int64, on db: any SQLDatabase) async throws -> AccountRecord? {
        try await db.raw(
            "SELECT \(unsafeRaw: AccountRecord.columnList) FROM accounts WHERE id = \(bind: id)"
        ).first().map(AccountRecord.init(row:))
    }

    /// The account with this email (compared as stored: the service lower-cases emails).
    public func find(email: String, on db: any SQLDatabase) async throws -> AccountRecord? {
        try await db.raw(
            "SELECT \(unsafeRaw: AccountRecord.columnList) FROM accounts WHERE email = \(bind: email)"
        ).first().map(AccountRecord.init(row:))
    }

    /// Every account, by id; used by the ledger check.
    public func all(on db: any SQLDatabase) async throws -> [AccountRecord] {
        try await db.raw(
            "SELECT \(unsafeRaw: AccountRecord.columnList) FROM accounts ORDER BY id"
        ).all().map(AccountRecord.init(row:))
    }

    /// Sets the plan and its cycle; the caller moves the subscription bucket through the ledger.
    public func setPlan(
        accountID: Int64, plan: String, cycleStartedAt: Int64?, planExpiresAt: Int64?, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            UPDATE accounts SET plan = \(bind: plan), cycle_started_at = \(bind: cycleStartedAt),
                plan_expires_at = \(bind: planExpiresAt)
            WHERE id = \(bind: accountID)
            """
        ).run()
    }

    /// Sets an account's role (`user` or `admin`); false when there is no such account.
    public func setRole(accountID: Int64, role: String, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("UPDATE accounts SET role = \(bind: role) WHERE id = \(bind: accountID) RETURNING id")
            .first() != nil
    }

    /// Blocks an account at `time`, or unblocks it with nil; false when there is no such account.
    public func setBlocked(accountID: Int64, at time: Int64?, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("UPDATE accounts SET blocked_at = \(bind: time) WHERE id = \(bind: accountID) RETURNING id")
            .first() != nil
    }

    /// Accounts whose email or name contains `text` (case-insensitive), or whose id is `text`, newest first.
    public func search(_ text: String, limit: Int, on db: any SQLDatabase) async throws -> [AccountRecord] {
        let pattern =
            "%"
            + text.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(
                of: "_", with: "") + "%"
        return try await db.raw(
            """
            SELECT \(unsafeRaw: AccountRecord.columnList) FROM accounts
            WHERE LOWER(email) LIKE \(bind: pattern) OR LOWER(COALESCE(name, '')) LIKE \(bind: pattern)
                OR CAST(id AS TEXT) = \(bind: text)
            ORDER BY id DESC LIMIT \(bind: limit)
            """
        ).all().map(AccountRecord.init(row:))
    }

    /// Moves a bucket by `delta` (positive or negative) only if it stays non-negative; returns the
    /// updated row, or nil when the bucket would go below zero.
    public func adjust(
        accountID: Int64, bucket: TokenBucket, delta: Int64, on db: any SQLDatabase
    ) async throws -> AccountRecord? {
        let column = bucket.column
        return try await db.raw(
            """
            UPDATE accounts SET \(ident: column) = \(ident: column) + \(bind: delta)
            WHERE id = \(bind: accountID) AND \(ident: column) + \(bind: delta) >= 0
            RETURNING \(unsafeRaw: AccountRecord.columnList)
            """
        ).first().map(AccountRecord.init(row:))
    }
}

/// The three balances a ledger entry can move.
public enum TokenBucket: String, Sendable, Codable, CaseIterable {
    case subscription, package, hold

    var column: String {
        switch self {
        case .subscription: "subscription_tokens"
        case .package: "package_tokens"
        case .hold: "held_tokens"
        }
    }
}
