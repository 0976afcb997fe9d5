extension Migration {
    /// Webhook deliveries: one row per final status of a generation with a `callback_url`, written in
    /// the transaction that sets that status, delivered (and retried) in the background.
    static let m008Webhooks = Migration(
        version: 8, name: "webhook_deliveries",
        statements: [
            """
            CREATE TABLE webhook_deliveries (
                id {id},
                account_id {bigint} NOT NULL,
                generation_id {bigint} NOT NULL UNIQUE,
                url TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at {bigint} NOT NULL,
                locked_until {bigint},
                delivered_at {bigint},
                last_status INTEGER,
                created_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (delivered_at, next_attempt_at)",
        ]
    )
}
