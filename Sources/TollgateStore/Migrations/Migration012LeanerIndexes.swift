extension Migration {
    /// Indexes every billed request writes fewer pages of (BENCHMARKS.md). The generations' hold and job
    /// indexes keep only the rows their queries look for — open holds (the sweeper's overdue scan) and
    /// pending asynchronous jobs (the runner's due scan) — so a synchronous generation never enters the job
    /// index and leaves the hold index when it settles. An account's ledger entries are indexed in the
    /// order they are read and appended (by id), so one request's entries land on one index page.
    static let m012LeanerIndexes = Migration(
        version: 12, name: "leaner_indexes",
        statements: [
            "DROP INDEX generations_open_holds",
            "DROP INDEX generations_jobs",
            "CREATE INDEX generations_open_holds ON generations (deadline_at) WHERE hold_open = 1",
            """
            CREATE INDEX generations_due_jobs ON generations (next_poll_at)
            WHERE status = 'pending' AND hold_open = 1 AND next_poll_at IS NOT NULL
            """,
            "DROP INDEX ledger_entries_account",
            "CREATE INDEX ledger_entries_account ON ledger_entries (account_id, id)",
        ]
    )
}
