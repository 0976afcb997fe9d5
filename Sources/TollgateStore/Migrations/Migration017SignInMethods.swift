extension Migration {
    /// More ways to sign in (SPEC §2): Google identities (by Google's stable `sub`), phone numbers proved by an
    /// SMS code, and the codes in flight (stored as hashes, counted in attempts, one live code per number and
    /// purpose).
    static let m017SignInMethods = Migration(
        version: 17, name: "sign_in_methods",
        statements: [
            """
            CREATE TABLE google_identities (
                subject TEXT PRIMARY KEY,
                account_id {bigint} NOT NULL UNIQUE REFERENCES accounts(id),
                email TEXT,
                name TEXT,
                picture_url TEXT,
                created_at {bigint} NOT NULL,
                last_login_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE phone_identities (
                phone TEXT PRIMARY KEY,
                account_id {bigint} NOT NULL UNIQUE REFERENCES accounts(id),
                verified_at {bigint} NOT NULL,
                created_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE sms_codes (
                phone TEXT NOT NULL,
                purpose TEXT NOT NULL,
                code_hash TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                sent_at {bigint} NOT NULL,
                expires_at {bigint} NOT NULL,
                PRIMARY KEY (phone, purpose)
            )
            """,
            "CREATE INDEX sms_codes_expiry ON sms_codes (expires_at)",
        ]
    )
}
