extension Migration {
    /// Which instance claimed an idempotency key, and each instance's lease: a claim left without an answer by an
    /// instance that died (its lease ran out, or it restarted) is ended by the living, so a retry is not stuck.
    static let m014Instances = Migration(
        version: 14, name: "instances",
        statements: [
            "ALTER TABLE idempotency_keys ADD COLUMN owner TEXT",
            "CREATE INDEX idempotency_keys_unanswered ON idempotency_keys (owner) WHERE response_status IS NULL",
            "CREATE TABLE instances (id TEXT PRIMARY KEY, lease_until {bigint} NOT NULL)",
        ]
    )
}
