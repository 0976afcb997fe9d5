extension Migration {
    /// Profile and settings beside the account row (SPEC §5 `/user/me`, `/user/settings`), and an index
    /// that lets the sweeper prune ended rate windows without a scan. A settings column left NULL means
    /// "the default", so operators may change defaults later.
    static let m010UserProfiles = Migration(
        version: 10, name: "user_profiles",
        statements: [
            """
            CREATE TABLE user_profiles (
                account_id {bigint} PRIMARY KEY REFERENCES accounts(id),
                username TEXT UNIQUE,
                avatar_url TEXT,
                language TEXT,
                image_format TEXT,
                notifications_enabled INTEGER,
                default_image_size TEXT,
                updated_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX rate_windows_start ON rate_windows (window_start)",
        ]
    )
}
