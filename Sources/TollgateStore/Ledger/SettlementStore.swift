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
        let released = sameCycle.held - sameCycle.captured
        let lapsedReason = "release (\(newCycle.lapsed) lapsed with the cycle)"
        let query: SQLQueryString = """
            WITH finished AS (
                UPDATE generations SET \(GenerationStore.finalState(outcome))
                WHERE id = \(bind: id) AND hold_open = 1 AND held_subscription = \(bind: sameCycle.heldSubscription)
                    AND held_package = \(bind: sameCycle.heldPackage)
                RETURNING \(unsafeRaw: GenerationRecord.columnList)
            ), account AS (
                UPDATE accounts SET held_tokens = held_tokens - \(bind: sameCycle.held),
                    subscription_tokens = subscription_tokens + CASE WHEN cycle_started_at IS NOT DISTINCT FROM \(bind: heldCycle)
                        THEN \(bind: sameCycle.returnedSubscription) ELSE \(bind: newCycle.returnedSubscription) END,
                    package_tokens = package_tokens + \(bind: sameCycle.returnedPackage)
                FROM finished
                WHERE accounts.id = finished.account_id AND held_tokens >= \(bind: sameCycle.held)
                RETURNING \(unsafeRaw: OneStatement.prefixed(AccountRecord.columns, table: "accounts", prefix: "")),
                    cycle_started_at IS NOT DISTINCT FROM \(bind: heldCycle) AS same_cycle
            ), entries AS (
                INSERT INTO ledger_entries (account_id, kind, bucket, amount, reason, generation_id, created_at)
                SELECT account.id, part.kind, part.bucket, part.amount, part.reason, \(bind: id), \(bind: outcome.completedAt)
                FROM account CROSS JOIN LATERAL (VALUES
                    ('capture', 'hold', \(bind: -sameCycle.captured), 'capture'),
                    ('release', 'hold', \(bind: -released),
                        CASE WHEN account.same_cycle OR \(bind: newCycle.lapsed) = 0 THEN 'release' ELSE \(bind: lapsedReason) END),
                    ('release', 'subscription', CASE WHEN account.same_cycle
                        THEN \(bind: sameCycle.returnedSubscription) ELSE \(bind: newCycle.returnedSubscription) END, 'release'),
                    ('release', 'package', \(bind: sameCycle.returnedPackage), 'release')
                ) AS part (kind, bucket, amount, reason)
                WHERE part.amount <> 0
            )
            SELECT CAST(CASE WHEN (SELECT count(*) FROM account) = (SELECT count(*) FROM finished) THEN NULL
                    ELSE '\(unsafeRaw: OneStatement.refusal)held_tokens_short:' || (SELECT count(*) FROM account) END AS integer) AS refused,
                \(unsafeRaw: OneStatement.prefixed(AccountRecord.columns, table: "account", prefix: "owner_")),
                \(unsafeRaw: OneStatement.prefixed(GenerationRecord.columns, table: "finished", prefix: ""))
            FROM (SELECT 1) AS one LEFT JOIN finished ON true LEFT JOIN account ON true
            """
        guard case .row(let row) = try await OneStatement.run(query, on: db) else {
            // The hold is open but the account holds less than it: the ledger is broken; change nothing.
            throw StoreError.notFound
        }
        guard try !row.decodeNil(column: "id") else { return nil }
        return (try GenerationRecord(row: row), try AccountRecord(row: PrefixedRow(row: row, prefix: "owner_")))
    }
}
