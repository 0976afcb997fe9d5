import PostgresKit
import PostgresNIO
import SQLKit
import TollgateCore

/// The settlement of a generation on PostgreSQL as one statement: store the final state, close the hold,
/// return the unused part and append the capture and release entries. Like the admission, it locks the
/// account's balance row only until the statement ends when it runs outside a transaction, and settlements
/// that arrive together run as one statement for many (`settleAll`).
/// The caller works out the settlement for both cases — the account still in the cycle the hold was taken
/// in, or in a new one (then unused subscription tokens lapse) — and the statement picks by the account's
/// cycle as it stands. SQLite runs the same steps as separate statements in one transaction (`settleSQLite`).
public struct SettlementStore: Sendable {
    private let engine: any DatabaseEngine
    /// Concurrent settlements, run together (PostgreSQL only).
    private let batch: StatementBatch<Settle, (GenerationRecord, AccountRecord)?>?

    /// The most settlements in one statement.
    static let batchLimit = 64

    init(engine: any DatabaseEngine) {
        self.engine = engine
        batch = StatementBatch(
            postgres: engine, limit: Self.batchLimit,
            all: { settlements, db in try await Self.settleAll(settlements, on: db) },
            one: { settlement, db in try await Self.settleOne(settlement, on: db) })
    }

    /// Finishes `generation`, whose hold is open, with `outcome`: stores the final state, captures
    /// `outcome.tokensSpent` (of a completed one) and releases the rest, by `HoldSettlement`'s rules. If the
    /// generation has a `callback_url`, its webhook is queued in the same transaction, so it is sent once per
    /// final status. Without one, on PostgreSQL, it is one statement committed on its own together with the
    /// settlements arriving meanwhile. Returns nil if it was already settled.
    public func settle(_ generation: GenerationRecord, outcome: GenerationOutcome) async throws -> (
        GenerationRecord, AccountRecord
    )? {
        let settlement = Settle(generation, outcome: outcome)
        if generation.callbackURL == nil, let batch { return try await batch.run(settlement) }
        let postgres = engine.kind == .postgres
        return try await engine.transaction { db in
            let settled =
                postgres
                ? try await Self.settleOne(settlement, on: db) : try await Self.settleSQLite(settlement, on: db)
            if let (finished, _) = settled, let url = finished.callbackURL {
                try await WebhookStore().enqueue(
                    accountID: finished.accountID, generationID: finished.id, url: url, now: outcome.completedAt, on: db
                )
            }
            return settled
        }
    }

    /// Settles generation `id`, which must hold `heldSubscription` + `heldPackage` tokens taken in cycle
    /// `heldCycle`, on a statement of its own (committed by itself), together with the settlements arriving
    /// meanwhile (`settleAll`); nil if it was already settled. (PostgreSQL only.)
    public func settle(
        id: Int64, heldCycle: Int64?, outcome: GenerationOutcome, sameCycle: HoldSettlement, newCycle: HoldSettlement
    ) async throws -> (GenerationRecord, AccountRecord)? {
        guard let batch else { preconditionFailure("batched settlements run on PostgreSQL only") }
        return try await batch.run(
            Settle(id: id, heldCycle: heldCycle, outcome: outcome, sameCycle: sameCycle, newCycle: newCycle))
    }

    static func settleOne(_ settlement: Settle, on db: any SQLDatabase) async throws -> (
        GenerationRecord, AccountRecord
    )? {
        guard case .rows(let rows) = try await OneStatement.run(settlement, on: db) else {
            // The hold is open but the account holds less than it: the ledger is broken; change nothing.
            throw StoreError.notFound
        }
        return try settled(rows[0])
    }

    /// The finished generation and its owner of a settlement's row; nil if the generation was settled before.
    static func settled(_ row: any SQLRow) throws -> (GenerationRecord, AccountRecord)? {
        guard try !row.decodeNil(column: "id") else { return nil }
        return (try GenerationRecord(row: row), try AccountRecord(row: PrefixedRow(row: row, prefix: "owner_")))
    }

    /// The statement, prepared once per connection (its text is the same for every settlement).
    struct Settle: PostgresPreparedStatement {
        typealias Row = PostgresRow

        var id: Int64
        var heldCycle: Int64?
        var outcome: GenerationOutcome
        var sameCycle: HoldSettlement
        var newCycle: HoldSettlement

        init(
            id: Int64, heldCycle: Int64?, outcome: GenerationOutcome, sameCycle: HoldSettlement,
            newCycle: HoldSettlement
        ) {
            self.id = id
            self.heldCycle = heldCycle
            self.outcome = outcome
            self.sameCycle = sameCycle
            self.newCycle = newCycle
        }

