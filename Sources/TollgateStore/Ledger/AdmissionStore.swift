import PostgresKit
import PostgresNIO
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
    /// The balance (`available`, as the admission saw it) does not cover the price; nothing was counted or held.
    case short(available: Int64)
    /// The idempotency key is bound to another request already (its answer may still be coming);
    /// nothing was counted or held.
    case idempotencyTaken
}

/// An `Idempotency-Key` claimed with the admission it belongs to, and the fingerprint of its request.
public struct IdempotencyClaim: Sendable, Equatable {
    public var key: String
    public var fingerprint: String
    /// A claim older than this (milliseconds) has lapsed and is taken over.
    public var expiredBefore: Int64
    /// The instance that claims it (it answers it, or, if it dies first, another ends the claim).
    public var owner: String?

    public init(key: String, fingerprint: String, expiredBefore: Int64 = 0, owner: String? = nil) {
        self.key = key
        self.fingerprint = fingerprint
        self.expiredBefore = expiredBefore
        self.owner = owner
    }
}

/// The admission of a generation on PostgreSQL as one statement: count the rate windows, take the hold
/// (subscription first), insert the pending generation and its hold entries. Every request of an account
/// locks that account's window and balance rows; in one statement they stay locked only until the
/// statement's end — run it outside a transaction (`Store.statement`) and no client round trip happens while
/// they are held (BENCHMARKS.md, PostgreSQL). It is all or nothing: when a window is full or the balance
/// short, the statement fails on purpose (a cast of a refusal marker) so that no count stays behind, and
/// the failure is returned as an outcome. Admissions that arrive together run as one statement for many
/// (`admitAll`, through `StatementBatch`): the rows are locked, the plan started and the commit written
/// once for the lot. Both statements lock an account's window rows in one order (by kind, then start), so
/// a lone admission and a batch of another instance never wait on each other in a cycle. SQLite has no
/// data-modifying CTEs and a single writer; it runs the same steps as separate statements in one
/// transaction (`admitSQLite`; its writer commits transactions in groups).
public struct AdmissionStore: Sendable {
    private let engine: any DatabaseEngine
    /// Concurrent admissions, run together (PostgreSQL only).
    private let batch: StatementBatch<Admit, AdmissionOutcome>?

    /// The most admissions in one statement.
    static let batchLimit = 64

    init(engine: any DatabaseEngine) {
        self.engine = engine
        batch = StatementBatch(
            postgres: engine, limit: Self.batchLimit,
            all: { admissions, db in try await Self.admitAll(admissions, on: db) },
            one: { admission, db in try await Self.admitOne(admission, on: db) })
    }

    /// Admits `generation`, counted in `windows`, all or nothing: on PostgreSQL one statement, committed on its
    /// own together with the admissions arriving meanwhile (`admitAll`); on SQLite its steps in one
    /// transaction of the single writer. With `idempotency`, the key is claimed (and bound to the generation)
    /// in the same transaction; a refusal leaves no claim, count or hold behind.
    public func admit(
        _ generation: NewGeneration, windows: [WindowCount], idempotency: IdempotencyClaim? = nil
    ) async throws -> AdmissionOutcome {
        if idempotency == nil, let batch {
            return try await batch.run(Admit(generation: generation, windows: windows))
        }
        let admission = Admit(generation: generation, windows: windows)
        let postgres = engine.kind == .postgres
        do {
            return try await engine.transaction { db in
                if let idempotency {
                    let claimed = try await IdempotencyStore().claim(
                        accountID: generation.accountID, key: idempotency.key, fingerprint: idempotency.fingerprint,
                        owner: idempotency.owner, now: generation.createdAt, expiredBefore: idempotency.expiredBefore,
                        on: db)
                    guard claimed else { throw Refusal(outcome: .idempotencyTaken) }
                }
                let outcome =
                    postgres
                    ? try await Self.admitOne(admission, on: db) : try await Self.admitSQLite(admission, on: db)
                guard case .admitted(let record, _, _) = outcome else { throw Refusal(outcome: outcome) }
                if let idempotency {
                    try await IdempotencyStore().attach(
                        accountID: generation.accountID, key: idempotency.key, generationID: record.id, on: db)
                }
                return outcome
            }
        } catch let refusal as Refusal {
            // Thrown to roll back what the transaction did before the refusal (a claim, a window's count).
            return refusal.outcome
        }
    }

    /// A refused admission, thrown out of its transaction so that nothing of it stays.
    private struct Refusal: Error {
        var outcome: AdmissionOutcome
    }

    static func admitOne(_ admission: Admit, on db: any SQLDatabase) async throws -> AdmissionOutcome {
        switch try await OneStatement.run(admission, on: db) {
        case .rows(let rows):
            return try admitted(rows[0])
        case .refused(let reason):
            guard reason.hasPrefix("window_full:") else {
                // `short:<windows counted>:<available>`
                return .short(available: reason.split(separator: ":").last.flatMap { Int64($0) } ?? 0)
            }
            return .windowFull(
                counted: Set(reason.dropFirst("window_full:".count).split(separator: ",").map(String.init)))
        }
    }

