extension Migration {
    /// The generations' hold and job indexes keep only the rows their queries look for: open holds (the
    /// sweeper's overdue scan) and pending asynchronous jobs (the runner's due scan). A synchronous
    /// generation never enters the job index and leaves the hold index when it settles, so every billed
    /// request writes three index entries fewer (BENCHMARKS.md).
    static let m012PartialIndexes = Migration(
        version: 12, name: "partial_generation_indexes",
        statements: [
            "DROP INDEX generations_open_holds",
            "DROP INDEX generations_jobs",
            "CREATE INDEX generations_open_holds ON generations (deadline_at) WHERE hold_open = 1",
            """
            CREATE INDEX generations_due_jobs ON generations (next_poll_at)
            WHERE status = 'pending' AND hold_open = 1 AND next_poll_at IS NOT NULL
            """,
        ]
    )
}
