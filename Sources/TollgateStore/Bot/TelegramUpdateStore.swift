import SQLKit

/// Literal SQL over `telegram_updates`: an update is inserted once (a redelivery or a second instance finds it
/// there), leased while a worker processes it, and marked done; an update whose lease ran out without being done
/// (the process died) is due again.
public struct TelegramUpdateStore: Sendable {
    public init() {}

    /// Keeps a new update leased to the caller until `lockedUntil`; false when it was received before.
    public func claim(updateID: Int64, body: String, now: Int64, lockedUntil: Int64, on db: any SQLDatabase)
        async throws -> Bool
    {
        try await db.raw(
            """
            INSERT INTO telegram_updates (update_id, body, received_at, locked_until, attempts)
            VALUES (\(bind: updateID), \(bind: body), \(bind: now), \(bind: lockedUntil), 1)
            ON CONFLICT (update_id) DO NOTHING RETURNING update_id
            """
        ).first() != nil
    }

    /// Leases up to `limit` updates that are not done and whose lease ran out; returns their ids and bodies.
    public func takeDue(now: Int64, lockedUntil: Int64, limit: Int, on db: any SQLDatabase) async throws -> [(
        Int64, String
    )] {
        try await db.raw(
            """
            UPDATE telegram_updates SET locked_until = \(bind: lockedUntil), attempts = attempts + 1
            WHERE update_id IN (
                SELECT update_id FROM telegram_updates
                WHERE done_at IS NULL AND locked_until < \(bind: now) ORDER BY update_id LIMIT \(bind: limit))
            AND done_at IS NULL AND locked_until < \(bind: now)
            RETURNING update_id, body, attempts
            """
        ).all().compactMap { row in
            // An update that failed five times is given up (logged by the caller), never retried forever.
            try row.decode(column: "attempts", as: Int.self) > 5
                ? nil
                : (try row.decode(column: "update_id", as: Int64.self), try row.decode(column: "body", as: String.self))
        }
    }

    public func finish(updateID: Int64, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE telegram_updates SET done_at = \(bind: now) WHERE update_id = \(bind: updateID)").run()
    }

    /// Deletes updates done before `before`.
    public func prune(before: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM telegram_updates WHERE done_at < \(bind: before)").run()
    }
}
