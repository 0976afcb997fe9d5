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
    /// A window was full (the kinds that had room are in `counted`); nothing was counted or held.
    case windowFull(counted: Set<String>)
    /// The balance does not cover the price; nothing was counted or held.
    case short
}

/// The admission of a generation on PostgreSQL as one statement: count the rate windows, take the hold
/// (subscription first), insert the pending generation and its hold entries. Every request of an account
/// locks that account's window and balance rows; in one statement they stay locked only until the
/// statement's end — run it outside a transaction (`Store.statement`) and no client round trip happens while
/// they are held (BENCHMARKS.md, PostgreSQL). It is all or nothing: when a window is full or the balance
/// short, the statement fails on purpose (a cast of a refusal marker) so that no count stays behind, and
/// the failure is returned as an outcome. SQLite has no data-modifying CTEs and a single writer; it runs
/// the same steps as separate statements in one transaction.
public struct AdmissionStore: Sendable {
    public init() {}

    public func admit(_ generation: NewGeneration, windows: [WindowCount], on db: any SQLDatabase) async throws -> AdmissionOutcome {
        let price = generation.price
        var query: SQLQueryString = "WITH rate AS ("
        query += windows.isEmpty
            ? "SELECT ''::text AS kind, 0::bigint AS used WHERE false"
            : RateWindowStore.count(accountID: generation.accountID, windows: windows)
        query += """
            ), held AS (
                UPDATE accounts SET \(AccountStore.holdAssignments(price: price))
                WHERE id = \(bind: generation.accountID) AND subscription_tokens + package_tokens >= \(bind: price)
                    AND (SELECT count(*) FROM rate) = \(bind: windows.count)
                RETURNING \(unsafeRaw: AccountRecord.columnList), last_movement
            ), generation AS (
                INSERT INTO generations (\(unsafeRaw: GenerationRecord.newColumnList))
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
                CAST(CASE WHEN (SELECT count(*) FROM held) = 1 THEN NULL
                    WHEN (SELECT count(*) FROM rate) < \(bind: windows.count)
                        THEN '\(unsafeRaw: OneStatement.refusal)window_full:' || COALESCE((SELECT string_agg(kind, ',') FROM rate), '')
                    ELSE '\(unsafeRaw: OneStatement.refusal)short:' || (SELECT count(*) FROM rate) END AS integer) AS refused,
                \(unsafeRaw: OneStatement.prefixed(AccountRecord.columns, table: "held", prefix: "owner_")),
                \(unsafeRaw: OneStatement.prefixed(GenerationRecord.columns, table: "generation", prefix: ""))
            FROM (SELECT 1) AS one LEFT JOIN held ON true LEFT JOIN generation ON true
            """
        let row: any SQLRow
        switch try await OneStatement.run(query, on: db) {
        case .row(let answer):
            row = answer
        case .refused(let reason):
            guard reason.hasPrefix("window_full:") else { return .short }
            return .windowFull(counted: Set(reason.dropFirst("window_full:".count).split(separator: ",").map(String.init)))
        }
        var used: [String: Int64] = [:]
        for pair in try row.decode(column: "rate_used", as: String?.self)?.split(separator: ",") ?? [] {
            let parts = pair.split(separator: ":")
            if parts.count == 2, let count = Int64(parts[1]) { used[String(parts[0])] = count }
        }
        return .admitted(
            try GenerationRecord(row: row), try AccountRecord(row: PrefixedRow(row: row, prefix: "owner_")), used: used)
    }
}
