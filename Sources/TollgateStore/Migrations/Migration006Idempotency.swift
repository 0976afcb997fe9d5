extension Migration {
    /// Idempotency keys of `POST /generate`: the first request's fingerprint and, once known, its answer.
    static let m006Idempotency = Migration(
        version: 6, name: "idempotency_keys",
        statements: [
            """
            CREATE TABLE idempotency_keys (
                account_id {bigint} NOT NULL,
                idempotency_key TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                generation_id {bigint},
                response_status INTEGER,
                response_body TEXT,
                created_at {bigint} NOT NULL,
                PRIMARY KEY (account_id, idempotency_key)
            )
            """
        ]
    )
}
