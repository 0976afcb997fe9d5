import SQLKit

/// A rate window a new generation is counted in, with its limit.
public struct WindowCount: Sendable, Equatable {
    public var kind: String
    public var windowStart: Int64
    public var limit: Int64

    public init(kind: String, windowStart: Int64, limit: Int64) {
        self.kind = kind
        self.windowStart = windowStart
        self.limit = limit
    }
}

/// What a one-statement admission did.
public enum AdmissionOutcome: Sendable {
    /// Counted, held and inserted: the pending generation, the account after the hold, the window counts.
    case admitted(GenerationRecord, AccountRecord, used: [String: Int64])
    /// A window was full (kinds missing from `used`); nothing was held. The caller rolls back the counts.
    case windowFull(used: [String: Int64])
    /// The balance does not cover the price; nothing was held. The caller rolls back the counts.
    case short(used: [String: Int64])
}

/// The admission of a generation on PostgreSQL as one statement: count the rate windows, take the hold
/// (subscription first), insert the pending generation and its hold entries. Every request of an account
/// locks that account's window and balance rows; in one statement they stay locked only until the
/// caller's COMMIT, one round trip, instead of across four more statements (BENCHMARKS.md, PostgreSQL).
/// SQLite has no data-modifying CTEs and one writer anyway; it runs the same steps as separate statements.
public struct AdmissionStore: Sendable {
    public init() {}

    public func admit(_ generation: NewGeneration, windows: [WindowCount], on db: any SQLDatabase) async throws -> AdmissionOutcome {
        let price = generation.price
        var query: SQLQueryString = "WITH rate AS ("
        if windows.isEmpty {
            query += "SELECT ''::text AS kind, 0::bigint AS used WHERE false"
        } else {
            query += "INSERT INTO rate_windows (account_id, kind, window_start, used) VALUES "
            for (index, window) in windows.enumerated() {
                if index > 0 { query += ", " }
                query += "(\(bind: generation.accountID), \(bind: window.kind), \(bind: window.windowStart), 1)"
            }
            query += """
                 ON CONFLICT (account_id, kind, window_start) DO UPDATE SET used = rate_windows.used + 1
                WHERE rate_windows.used < CASE rate_windows.kind
                """
            for window in windows { query += " WHEN \(bind: window.kind) THEN \(bind: window.limit)" }
            query += " END RETURNING kind, used"
        }
        query += """
            ), held AS (
                UPDATE accounts SET
                    last_movement = LEAST(subscription_tokens, \(bind: price)),
                    subscription_tokens = subscription_tokens - LEAST(subscription_tokens, \(bind: price)),
                    package_tokens = package_tokens - (\(bind: price) - LEAST(subscription_tokens, \(bind: price))),
                    held_tokens = held_tokens + \(bind: price)
                WHERE id = \(bind: generation.accountID) AND subscription_tokens + package_tokens >= \(bind: price)
                    AND (SELECT count(*) FROM rate) = \(bind: windows.count)
                RETURNING \(unsafeRaw: AccountRecord.columnList), last_movement
            ), generation AS (
                INSERT INTO generations (account_id, key_id, model_slug, category, status, prompt, request, price,
                    held_subscription, held_package, held_cycle, hold_open, deadline_at, created_at, next_poll_at, callback_url)
                SELECT \(bind: generation.accountID), \(bind: generation.keyID), \(bind: generation.modelSlug),
                    \(bind: generation.category), 'pending', \(bind: generation.prompt), \(bind: generation.request),
                    \(bind: price), held.last_movement, \(bind: price) - held.last_movement, held.cycle_started_at, 1,
                    \(bind: generation.deadlineAt), \(bind: generation.createdAt), \(bind: generation.nextPollAt),
                    \(bind: generation.callbackURL)
                FROM held
                RETURNING \(unsafeRaw: GenerationRecord.columnList)
            ), entries AS (
                INSERT INTO ledger_entries (account_id, kind, bucket, amount, reason, generation_id, created_at)
                SELECT \(bind: generation.accountID), 'hold', part.bucket, part.amount, 'hold', generation.id, \(bind: generation.createdAt)
                FROM generation CROSS JOIN held CROSS JOIN LATERAL (VALUES
                    ('hold', \(bind: price)), ('subscription', -held.last_movement), ('package', held.last_movement - \(bind: price))
                ) AS part (bucket, amount)
                WHERE part.amount <> 0
            )
            SELECT (SELECT string_agg(kind || ':' || used, ',') FROM rate) AS rate_used,
                (SELECT count(*) FROM held) AS held_count,
                \(unsafeRaw: Self.prefixed(AccountRecord.columns, table: "held", prefix: "account_")),
                \(unsafeRaw: Self.prefixed(GenerationRecord.columns, table: "generation", prefix: ""))
            FROM (SELECT 1) AS one LEFT JOIN held ON true LEFT JOIN generation ON true
            """
        guard let row = try await db.raw(query).first() else { throw StoreError.notFound }
        var used: [String: Int64] = [:]
        for pair in try row.decode(column: "rate_used", as: String?.self)?.split(separator: ",") ?? [] {
            let parts = pair.split(separator: ":")
            if parts.count == 2, let count = Int64(parts[1]) { used[String(parts[0])] = count }
        }
        guard try row.decode(column: "held_count", as: Int64.self) == 1 else {
            return used.count == windows.count ? .short(used: used) : .windowFull(used: used)
        }
        return .admitted(
            try GenerationRecord(row: row), try AccountRecord(row: PrefixedRow(row: row, prefix: "account_")), used: used)
    }

    /// `table.column AS prefixcolumn, …`, so two records' columns can share one row.
    static func prefixed(_ columns: [String], table: String, prefix: String) -> String {
        columns.map { "\(table).\($0) AS \(prefix)\($0)" }.joined(separator: ", ")
    }
}

/// A row whose columns are read under a prefix: `account_id` as `id` with prefix `account_`.
struct PrefixedRow: SQLRow {
    let row: any SQLRow
    let prefix: String

    var allColumns: [String] {
        row.allColumns.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    func contains(column: String) -> Bool { row.contains(column: prefix + column) }

    func decodeNil(column: String) throws -> Bool { try row.decodeNil(column: prefix + column) }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D { try row.decode(column: prefix + column, as: D.self) }
}
