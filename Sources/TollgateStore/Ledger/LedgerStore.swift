import SQLKit

/// Literal SQL over `ledger_entries`: append and sum, never update or delete.
public struct LedgerStore: Sendable {
    public init() {}

    /// Appends entries in one statement.
    public func append(_ entries: [LedgerEntry], on db: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        var query: SQLQueryString =
            "INSERT INTO ledger_entries (account_id, kind, bucket, amount, reason, generation_id, payment_ref, created_at) VALUES "
        for (index, entry) in entries.enumerated() {
            if index > 0 { query += ", " }
            query += """
                (\(bind: entry.accountID), \(bind: entry.kind.rawValue), \(bind: entry.bucket.rawValue), \
                \(bind: entry.amount), \(bind: entry.reason), \(bind: entry.generationID), \
                \(bind: entry.paymentRef), \(bind: entry.createdAt))
                """
        }
        try await db.raw(query).run()
    }

    /// The entries of one account, oldest first.
    public func entries(accountID: Int64, on db: any SQLDatabase) async throws -> [LedgerEntry] {
        try await db.raw(
            """
            SELECT id, account_id, kind, bucket, amount, reason, generation_id, payment_ref, created_at
            FROM ledger_entries WHERE account_id = \(bind: accountID) ORDER BY id
            """
        ).all().map(LedgerEntry.init(row:))
    }

    /// The newest `limit` entries of one account, newest first.
    public func recent(accountID: Int64, limit: Int, on db: any SQLDatabase) async throws -> [LedgerEntry] {
        try await db.raw(
            """
            SELECT id, account_id, kind, bucket, amount, reason, generation_id, payment_ref, created_at
            FROM ledger_entries WHERE account_id = \(bind: accountID) ORDER BY id DESC LIMIT \(bind: limit)
            """
        ).all().map(LedgerEntry.init(row:))
    }

    /// How many purchase entries name each payment (`payment_ref` → count).
    public func purchasesByPayment(on db: any SQLDatabase) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        let rows = try await db.raw(
            """
            SELECT payment_ref, COUNT(*) AS n FROM ledger_entries
            WHERE payment_ref IS NOT NULL AND kind = 'purchase' GROUP BY payment_ref
            """
        ).all()
        for row in rows {
            counts[try row.decode(column: "payment_ref", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    /// Per account and bucket, the sum of all entries.
    public func sums(on db: any SQLDatabase) async throws -> [Int64: [TokenBucket: Int64]] {
        let rows = try await db.raw(
            "SELECT account_id, bucket, CAST(SUM(amount) AS BIGINT) AS total FROM ledger_entries GROUP BY account_id, bucket"
        ).all()
        var result: [Int64: [TokenBucket: Int64]] = [:]
        for row in rows {
            let account = try row.decode(column: "account_id", as: Int64.self)
            guard let bucket = TokenBucket(rawValue: try row.decode(column: "bucket", as: String.self)) else {
                continue
            }
            result[account, default: [:]][bucket] = try row.decode(column: "total", as: Int64.self)
        }
        return result
    }
}
