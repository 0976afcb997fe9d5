import SQLKit

/// Literal SQL over `rate_windows`.
public struct RateWindowStore: Sendable {
    public init() {}

    /// Counts one generation in each of `windows` if it stays within that window's limit, in one statement;
    /// returns the new count of every window that had room, by kind. A kind missing from the answer is a
    /// full window: the caller then rolls its transaction back, undoing the other counts.
    public func increment(
        accountID: Int64, windows: [WindowCount], on db: any SQLDatabase
    ) async throws -> [String: Int64] {
        guard !windows.isEmpty else { return [:] }
        var query: SQLQueryString = "INSERT INTO rate_windows (account_id, kind, window_start, used) VALUES "
        for (index, window) in windows.enumerated() {
            if index > 0 { query += ", " }
            query += "(\(bind: accountID), \(bind: window.kind), \(bind: window.windowStart), 1)"
        }
        query +=
            " ON CONFLICT (account_id, kind, window_start) DO UPDATE SET used = rate_windows.used + 1 WHERE rate_windows.used < CASE rate_windows.kind"
        for window in windows {
            query += " WHEN \(bind: window.kind) THEN \(bind: window.limit)"
        }
        query += " END RETURNING kind, used"
        var counts: [String: Int64] = [:]
        for row in try await db.raw(query).all() {
            counts[try row.decode(column: "kind", as: String.self)] = try row.decode(column: "used", as: Int64.self)
        }
        return counts
    }

    /// The counts of the given hour and day windows (0 where there is no row).
    public func usage(accountID: Int64, hourStart: Int64, dayStart: Int64, on db: any SQLDatabase) async throws -> (
        hour: Int64, day: Int64
    ) {
        let rows = try await db.raw(
            """
            SELECT kind, used FROM rate_windows WHERE account_id = \(bind: accountID)
            AND ((kind = 'h' AND window_start = \(bind: hourStart)) OR (kind = 'd' AND window_start = \(bind: dayStart)))
            """
        ).all()
        var hour: Int64 = 0, day: Int64 = 0
        for row in rows {
            let used = try row.decode(column: "used", as: Int64.self)
            if try row.decode(column: "kind", as: String.self) == "h" { hour = used } else { day = used }
        }
        return (hour, day)
    }

    /// Deletes windows that ended before `before`.
    public func prune(before: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM rate_windows WHERE window_start < \(bind: before)").run()
    }
}
