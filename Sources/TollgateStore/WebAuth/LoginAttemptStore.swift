import SQLKit

/// Literal SQL over `login_attempts`: per scope (`ip`, `account`) and subject, attempts in fixed windows.
public struct LoginAttemptStore: Sendable {
    public init() {}

    /// Counts one attempt if the window stays within `limit`; returns the new count, or nil when it is full.
    /// One conditional upsert, exact across instances.
    public func take(scope: String, subject: String, windowStart: Int64, limit: Int64, on db: any SQLDatabase)
        async throws -> Int64?
    {
        try await db.raw(
            """
            INSERT INTO login_attempts (scope, subject, window_start, attempts)
            VALUES (\(bind: scope), \(bind: subject), \(bind: windowStart), 1)
            ON CONFLICT (scope, subject, window_start) DO UPDATE SET attempts = login_attempts.attempts + 1
            WHERE login_attempts.attempts < \(bind: limit)
            RETURNING attempts
            """
        ).first()?.decode(column: "attempts", as: Int64.self)
    }

    /// Gives one attempt back (a successful login is not held against anyone).
    public func giveBack(scope: String, subject: String, windowStart: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE login_attempts SET attempts = attempts - 1
            WHERE scope = \(bind: scope) AND subject = \(bind: subject) AND window_start = \(bind: windowStart) AND attempts > 0
            """
        ).run()
    }

    /// Forgets a subject's attempts in every window.
    public func clear(scope: String, subject: String, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM login_attempts WHERE scope = \(bind: scope) AND subject = \(bind: subject)").run()
    }

    /// Deletes windows that started before `before`, and those of the daily scopes (`daily_…`) before `dailyBefore`.
    public func prune(before: Int64, dailyBefore: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            DELETE FROM login_attempts
            WHERE window_start < \(bind: dailyBefore) OR (window_start < \(bind: before) AND scope NOT LIKE 'daily\\_%' ESCAPE '\\')
            """
        ).run()
    }
}
