import SQLKit

/// Which generations a history page shows; nil filters are not applied.
public struct HistoryFilter: Sendable, Equatable {
    public var accountID: Int64
    /// Any of these categories, when set.
    public var categories: [String]?
    public var modelSlug: String?
    public var status: String?
    public var favoritesOnly: Bool

    public init(
        accountID: Int64, categories: [String]? = nil, modelSlug: String? = nil, status: String? = nil,
        favoritesOnly: Bool = false
    ) {
        self.accountID = accountID
        self.categories = categories
        self.modelSlug = modelSlug
        self.status = status
        self.favoritesOnly = favoritesOnly
    }
}

/// Completed generations and tokens spent in one category (or in all).
public struct UsageTotals: Sendable, Equatable {
    public var count: Int64
    public var tokens: Int64

    public init(count: Int64, tokens: Int64) {
        self.count = count
        self.tokens = tokens
    }
}

/// Literal SQL over `generations` as the account's history: pages, favorites, ratings, soft deletion and
/// usage totals. Deleted generations never show in a page; they still count in usage (they were spent).
public struct HistoryStore: Sendable {
    public init() {}

    /// One page of the account's live generations, newest first, and how many match in all — counted up to
    /// `countLimit` when one is given (a count reads every matching row; a page of 100,000 generations must not).
    public func page(
        _ filter: HistoryFilter, limit: Int, offset: Int, countLimit: Int? = nil, on db: any SQLDatabase
    ) async throws -> (items: [GenerationRecord], total: Int64) {
        let total: Int64
        if let countLimit {
            let sample = matching(filter, on: db).column(SQLLiteral.numeric("1"), as: "one").limit(countLimit)
            total =
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SQLAlias(SQLGroupExpression(sample.select), as: SQLIdentifier("capped")))
                .first()?.decode(column: "n", as: Int64.self) ?? 0
        } else {
            total =
                try await matching(filter, on: db)
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .first()?.decode(column: "n", as: Int64.self) ?? 0
        }
        let items = try await matching(filter, on: db)
            .column(SQLRaw(GenerationRecord.columnList))
            .orderBy("id", .descending)
            .limit(limit).offset(offset)
            .all().map(GenerationRecord.init(row:))
        return (items, total)
    }

    /// A select over the account's live generations with the filter's conditions, all bound.
    func matching(_ filter: HistoryFilter, on db: any SQLDatabase) -> SQLSelectBuilder {
        var select = db.select().from("generations")
            .where("account_id", .equal, filter.accountID)
            .where(SQLColumn("deleted_at"), .is, SQLLiteral.null)
        if let categories = filter.categories { select = select.where("category", .in, categories) }
        if let slug = filter.modelSlug { select = select.where("model_slug", .equal, slug) }
        if let status = filter.status { select = select.where("status", .equal, status) }
        if filter.favoritesOnly { select = select.where("is_favorite", .equal, 1) }
        return select
    }

    /// Flips the favourite mark of a live generation of this account; the new mark, or nil if none.
    public func toggleFavorite(id: Int64, accountID: Int64, on db: any SQLDatabase) async throws -> Bool? {
        let row = try await db.raw(
            """
            UPDATE generations SET is_favorite = 1 - is_favorite
            WHERE id = \(bind: id) AND account_id = \(bind: accountID) AND deleted_at IS NULL
            RETURNING is_favorite
            """
        ).first()
        return try row.map { try $0.decode(column: "is_favorite", as: Int.self) != 0 }
    }

    /// Sets the rating of a live generation of this account; false if there is none.
    public func rate(id: Int64, accountID: Int64, rating: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            UPDATE generations SET rating = \(bind: rating)
            WHERE id = \(bind: id) AND account_id = \(bind: accountID) AND deleted_at IS NULL
            RETURNING id
            """
        ).first() != nil
    }

    /// Hides a live generation of this account from its history; false if there is none.
    public func softDelete(id: Int64, accountID: Int64, at time: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            UPDATE generations SET deleted_at = \(bind: time)
            WHERE id = \(bind: id) AND account_id = \(bind: accountID) AND deleted_at IS NULL
            RETURNING id
            """
        ).first() != nil
    }

    /// Completed generations and tokens spent per category since `since` (all time when nil).
    public func completedTotals(accountID: Int64, since: Int64?, on db: any SQLDatabase) async throws -> [String:
        UsageTotals]
    {
        let rows = try await db.raw(
            """
            SELECT category, CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM(tokens_spent), 0) AS BIGINT) AS tokens
            FROM generations
            WHERE account_id = \(bind: accountID) AND status = 'completed' AND created_at >= \(bind: since ?? Int64.min)
            GROUP BY category
            """
        ).all()
        var totals: [String: UsageTotals] = [:]
        for row in rows {
            totals[try row.decode(column: "category", as: String.self)] = UsageTotals(
                count: try row.decode(column: "n", as: Int64.self),
                tokens: try row.decode(column: "tokens", as: Int64.self))
        }
        return totals
    }

    /// Tokens spent per day (UTC, as the day's number since 1970) by the account's generations from id `firstID` on,
    /// read through the (account, id) index.
    public func spentPerDay(accountID: Int64, fromID firstID: Int64, on db: any SQLDatabase) async throws -> [Int64:
        Int64]
    {
        let rows = try await db.raw(
            """
            SELECT CAST(created_at / 86400000 AS BIGINT) AS day, CAST(SUM(tokens_spent) AS BIGINT) AS tokens
            FROM generations
            WHERE account_id = \(bind: accountID) AND id >= \(bind: firstID)
            GROUP BY CAST(created_at / 86400000 AS BIGINT)
            """
        ).all()
        var days: [Int64: Int64] = [:]
        for row in rows {
            days[try row.decode(column: "day", as: Int64.self)] = try row.decode(column: "tokens", as: Int64.self)
        }
        return days
    }

    /// The id of the account's first generation created at or after `since`, or nil when there is none. Ids grow
    /// with creation time, so this bisects the (account, id) index — a few point reads, whatever the account's
    /// size — rather than keeping an index by time that every write of a generation would pay for.
    public func firstID(accountID: Int64, since: Int64, on db: any SQLDatabase) async throws -> Int64? {
        guard
            let bounds = try await db.raw(
                "SELECT MIN(id) AS lo, MAX(id) AS hi FROM generations WHERE account_id = \(bind: accountID)"
            ).first(),
            var low = try bounds.decode(column: "lo", as: Int64?.self),
            var high = try bounds.decode(column: "hi", as: Int64?.self)
        else { return nil }
        /// The account's first generation at or after id `from`: its id and creation time.
        func next(_ from: Int64) async throws -> (id: Int64, createdAt: Int64)? {
            guard
                let row = try await db.raw(
                    """
                    SELECT id, created_at FROM generations WHERE account_id = \(bind: accountID) AND id >= \(bind: from)
                    ORDER BY id LIMIT 1
                    """
                ).first()
            else { return nil }
            return (try row.decode(column: "id", as: Int64.self), try row.decode(column: "created_at", as: Int64.self))
        }
        guard let last = try await next(high), last.createdAt >= since else { return nil }
        while low < high {
            let middle = low + (high - low) / 2
            if let found = try await next(middle), found.createdAt >= since { high = middle } else { low = middle + 1 }
        }
        return try await next(low)?.id
    }
}
