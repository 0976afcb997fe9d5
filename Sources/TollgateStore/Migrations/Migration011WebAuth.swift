extension Migration {
    /// Web sign-in (SPEC §2): password credentials, Telegram identities, one-time email tokens, rotating
    /// refresh tokens grouped in families, login attempt counters, and secrets shared by all instances.
    /// Every token is stored only as its SHA-256.
    static let m011WebAuth = Migration(
        version: 11, name: "web_auth",
        statements: [
            """
            CREATE TABLE credentials (
                account_id {bigint} PRIMARY KEY REFERENCES accounts(id),
                password_hash TEXT NOT NULL,
                email_verified_at {bigint},
                updated_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE telegram_identities (
                telegram_id {bigint} PRIMARY KEY,
                account_id {bigint} NOT NULL UNIQUE REFERENCES accounts(id),
                username TEXT,
                first_name TEXT,
                last_name TEXT,
                photo_url TEXT,
                created_at {bigint} NOT NULL,
                last_login_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE auth_tokens (
                token_hash TEXT PRIMARY KEY,
                account_id {bigint} NOT NULL REFERENCES accounts(id),
                purpose TEXT NOT NULL,
                expires_at {bigint} NOT NULL,
                used_at {bigint},
                created_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX auth_tokens_account ON auth_tokens (account_id, purpose)",
            "CREATE INDEX auth_tokens_expiry ON auth_tokens (expires_at)",
            """
            CREATE TABLE refresh_tokens (
                id {id},
                token_hash TEXT NOT NULL UNIQUE,
                account_id {bigint} NOT NULL REFERENCES accounts(id),
                family TEXT NOT NULL,
                expires_at {bigint} NOT NULL,
                used_at {bigint},
                revoked_at {bigint},
                created_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX refresh_tokens_family ON refresh_tokens (family)",
            "CREATE INDEX refresh_tokens_account ON refresh_tokens (account_id)",
            "CREATE INDEX refresh_tokens_expiry ON refresh_tokens (expires_at)",
            """
            CREATE TABLE login_attempts (
                scope TEXT NOT NULL,
                subject TEXT NOT NULL,
                window_start {bigint} NOT NULL,
                attempts {bigint} NOT NULL,
                PRIMARY KEY (scope, subject, window_start)
            )
            """,
            "CREATE INDEX login_attempts_start ON login_attempts (window_start)",
            """
            CREATE TABLE server_secrets (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                created_at {bigint} NOT NULL
            )
            """,
        ]
    )
}
