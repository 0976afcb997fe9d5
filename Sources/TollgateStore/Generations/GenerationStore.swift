import SQLKit

/// Literal SQL over `generations`.
public struct GenerationStore: Sendable {
    public init() {}

    /// Inserts a pending generation with its hold open.
    public func insertPending(_ generation: NewGeneration, on db: any SQLDatabase) async throws -> GenerationRecord {
        guard
            let row = try await db.raw(
                """
                INSERT INTO generations (\(unsafeRaw: GenerationRecord.newColumnList))
                VALUES (\(bind: generation.accountID), \(bind: generation.keyID), \(bind: generation.modelSlug),
                    \(bind: generation.category), 'pending', \(bind: generation.prompt), \(bind: generation.request),
                    \(bind: generation.price), \(bind: generation.heldSubscription), \(bind: generation.heldPackage),
                    \(bind: generation.heldCycle), 1, \(bind: generation.deadlineAt), \(bind: generation.createdAt),
                    \(bind: generation.nextPollAt), \(bind: generation.callbackURL), \(bind: generation.owner))
                RETURNING \(unsafeRaw: GenerationRecord.columnList)
                """
            ).first()
        else { throw StoreError.notFound }
        return try GenerationRecord(row: row)
    }

    /// The generation with this id, if `accountID` owns it and has not deleted it.
    public func find(id: Int64, accountID: Int64, on db: any SQLDatabase) async throws -> GenerationRecord? {
        try await db.raw(
            """
            SELECT \(unsafeRaw: GenerationRecord.columnList) FROM generations
            WHERE id = \(bind: id) AND account_id = \(bind: accountID) AND deleted_at IS NULL
            """
        ).first().map(GenerationRecord.init(row:))
    }

    /// The generation with this id, whoever owns it (for background work).
    public func find(id: Int64, on db: any SQLDatabase) async throws -> GenerationRecord? {
        try await db.raw(
            "SELECT \(unsafeRaw: GenerationRecord.columnList) FROM generations WHERE id = \(bind: id)"
        ).first().map(GenerationRecord.init(row:))
    }

    /// Stores the final state of a generation whose hold is still open, closing the hold, and reads the owner's
    /// current subscription cycle (what settling the hold compares the hold's cycle with) in the same statement.
    /// Nil if it was already finished (so a generation is settled exactly once).
    public func finishReadingCycle(
        id: Int64, outcome: GenerationOutcome, on db: any SQLDatabase
    ) async throws -> (generation: GenerationRecord, accountCycle: Int64?)? {
        guard
            let row = try await db.raw(
                """
                UPDATE generations SET status = \(bind: outcome.status.rawValue), tokens_spent = \(bind: outcome.tokensSpent),
                    result_text = \(bind: outcome.resultText), result_url = \(bind: outcome.resultURL),
                    thumbnail_url = \(bind: outcome.thumbnailURL), result_metadata = \(bind: outcome.resultMetadata),
                    usage = \(bind: outcome.usage), seed = \(bind: outcome.seed), error = \(bind: outcome.error),
                    processing_ms = \(bind: outcome.processingMs), completed_at = \(bind: outcome.completedAt),
                    hold_open = 0, locked_by = NULL, locked_until = NULL
                WHERE id = \(bind: id) AND hold_open = 1
                RETURNING \(unsafeRaw: GenerationRecord.columnList),
                    (SELECT cycle_started_at FROM accounts WHERE accounts.id = generations.account_id) AS account_cycle_started_at
                """
            ).first()
        else { return nil }
        return (try GenerationRecord(row: row), try row.decode(column: "account_cycle_started_at", as: Int64?.self))
    }

    /// Generations whose hold is open past their deadline, oldest first.
    public func overdue(now: Int64, limit: Int, on db: any SQLDatabase) async throws -> [GenerationRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: GenerationRecord.columnList) FROM generations
            WHERE hold_open = 1 AND deadline_at < \(bind: now) ORDER BY deadline_at LIMIT \(bind: limit)
            """
        ).all().map(GenerationRecord.init(row:))
    }

    /// Per account, the sum of open holds and whether each open hold's generation is pending.
    public func openHolds(on db: any SQLDatabase) async throws -> [Int64: (total: Int64, notPending: Int)] {
        let rows = try await db.raw(
            """
            SELECT account_id, CAST(SUM(price) AS BIGINT) AS total,
                CAST(SUM(CASE WHEN status = 'pending' THEN 0 ELSE 1 END) AS BIGINT) AS not_pending
            FROM generations WHERE hold_open = 1 GROUP BY account_id
            """
        ).all()
        var result: [Int64: (total: Int64, notPending: Int)] = [:]
        for row in rows {
            result[try row.decode(column: "account_id", as: Int64.self)] = (
                try row.decode(column: "total", as: Int64.self), try row.decode(column: "not_pending", as: Int.self)
            )
        }
        return result
    }
}