        /// The settlement of `generation`'s hold with `outcome`, worked out both for the account still in the
        /// cycle the hold was taken in and for a new one; the statement picks by the cycle as it stands.
        init(_ generation: GenerationRecord, outcome: GenerationOutcome) {
            func settlement(sameCycle: Bool) -> HoldSettlement {
                HoldSettlement(
                    heldSubscription: generation.heldSubscription, heldPackage: generation.heldPackage,
                    capture: outcome.status == .completed ? outcome.tokensSpent : 0, sameCycle: sameCycle)
            }
            self.init(
                id: generation.id, heldCycle: generation.heldCycle, outcome: outcome,
                sameCycle: settlement(sameCycle: true),
                newCycle: settlement(sameCycle: false))
        }

        /// $1 the generation; $2–$12 its final state; $13–$16 the hold and its cycle; $17–$19 what returns to
        /// the buckets; $20–$21 the capture and release entries; $22 the lapsed tokens and $23 their reason.
        static let sql = """
            WITH finished AS (
                UPDATE generations SET status = $2, tokens_spent = $3, result_text = $4, result_url = $5,
                    thumbnail_url = $6, result_metadata = $7, usage = $8, seed = $9, error = $10, processing_ms = $11,
                    completed_at = $12, hold_open = 0, locked_by = NULL, locked_until = NULL
                WHERE id = $1 AND hold_open = 1 AND held_subscription = $13 AND held_package = $14
                RETURNING \(GenerationRecord.columnList)
            ), account AS (
                UPDATE accounts SET held_tokens = held_tokens - $15,
                    subscription_tokens = subscription_tokens
                        + CASE WHEN cycle_started_at IS NOT DISTINCT FROM $16 THEN $17 ELSE $18 END,
                    package_tokens = package_tokens + $19
                FROM finished
                WHERE accounts.id = finished.account_id AND held_tokens >= $15
                RETURNING \(OneStatement.prefixed(AccountRecord.columns, table: "accounts", prefix: "")),
                    cycle_started_at IS NOT DISTINCT FROM $16 AS same_cycle
            ), entries AS (
                INSERT INTO ledger_entries (account_id, kind, bucket, amount, reason, generation_id, created_at)
                SELECT account.id, part.kind, part.bucket, part.amount, part.reason, $1, $12
                FROM account CROSS JOIN LATERAL (VALUES
                    ('capture', 'hold', $20, 'capture'),
                    ('release', 'hold', $21, CASE WHEN account.same_cycle OR $22 = 0 THEN 'release' ELSE $23 END),
                    ('release', 'subscription', CASE WHEN account.same_cycle THEN $17 ELSE $18 END, 'release'),
                    ('release', 'package', $19, 'release')
                ) AS part (kind, bucket, amount, reason)
                WHERE part.amount <> 0
            )
            SELECT CAST(CASE WHEN (account.id IS NULL) = (finished.id IS NULL) THEN NULL
                    ELSE '\(OneStatement.refusal)held_tokens_short:' || finished.id END AS integer) AS refused,
                \(OneStatement.prefixed(AccountRecord.columns, table: "account", prefix: "owner_")),
                \(OneStatement.prefixed(GenerationRecord.columns, table: "finished", prefix: ""))
            FROM (SELECT 1) AS one LEFT JOIN finished ON true LEFT JOIN account ON true
            """

        static let bindingDataTypes: [PostgresDataType] = [
            .int8, .text, .int8, .text, .text, .text, .text, .text, .int8, .text, .int8, .int8,
            .int8, .int8, .int8, .int8, .int8, .int8, .int8, .int8, .int8, .int8, .text,
        ]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 23)
            bindings.append(id)
            bindings.append(outcome.status.rawValue)
            bindings.append(outcome.tokensSpent)
            bindings.append(outcome.resultText)
            bindings.append(outcome.resultURL)
            bindings.append(outcome.thumbnailURL)
            bindings.append(outcome.resultMetadata)
            bindings.append(outcome.usage)
            bindings.append(outcome.seed)
            bindings.append(outcome.error)
            bindings.append(outcome.processingMs)
            bindings.append(outcome.completedAt)
            bindings.append(sameCycle.heldSubscription)
            bindings.append(sameCycle.heldPackage)
            bindings.append(sameCycle.held)
            bindings.append(heldCycle)
            bindings.append(sameCycle.returnedSubscription)
            bindings.append(newCycle.returnedSubscription)
            bindings.append(sameCycle.returnedPackage)
            bindings.append(-sameCycle.captured)
            bindings.append(-(sameCycle.held - sameCycle.captured))
            bindings.append(newCycle.lapsed)
            bindings.append(newCycle.releaseReason)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
}
