extension Migration {
    /// The append-only token ledger: every movement of every bucket (SPEC §9).
    static let m003Ledger = Migration(
        version: 3, name: "ledger",
        statements: [
            """
            CREATE TABLE ledger_entries (
                id {id},
                account_id {bigint} NOT NULL REFERENCES accounts(id),
                kind TEXT NOT NULL,
                bucket TEXT NOT NULL,
                amount {bigint} NOT NULL,
                reason TEXT NOT NULL,
                generation_id {bigint},
                payment_ref TEXT,
                created_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX ledger_entries_account ON ledger_entries (account_id, bucket)",
        ]
    )
}
