extension Migration {
    /// The web dashboard and admin area (SPEC §14): an account's role and block, cookie sessions (stored hashed,
    /// each with its CSRF token), the operator's audit trail and the models an operator switched off.
    static let m015Web = Migration(
        version: 15, name: "web",
        statements: [
            "ALTER TABLE accounts ADD COLUMN role TEXT NOT NULL DEFAULT 'user'",
            "ALTER TABLE accounts ADD COLUMN blocked_at {bigint}",
            """
            CREATE TABLE web_sessions (
                id_hash TEXT PRIMARY KEY,
                account_id {bigint} NOT NULL REFERENCES accounts(id),
                csrf TEXT NOT NULL,
                created_at {bigint} NOT NULL,
                expires_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX web_sessions_account ON web_sessions (account_id)",
            """
            CREATE TABLE admin_actions (
                id {id},
                admin_id {bigint} NOT NULL REFERENCES accounts(id),
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                details TEXT NOT NULL,
                created_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE model_switches (
                model_id TEXT PRIMARY KEY,
                enabled INTEGER NOT NULL,
                updated_by {bigint},
                updated_at {bigint} NOT NULL
            )
            """,
        ]
    )
}
