import SQLKit

/// A webhook delivery waiting to be made (or made).
public struct WebhookDelivery: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var generationID: Int64
    public var url: String
    public var attempts: Int
    public var createdAt: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        accountID = try row.decode(column: "account_id", as: Int64.self)
        generationID = try row.decode(column: "generation_id", as: Int64.self)
        url = try row.decode(column: "url", as: String.self)
        attempts = try row.decode(column: "attempts", as: Int.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
    }
}

/// Literal SQL over `webhook_deliveries`.
public struct WebhookStore: Sendable {
    public init() {}

    /// Queues the delivery of a generation's final status (at most one per generation).
    public func enqueue(accountID: Int64, generationID: Int64, url: String, now: Int64, on db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            """
            INSERT INTO webhook_deliveries (account_id, generation_id, url, next_attempt_at, created_at)
            VALUES (\(bind: accountID), \(bind: generationID), \(bind: url), \(bind: now), \(bind: now))
            ON CONFLICT (generation_id) DO NOTHING
            """
        ).run()
    }

    /// Whether a delivery is due: a read, so an idle dispatcher's look costs no write.
    public func hasDue(now: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            SELECT 1 AS due FROM webhook_deliveries WHERE \(Self.due(now: now)) LIMIT 1
            """
        ).first() != nil
    }

    /// An undelivered delivery whose next attempt is due and whose lease (if any) has ended.
    static func due(now: Int64) -> SQLQueryString {
        "delivered_at IS NULL AND next_attempt_at <= \(bind: now) AND (locked_until IS NULL OR locked_until < \(bind: now))"
    }

    /// Leases due deliveries so no two instances send the same one at once.
    public func claimDue(now: Int64, leaseUntil: Int64, limit: Int, on db: any SQLDatabase) async throws
        -> [WebhookDelivery]
    {
        let lock: SQLQueryString = db.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        return try await db.raw(
            """
            UPDATE webhook_deliveries SET locked_until = \(bind: leaseUntil)
            WHERE id IN (
                SELECT id FROM webhook_deliveries WHERE \(Self.due(now: now))
                ORDER BY next_attempt_at LIMIT \(bind: limit)\(lock)
            )
            RETURNING id, account_id, generation_id, url, attempts, created_at
            """
        ).all().map(WebhookDelivery.init(row:))
    }

    /// Records a successful delivery.
    public func delivered(id: Int64, status: Int, at time: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE webhook_deliveries SET delivered_at = \(bind: time), last_status = \(bind: status),
                attempts = attempts + 1, locked_until = NULL WHERE id = \(bind: id)
            """
        ).run()
    }

    /// Records a failed attempt and when to try again (nil gives up).
    public func failed(id: Int64, status: Int?, nextAttemptAt: Int64?, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = \(bind: status), locked_until = NULL,
                next_attempt_at = \(bind: nextAttemptAt ?? Int64.max)
            WHERE id = \(bind: id)
            """
        ).run()
    }
}
