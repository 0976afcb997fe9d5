import PostgresKit
import PostgresNIO
import SQLKit
import TollgateCore

extension SettlementStore {
    /// Settles every one of `settlements` in one statement, each as `settleOne` would — or, when that
    /// cannot be decided for the batch as a whole, none (nil).
    static func settleAll(_ settlements: [Settle], on db: any SQLDatabase) async throws -> [(
        GenerationRecord, AccountRecord
    )?]? {
        try await OneStatement.runForEach(
            SettleAll(settlements: settlements), count: settlements.count, on: db, answer: settled)
    }

    /// The statement for many, prepared once per connection. $1 the settlements as a JSON array of objects
    /// (`n` their position; the fields of `Settle`'s bindings). An account's hold shrinks by the sum of its
    /// settlements, and what returns to its buckets is summed the same way. The batch is refused when an
    /// account holds less than its settlements close (a broken ledger: `settleOne` then reports it), when it
    /// settles holds of two cycles of one account (only at a cycle's turn), or names a generation twice.
    /// The accounts are locked by id (`locked`, which `account` waits for), in the order of every statement
    /// that locks them (`AdmissionStore.AdmitAll`).
    struct SettleAll: PostgresPreparedStatement {
        typealias Row = PostgresRow

        var settlements: [Settle]

        static let sql = """
            WITH item AS (
                SELECT * FROM jsonb_to_recordset($1::jsonb) AS item (
                    n bigint, id bigint, status text, tokens_spent bigint, result_text text, result_url text,
                    thumbnail_url text, result_metadata text, usage text, seed bigint, error text,
                    processing_ms bigint, completed_at bigint, held_subscription bigint, held_package bigint,
                    held_cycle bigint, same_subscription bigint, new_subscription bigint, returned_package bigint,
                    captured bigint, lapsed bigint, lapse_reason text)
            ), finished AS (
                UPDATE generations SET status = item.status, tokens_spent = item.tokens_spent,
                    result_text = item.result_text, result_url = item.result_url, thumbnail_url = item.thumbnail_url,
                    result_metadata = item.result_metadata, usage = item.usage, seed = item.seed, error = item.error,
                    processing_ms = item.processing_ms, completed_at = item.completed_at, hold_open = 0,
                    locked_by = NULL, locked_until = NULL
                FROM item
                WHERE generations.id = item.id AND generations.hold_open = 1
                    AND generations.held_subscription = item.held_subscription
                    AND generations.held_package = item.held_package
                RETURNING \(OneStatement.prefixed(GenerationRecord.columns, table: "generations", prefix: ""))
            ), totals AS (
                SELECT finished.account_id, item.held_cycle,
                    sum(item.held_subscription + item.held_package) AS held,
                    sum(item.same_subscription) AS same_subscription, sum(item.new_subscription) AS new_subscription,
                    sum(item.returned_package) AS returned_package
                FROM finished JOIN item ON item.id = finished.id
                GROUP BY finished.account_id, item.held_cycle ORDER BY finished.account_id
            ), locked AS (
                SELECT id FROM accounts WHERE id IN (SELECT account_id FROM totals) ORDER BY id FOR UPDATE
            ), account AS (
                UPDATE accounts SET held_tokens = held_tokens - totals.held,
                    subscription_tokens = subscription_tokens + CASE
                        WHEN cycle_started_at IS NOT DISTINCT FROM totals.held_cycle THEN totals.same_subscription
                        ELSE totals.new_subscription END,
                    package_tokens = package_tokens + totals.returned_package
                FROM totals
                WHERE accounts.id = totals.account_id AND accounts.held_tokens >= totals.held
                    AND (SELECT count(*) FROM locked) >= 0
                RETURNING \(OneStatement.prefixed(AccountRecord.columns, table: "accounts", prefix: "")),
                    cycle_started_at IS NOT DISTINCT FROM totals.held_cycle AS same_cycle
            ), entries AS (
                INSERT INTO ledger_entries (account_id, kind, bucket, amount, reason, generation_id, created_at)
                SELECT account.id, part.kind, part.bucket, part.amount, part.reason, item.id, item.completed_at
                FROM finished JOIN item ON item.id = finished.id JOIN account ON account.id = finished.account_id
                CROSS JOIN LATERAL (VALUES
                    ('capture', 'hold', -item.captured, 'capture'),
                    ('release', 'hold', item.captured - item.held_subscription - item.held_package,
                        CASE WHEN account.same_cycle OR item.lapsed = 0 THEN 'release' ELSE item.lapse_reason END),
                    ('release', 'subscription',
                        CASE WHEN account.same_cycle THEN item.same_subscription ELSE item.new_subscription END, 'release'),
                    ('release', 'package', item.returned_package, 'release')
                ) AS part (kind, bucket, amount, reason)
                WHERE part.amount <> 0
            ), verdict AS (
                SELECT (SELECT count(*) FROM totals) - (SELECT count(*) FROM account) AS short_accounts,
                    (SELECT count(*) FROM totals) - (SELECT count(DISTINCT account_id) FROM totals) AS turned_cycles,
                    (SELECT count(*) FROM item) - (SELECT count(DISTINCT id) FROM item) AS repeated
            )
            SELECT item.n,
                CAST(CASE WHEN verdict.short_accounts = 0 AND verdict.turned_cycles = 0 AND verdict.repeated = 0 THEN NULL
                    ELSE '\(OneStatement.refusal)batch:' || verdict.short_accounts || ':' || verdict.turned_cycles
                        || ':' || verdict.repeated END AS integer) AS refused,
                \(OneStatement.prefixed(AccountRecord.columns, table: "account", prefix: "owner_")),
                \(OneStatement.prefixed(GenerationRecord.columns, table: "finished", prefix: ""))
            FROM verdict LEFT JOIN item ON true LEFT JOIN finished ON finished.id = item.id
                LEFT JOIN account ON account.id = finished.account_id
            """

        static let bindingDataTypes: [PostgresDataType] = [.text]

        func makeBindings() throws -> PostgresBindings {
            let items: [JSONValue] = settlements.enumerated().map { n, settlement in
                let outcome = settlement.outcome
                let same = settlement.sameCycle
                let new = settlement.newCycle
                return [
                    "n": .int(Int64(n)), "id": .int(settlement.id), "status": .string(outcome.status.rawValue),
                    "tokens_spent": .int(outcome.tokensSpent), "result_text": .string(orNull: outcome.resultText),
                    "result_url": .string(orNull: outcome.resultURL),
                    "thumbnail_url": .string(orNull: outcome.thumbnailURL),
                    "result_metadata": .string(orNull: outcome.resultMetadata), "usage": .string(orNull: outcome.usage),
                    "seed": .int(orNull: outcome.seed), "error": .string(orNull: outcome.error),
                    "processing_ms": .int(outcome.processingMs), "completed_at": .int(outcome.completedAt),
                    "held_subscription": .int(same.heldSubscription), "held_package": .int(same.heldPackage),
                    "held_cycle": .int(orNull: settlement.heldCycle),
                    "same_subscription": .int(same.returnedSubscription),
                    "new_subscription": .int(new.returnedSubscription), "returned_package": .int(same.returnedPackage),
                    "captured": .int(same.captured), "lapsed": .int(new.lapsed),
                    "lapse_reason": .string(new.releaseReason),
                ]
            }
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(OneStatement.json(.array(items)))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
}
