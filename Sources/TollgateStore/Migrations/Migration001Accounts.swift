extension Migration {
    /// Accounts with their plan, cycle and the two token buckets (SPEC §8, §9).
    static let m001Accounts = Migration(
        version: 1, name: "accounts",
        statements: [
            """
            CREATE TABLE accounts (
                id {id},
                email TEXT NOT NULL UNIQUE,
                name TEXT,
                plan TEXT NOT NULL,
                cycle_started_at {bigint},
                plan_expires_at {bigint},
                subscription_tokens {bigint} NOT NULL DEFAULT 0 CHECK (subscription_tokens >= 0),
                package_tokens {bigint} NOT NULL DEFAULT 0 CHECK (package_tokens >= 0),
                held_tokens {bigint} NOT NULL DEFAULT 0 CHECK (held_tokens >= 0),
                created_at {bigint} NOT NULL
            )
            """
        ]
    )
}
