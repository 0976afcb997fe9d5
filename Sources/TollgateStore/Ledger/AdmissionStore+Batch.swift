import PostgresKit
import PostgresNIO
import SQLKit
import TollgateCore

extension AdmissionStore {
    /// Admits every one of `admissions` in one statement, each as `admitOne` would in the given order —
    /// or, when any of them would be refused, none (nil).
    static func admitAll(_ admissions: [Admit], on db: any SQLDatabase) async throws -> [AdmissionOutcome]? {
        try await OneStatement.runForEach(
            AdmitAll(admissions: admissions), count: admissions.count, on: db, answer: admitted)
    }

    /// The statement for many, prepared once per connection. $1 the generations as a JSON array of
    /// objects (`n` their position), $2 the windows each is counted in (`n`, `kind`, `start`, `lim`).
    /// A window is counted once per request in it, and an account's hold is the sum of its requests'
    /// prices, split between the buckets request by request in order (subscription first), as separate
    /// admissions would have split it. A window over its limit or a balance short refuses the batch.
    /// Locks are taken in one order by every statement that takes them — an account's windows, then the
    /// accounts by id (`locked`, which `held` waits for) — so that batches and lone calls, of this instance
    /// or another, wait for each other instead of each holding what the other waits for. (The accounts were
    /// locked in the order of the plan's join, and before the windows: a deadlock about every second with 16
    /// accounts at c=64, each aborting a statement a second late.)
    struct AdmitAll: PostgresPreparedStatement {
        typealias Row = PostgresRow

        var admissions: [Admit]

