import SQLKit

extension GenerationStore {
    /// Leases up to `limit` pending asynchronous generations that are due, for `owner` until `leaseUntil`.
    /// On PostgreSQL concurrent runners skip each other's rows (`FOR UPDATE SKIP LOCKED`); SQLite's single
    /// writer serialises the claim. A dead runner's lease simply expires.
    public func claimDueJobs(
        now: Int64, owner: String, leaseUntil: Int64, limit: Int, on db: any SQLDatabase
    ) async throws -> [GenerationRecord] {
        let lock: SQLQueryString = db.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        return try await db.raw(
            """
            UPDATE generations SET locked_by = \(bind: owner), locked_until = \(bind: leaseUntil), attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM generations WHERE \(Self.dueJob(now: now))
                ORDER BY next_poll_at LIMIT \(bind: limit)\(lock)
            )
            RETURNING \(unsafeRaw: GenerationRecord.columnList)
            """
        ).all().map(GenerationRecord.init(row:))
    }

    /// Whether a job is due: a read, so an idle runner's look costs no write (the claim is one).
    public func hasDueJobs(now: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            SELECT 1 AS due FROM generations WHERE \(Self.dueJob(now: now)) LIMIT 1
            """
        ).first() != nil
    }

    /// A pending asynchronous generation whose next poll is due and whose lease (if any) has ended.
    static func dueJob(now: Int64) -> SQLQueryString {
        """
        status = 'pending' AND hold_open = 1 AND next_poll_at IS NOT NULL AND next_poll_at <= \(bind: now)
            AND (locked_until IS NULL OR locked_until < \(bind: now))
        """
    }

    /// Records a job's upstream id and next poll, releasing the lease, if `owner` still holds it.
    public func reschedule(
        id: Int64, owner: String, upstreamID: String?, nextPollAt: Int64, on db: any SQLDatabase
    ) async throws -> Bool {
        try await db.raw(
            """
            UPDATE generations SET upstream_id = COALESCE(\(bind: upstreamID), upstream_id), next_poll_at = \(bind: nextPollAt),
                locked_by = NULL, locked_until = NULL
            WHERE id = \(bind: id) AND locked_by = \(bind: owner) AND hold_open = 1
            RETURNING id
            """
        ).first() != nil
    }
}
