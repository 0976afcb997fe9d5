extension Migration {
    /// API keys, stored only as a SHA-256 hash with a short display prefix (SPEC §2).
    static let m002ApiKeys = Migration(
        version: 2, name: "api_keys",
        statements: [
            """
            CREATE TABLE api_keys (
                id {id},
                account_id {bigint} NOT NULL REFERENCES accounts(id),
                name TEXT NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                key_prefix TEXT NOT NULL,
                created_at {bigint} NOT NULL,
                last_used_at {bigint},
                revoked_at {bigint}
            )
            """,
            "CREATE INDEX api_keys_account ON api_keys (account_id)",
        ]
    )
}