        static let sql = """
            WITH item AS (
                SELECT * FROM jsonb_to_recordset($1::jsonb) AS item (
                    n bigint, account_id bigint, price bigint, key_id bigint, model_slug text, category text,
                    prompt text, request text, deadline_at bigint, created_at bigint, next_poll_at bigint,
                    callback_url text, owner text)
            ), wanted AS (
                SELECT wanted.n, wanted.kind, wanted.start, wanted.lim, item.account_id,
                    row_number() OVER (PARTITION BY item.account_id, wanted.kind, wanted.start ORDER BY wanted.n) AS rank,
                    count(*) OVER (PARTITION BY item.account_id, wanted.kind, wanted.start) AS count
                FROM jsonb_to_recordset($2::jsonb) AS wanted (n bigint, kind text, start bigint, lim bigint)
                JOIN item ON item.n = wanted.n
            ), rate AS (
                INSERT INTO rate_windows (account_id, kind, window_start, used)
                SELECT account_id, kind, start, count(*) FROM wanted
                GROUP BY account_id, kind, start ORDER BY account_id, kind, start
                ON CONFLICT (account_id, kind, window_start) DO UPDATE SET used = rate_windows.used + excluded.used
                RETURNING account_id, kind, window_start, used
            ), totals AS (
                SELECT account_id, sum(price) AS total FROM item GROUP BY account_id ORDER BY account_id
            ), locked AS (
                SELECT id FROM accounts WHERE id IN (SELECT account_id FROM totals) AND (SELECT count(*) FROM rate) >= 0
                ORDER BY id FOR UPDATE
            ), held AS (
                UPDATE accounts SET last_movement = LEAST(subscription_tokens, totals.total),
                    subscription_tokens = subscription_tokens - LEAST(subscription_tokens, totals.total),
                    package_tokens = package_tokens - (totals.total - LEAST(subscription_tokens, totals.total)),
                    held_tokens = held_tokens + totals.total
                FROM totals
                WHERE accounts.id = totals.account_id AND subscription_tokens + package_tokens >= totals.total
                    AND (SELECT count(*) FROM locked) >= 0
                RETURNING \(AccountRecord.columnList), last_movement
            ), split AS (
                SELECT request.*, nextval('generations_id_seq') AS id FROM (
                    SELECT item.*, held.cycle_started_at,
                        LEAST(GREATEST(held.subscription_tokens + held.last_movement
                            - (sum(item.price) OVER (PARTITION BY item.account_id ORDER BY item.n) - item.price), 0),
                            item.price) AS from_subscription
                    FROM item JOIN held ON held.id = item.account_id
                ) AS request ORDER BY request.n
            ), generation AS (
                INSERT INTO generations (id, \(GenerationRecord.newColumnList))
                SELECT id, account_id, key_id, model_slug, category, 'pending', prompt, request, price,
                    from_subscription, price - from_subscription, cycle_started_at, 1, deadline_at, created_at,
                    next_poll_at, callback_url, owner
                FROM split
                RETURNING \(GenerationRecord.columnList)
            ), entries AS (
                INSERT INTO ledger_entries (account_id, kind, bucket, amount, reason, generation_id, created_at)
                SELECT split.account_id, 'hold', part.bucket, part.amount, 'hold', split.id, split.created_at
                FROM split CROSS JOIN LATERAL (VALUES
                    ('hold', split.price), ('subscription', -split.from_subscription),
                    ('package', split.from_subscription - split.price)
                ) AS part (bucket, amount)
                WHERE part.amount <> 0
            ), used AS (
                SELECT wanted.n, string_agg(wanted.kind || ':' || (rate.used - wanted.count + wanted.rank), ',') AS rate_used
                FROM wanted JOIN rate ON rate.account_id = wanted.account_id AND rate.kind = wanted.kind
                    AND rate.window_start = wanted.start
                GROUP BY wanted.n
            ), verdict AS (
                SELECT (SELECT count(*) FROM totals) - (SELECT count(*) FROM held) AS short_accounts,
                    (SELECT count(*) FROM wanted JOIN rate ON rate.account_id = wanted.account_id
                        AND rate.kind = wanted.kind AND rate.window_start = wanted.start
                        WHERE rate.used > wanted.lim) AS full_windows
            )
            SELECT split.n, used.rate_used,
                CAST(CASE WHEN verdict.short_accounts = 0 AND verdict.full_windows = 0 THEN NULL
                    ELSE '\(OneStatement.refusal)batch:' || verdict.short_accounts || ':' || verdict.full_windows
                    END AS integer) AS refused,
                \(OneStatement.prefixed(AccountRecord.columns, table: "held", prefix: "owner_")),
                \(OneStatement.prefixed(GenerationRecord.columns, table: "generation", prefix: ""))
            FROM verdict LEFT JOIN split ON true LEFT JOIN generation ON generation.id = split.id
                LEFT JOIN held ON held.id = split.account_id LEFT JOIN used ON used.n = split.n
            """

        static let bindingDataTypes: [PostgresDataType] = [.text, .text]

        func makeBindings() throws -> PostgresBindings {
            var generations: [JSONValue] = []
            var windows: [JSONValue] = []
            for (n, admission) in admissions.enumerated() {
                let generation = admission.generation
                generations.append([
                    "n": .int(Int64(n)), "account_id": .int(generation.accountID), "price": .int(generation.price),
                    "key_id": .int(orNull: generation.keyID), "model_slug": .string(generation.modelSlug),
                    "category": .string(generation.category), "prompt": .string(orNull: generation.prompt),
                    "request": .string(orNull: generation.request), "deadline_at": .int(generation.deadlineAt),
                    "created_at": .int(generation.createdAt), "next_poll_at": .int(orNull: generation.nextPollAt),
                    "callback_url": .string(orNull: generation.callbackURL), "owner": .string(orNull: generation.owner),
                ])
                for window in admission.windows {
                    windows.append([
                        "n": .int(Int64(n)), "kind": .string(window.kind), "start": .int(window.windowStart),
                        "lim": .int(window.limit),
                    ])
                }
            }
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(OneStatement.json(.array(generations)))
            bindings.append(OneStatement.json(.array(windows)))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
}
