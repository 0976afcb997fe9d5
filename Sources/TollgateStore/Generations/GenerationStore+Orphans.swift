import SQLKit

extension GenerationStore {
    /// Generations run inline (not as jobs) that are still pending though their instance is gone: its lease ran
    /// out by `now`, or it is `me` in a life that ended before `startedAt` (a restart). Their holds would
    /// otherwise stay taken until the deadline sweep.
    public func orphanedRuns(me: String, startedAt: Int64, now: Int64, limit: Int, on db: any SQLDatabase)
        async throws -> [GenerationRecord]
    {
        try await db.raw(
            """
            SELECT \(unsafeRaw: GenerationRecord.columnList) FROM generations
            WHERE hold_open = 1 AND status = 'pending' AND next_poll_at IS NULL AND locked_by IS NOT NULL
                AND ((locked_by = \(bind: me) AND created_at < \(bind: startedAt))
                    OR (locked_by <> \(bind: me) AND NOT EXISTS (
                        SELECT 1 FROM instances WHERE instances.id = generations.locked_by
                            AND instances.lease_until > \(bind: now))))
            LIMIT \(bind: limit)
            """
        ).all().map(GenerationRecord.init(row:))
    }
}
