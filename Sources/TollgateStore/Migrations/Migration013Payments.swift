extension Migration {
    /// Payments (SPEC §13): one row per purchase attempt with YooKassa or Telegram Stars, its provider's id once
    /// known (unique per provider), and the ledger's guarantee that a payment is credited — and refunded — at
    /// most once: a ledger entry naming a payment is unique per payment and kind.
    static let m013Payments = Migration(
        version: 13, name: "payments",
        statements: [
            """
            CREATE TABLE payments (
                id {id},
                account_id {bigint} NOT NULL REFERENCES accounts(id),
                provider TEXT NOT NULL,
                product TEXT NOT NULL,
                tokens {bigint} NOT NULL,
                amount {bigint} NOT NULL,
                currency TEXT NOT NULL,
                status TEXT NOT NULL,
                external_id TEXT,
                confirmation_url TEXT,
                return_url TEXT,
                save_payment_method INTEGER NOT NULL DEFAULT 0,
                payment_method_id TEXT,
                cancellation_reason TEXT,
                refunded_tokens {bigint} NOT NULL DEFAULT 0,
                unrecovered_tokens {bigint} NOT NULL DEFAULT 0,
                created_at {bigint} NOT NULL,
                paid_at {bigint},
                next_check_at {bigint}
            )
            """,
            "CREATE UNIQUE INDEX payments_external ON payments (provider, external_id) WHERE external_id IS NOT NULL",
            "CREATE INDEX payments_account ON payments (account_id, id)",
            "CREATE INDEX payments_unsettled ON payments (next_check_at) WHERE status = 'pending'",
            """
            CREATE UNIQUE INDEX ledger_entries_payment ON ledger_entries (payment_ref, kind)
            WHERE payment_ref IS NOT NULL
            """,
            // A plan paid with a saved YooKassa method renews with it a day before its cycle ends, while enabled;
            // `charged_for` is the expiry a renewal was last charged for, so each cycle is charged once.
            """
            CREATE TABLE renewals (
                account_id {bigint} PRIMARY KEY REFERENCES accounts(id),
                product TEXT NOT NULL,
                payment_method_id TEXT NOT NULL,
                enabled INTEGER NOT NULL DEFAULT 1,
                charged_for {bigint},
                updated_at {bigint} NOT NULL
            )
            """,
        ]
    )
}
