extension Migration {
    /// Result files kept in Tollgate's own storage (SPEC §10), and each account's webhook signing secret.
    static let m007Files = Migration(
        version: 7, name: "files",
        statements: [
            """
            CREATE TABLE files (
                token TEXT PRIMARY KEY,
                account_id {bigint} NOT NULL REFERENCES accounts(id),
                generation_id {bigint},
                storage_key TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size_bytes {bigint} NOT NULL,
                created_at {bigint} NOT NULL,
                expires_at {bigint},
                deleted_at {bigint}
            )
            """,
            "CREATE INDEX files_expiry ON files (expires_at)",
            "ALTER TABLE accounts ADD COLUMN webhook_secret TEXT",
        ]
    )
}