    /// The generation, its owner and the window counts (`rate_used`: `kind:used,…`) of an admission's row.
    static func admitted(_ row: any SQLRow) throws -> AdmissionOutcome {
        var used: [String: Int64] = [:]
        for pair in try row.decode(column: "rate_used", as: String?.self)?.split(separator: ",") ?? [] {
            let parts = pair.split(separator: ":")
            if parts.count == 2, let count = Int64(parts[1]) { used[String(parts[0])] = count }
        }
        return .admitted(
            try GenerationRecord(row: row), try AccountRecord(row: PrefixedRow(row: row, prefix: "owner_")), used: used)
    }

    /// The statement, prepared once per connection: its text is the same for every generation (the windows
    /// come as arrays), so PostgreSQL parses and plans it once instead of on every request.
    /// $1 the account; $2 the price; $3–$5 the windows' kinds, starts and limits; $6–$14 the generation's
    /// key, model, category, prompt, request, deadline, creation time, first poll and callback URL.
    struct Admit: PostgresPreparedStatement {
        typealias Row = PostgresRow

        var generation: NewGeneration
        var windows: [WindowCount]

        static let sql = """
            WITH rate AS (
                INSERT INTO rate_windows (account_id, kind, window_start, used)
                SELECT $1, counted.kind, counted.start, 1 FROM unnest($3::text[], $4::bigint[]) AS counted (kind, start)
                ORDER BY counted.kind, counted.start
                ON CONFLICT (account_id, kind, window_start) DO UPDATE SET used = rate_windows.used + 1
                WHERE rate_windows.used < ($5::bigint[])[array_position($3::text[], rate_windows.kind)]
                RETURNING kind, used
            ), held AS (
                UPDATE accounts SET last_movement = LEAST(subscription_tokens, $2),
                    subscription_tokens = subscription_tokens - LEAST(subscription_tokens, $2),
                    package_tokens = package_tokens - ($2 - LEAST(subscription_tokens, $2)),
                    held_tokens = held_tokens + $2
                WHERE id = $1 AND subscription_tokens + package_tokens >= $2
                    AND (SELECT count(*) FROM rate) = cardinality($3::text[])
                RETURNING \(AccountRecord.columnList), last_movement
            ), generation AS (
                INSERT INTO generations (\(GenerationRecord.newColumnList))
                SELECT $1, $6, $7, $8, 'pending', $9, $10, $2, held.last_movement, $2 - held.last_movement,
                    held.cycle_started_at, 1, $11, $12, $13, $14, $15
                FROM held
                RETURNING \(GenerationRecord.columnList)
            ), entries AS (
                INSERT INTO ledger_entries (account_id, kind, bucket, amount, reason, generation_id, created_at)
                SELECT $1, 'hold', part.bucket, part.amount, 'hold', generation.id, $12
                FROM generation CROSS JOIN held CROSS JOIN LATERAL (VALUES
                    ('hold', $2), ('subscription', -held.last_movement), ('package', held.last_movement - $2)
                ) AS part (bucket, amount)
                WHERE part.amount <> 0
            ), counted AS (
                SELECT count(*) AS windows, string_agg(kind, ',') AS kinds, string_agg(kind || ':' || used, ',') AS used
                FROM rate
            )
            SELECT counted.used AS rate_used,
                CAST(CASE WHEN held.id IS NOT NULL THEN NULL
                    WHEN counted.windows < cardinality($3::text[])
                        THEN '\(OneStatement.refusal)window_full:' || COALESCE(counted.kinds, '')
                    ELSE '\(OneStatement.refusal)short:' || counted.windows || ':'
                        -- The statement's snapshot may predate holds committed meanwhile (the update re-read the
                        -- row and found it short): what it reports is never more than short of the price.
                        || GREATEST(LEAST((SELECT subscription_tokens + package_tokens FROM accounts WHERE id = $1),
                            $2 - 1), 0) END AS integer) AS refused,
                \(OneStatement.prefixed(AccountRecord.columns, table: "held", prefix: "owner_")),
                \(OneStatement.prefixed(GenerationRecord.columns, table: "generation", prefix: ""))
            FROM counted LEFT JOIN held ON true LEFT JOIN generation ON true
            """

        static let bindingDataTypes: [PostgresDataType] = [
            .int8, .int8, .textArray, .int8Array, .int8Array, .int8, .text, .text, .text, .text, .int8, .int8, .int8,
            .text, .text,
        ]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 15)
            bindings.append(generation.accountID)
            bindings.append(generation.price)
            bindings.append(windows.map(\.kind))
            bindings.append(windows.map(\.windowStart))
            bindings.append(windows.map(\.limit))
            bindings.append(generation.keyID)
            bindings.append(generation.modelSlug)
            bindings.append(generation.category)
            bindings.append(generation.prompt)
            bindings.append(generation.request)
            bindings.append(generation.deadlineAt)
            bindings.append(generation.createdAt)
            bindings.append(generation.nextPollAt)
            bindings.append(generation.callbackURL)
            bindings.append(generation.owner)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
}
