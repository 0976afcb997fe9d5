import PostgresKit
import PostgresNIO
import SQLKit
import TollgateCore

/// The settlement of a generation on PostgreSQL as one statement: store the final state, close the hold,
/// return the unused part and append the capture and release entries. Like the admission, it locks the
/// account's balance row only until the statement ends when it runs outside a transaction.
/// The caller works out the settlement for both cases — the account still in the cycle the hold was taken
/// in, or in a new one (then unused subscription tokens lapse) — and the statement picks by the account's
/// cycle as it stands. SQLite runs `LedgerService.settle`'s separate statements in one transaction.
public struct SettlementStore: Sendable {
    public init() {}

    /// Settles generation `id`, which must hold `heldSubscription` + `heldPackage` tokens taken in cycle
    /// `heldCycle`; nil if it was already settled.
    public func settle(
        id: Int64, heldCycle: Int64?, outcome: GenerationOutcome, sameCycle: HoldSettlement, newCycle: HoldSettlement,
        on db: any SQLDatabase
    ) async throws -> (GenerationRecord, AccountRecord)? {
        let settle = Settle(id: id, heldCycle: heldCycle, outcome: outcome, sameCycle: sameCycle, newCycle: newCycle)
        guard case .row(let row) = try await OneStatement.run(settle, on: db) else {
            // The hold is open but the account holds less than it: the ledger is broken; change nothing.
            throw StoreError.notFound
        }
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
            bindings.append("release (\(newCycle.lapsed) lapsed with the cycle)")
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
}
