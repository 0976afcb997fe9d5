extension Migration {
    /// The Telegram bot (SPEC §15): each update kept until processed (the key that makes a redelivery, or a second
    /// instance, a no-op; a restart resumes what was owed), each chat's account, language, chosen model and whether
    /// the user blocked the bot, the jobs whose results a chat is owed, and the refund requests users send.
    static let m016Bot = Migration(
        version: 16, name: "bot",
        statements: [
            // An index by time that an earlier build of this work made; every write of a generation paid for it.
            "DROP INDEX IF EXISTS generations_account_time",
            """
            CREATE TABLE telegram_updates (
                update_id {bigint} PRIMARY KEY,
                body TEXT NOT NULL,
                received_at {bigint} NOT NULL,
                locked_until {bigint} NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                done_at {bigint}
            )
            """,
            "CREATE INDEX telegram_updates_due ON telegram_updates (locked_until) WHERE done_at IS NULL",
            """
            CREATE TABLE bot_chats (
                chat_id {bigint} PRIMARY KEY,
                account_id {bigint} NOT NULL REFERENCES accounts(id),
                language TEXT NOT NULL,
                model_slug TEXT,
                blocked_at {bigint},
                updated_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX bot_chats_account ON bot_chats (account_id)",
            """
            CREATE TABLE bot_jobs (
                generation_id {bigint} PRIMARY KEY REFERENCES generations(id),
                chat_id {bigint} NOT NULL,
                created_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE support_requests (
                id {id},
                account_id {bigint} NOT NULL REFERENCES accounts(id),
                payment_id {bigint},
                text TEXT NOT NULL,
                created_at {bigint} NOT NULL
            )
            """,
        ]
    )
}
