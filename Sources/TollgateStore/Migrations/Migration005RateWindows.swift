extension Migration {
    /// Per-account generation counters for the fixed hour and day windows (SPEC §8).
    static let m005RateWindows = Migration(
        version: 5, name: "rate_windows",
        statements: [
            """
            CREATE TABLE rate_windows (
                account_id {bigint} NOT NULL,
                kind TEXT NOT NULL,
                window_start {bigint} NOT NULL,
                used {bigint} NOT NULL,
                PRIMARY KEY (account_id, kind, window_start)
            )
            """
        ]
    )
}
