extension Migration {
    /// Generations: the request, its hold, its result, and the job lease for asynchronous models.
    static let m004Generations = Migration(
        version: 4, name: "generations",
        statements: [
            """
            CREATE TABLE generations (
                id {id},
                account_id {bigint} NOT NULL REFERENCES accounts(id),
                key_id {bigint},
                model_slug TEXT NOT NULL,
                category TEXT NOT NULL,
                status TEXT NOT NULL,
                prompt TEXT,
                request {json},
                price {bigint} NOT NULL,
                held_subscription {bigint} NOT NULL DEFAULT 0,
                held_package {bigint} NOT NULL DEFAULT 0,
                held_cycle {bigint},
                hold_open INTEGER NOT NULL DEFAULT 1,
                tokens_spent {bigint} NOT NULL DEFAULT 0,
                result_text TEXT,
                result_url TEXT,
                thumbnail_url TEXT,
                result_metadata {json},
                usage {json},
                seed {bigint},
                error TEXT,
                processing_ms {bigint},
                deadline_at {bigint} NOT NULL,
                created_at {bigint} NOT NULL,
                completed_at {bigint},
                upstream_id TEXT,
                locked_by TEXT,
                locked_until {bigint},
                attempts INTEGER NOT NULL DEFAULT 0,
                next_poll_at {bigint},
                callback_url TEXT,
                is_favorite INTEGER NOT NULL DEFAULT 0,
                rating INTEGER,
                deleted_at {bigint}
            )
            """,
            "CREATE INDEX generations_account ON generations (account_id, id)",
            "CREATE INDEX generations_open_holds ON generations (hold_open, deadline_at)",
            "CREATE INDEX generations_jobs ON generations (status, next_poll_at)",
            // The hold statement records how much it took from the subscription bucket here, computed
            // from the pre-update balance in the same UPDATE, so one round trip returns the split.
            "ALTER TABLE accounts ADD COLUMN last_movement {bigint} NOT NULL DEFAULT 0",
        ]
    )
}
