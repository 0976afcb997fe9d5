import Foundation
import TollgateCore
import TollgateStore

/// Decides everything about the signed-in user's own data (SPEC §5): profile, settings, history and
/// usage statistics. Every read and change is scoped to the caller's account.
public struct UserService: Sendable {
    let store: Store
    let plans: PlanBook
    let catalog: Catalog
    let clock: any WallClock
    let pastSpending = PastSpending()

    public init(store: Store, plans: PlanBook, catalog: Catalog, clock: any WallClock) {
        self.store = store
        self.plans = plans
        self.catalog = catalog
        self.clock = clock
    }

    /// The account's owner as `/user/me` shows them.
    public func profile(accountID: Int64) async throws -> UserProfile {
        let found = try await store.read { db -> UserProfile? in
            guard let account = try await store.accounts.find(id: accountID, on: db) else { return nil }
            return UserProfile(
                account: account, profile: try await store.profiles.find(accountID: accountID, on: db),
                credential: try await store.credentials.find(accountID: accountID, on: db),
                telegram: try await store.credentials.telegram(accountID: accountID, on: db),
                google: try await store.credentials.google(accountID: accountID, on: db),
                phone: try await store.credentials.phone(accountID: accountID, on: db),
                plan: plans.plan(account.plan))
        }
        guard let found else { throw APIError.notFound("No such account.") }
        return found
    }

    /// `PATCH /user/me`: `name`, `username`, `avatar_url` (each may be null to clear, but `name`).
    public func updateMe(accountID: Int64, body: [String: JSONValue]) async throws -> UserProfile {
        var fields = FieldChecker(body, allowed: ["name", "username", "avatar_url"])
        let change = ProfileChange(
            name: fields.string("name", nullable: false, ProfileFields.name),
            username: fields.string("username", nullable: true, ProfileFields.username),
            avatarURL: fields.string("avatar_url", nullable: true, ProfileFields.avatarURL))
        try fields.check()
        try await apply(change, accountID: accountID)
        return try await profile(accountID: accountID)
    }

    /// `GET /user/settings`.
    public func settings(accountID: Int64) async throws -> UserSettings {
        let profile = try await store.read { db in try await store.profiles.find(accountID: accountID, on: db) }
        return UserSettings(profile)
    }

    /// A generation request's body read for this account (`NativeGenerateRequest.parse`), with the saved choices it
    /// leaves out: the `image_format` setting as `format`, read only when the body can use it.
    public func generationInput(_ body: JSONValue, catalog: Catalog, forceStream: Bool = false, accountID: Int64)
        async throws -> GenerationInput
    {
        let preferences: [String: JSONValue] =
            NativeGenerateRequest.takesPreferences(body, catalog: catalog)
            ? ["format": .string(try await settings(accountID: accountID).imageFormat)] : [:]
        return try NativeGenerateRequest.parse(
            body, catalog: catalog, forceStream: forceStream, preferences: preferences)
    }

    /// `PATCH /user/settings`: any of `language`, `image_format`, `notifications_enabled`, `default_image_size`.
    public func updateSettings(accountID: Int64, body: [String: JSONValue]) async throws -> UserSettings {
        var fields = FieldChecker(
            body, allowed: ["language", "image_format", "notifications_enabled", "default_image_size"])
        let change = ProfileChange(
            language: fields.choice("language", in: UserSettings.languages),
            imageFormat: fields.choice("image_format", in: UserSettings.imageFormats),
            notificationsEnabled: fields.bool("notifications_enabled"),
            defaultImageSize: fields.choice("default_image_size", in: UserSettings.imageSizes(catalog)))
        try fields.check()
        try await apply(change, accountID: accountID)
        return try await settings(accountID: accountID)
    }

    func apply(_ change: ProfileChange, accountID: Int64) async throws {
        let now = clock.nowMilliseconds()
        do {
            try await store.transaction { db in
                try await store.profiles.apply(change, accountID: accountID, now: now, on: db)
            }
        } catch StoreError.duplicate {
            throw APIError.conflict("This username is taken.", details: ["field": "username"])
        }
    }

    /// `GET /user/history`: one page of the account's generations, newest first.
    /// `countLimit`: count the matching generations only up to this many (the dashboard's pages; the API counts all).
    public func history(accountID: Int64, query: HistoryQuery, countLimit: Int? = nil) async throws -> HistoryPage {
        let (items, total) = try await store.read { db in
            try await store.history.page(
                query.filter(accountID: accountID), limit: query.limit, offset: (query.page - 1) * query.limit,
                countLimit: countLimit, on: db)
        }
        return HistoryPage(
            items: items.map {
                HistoryEntry(generation: $0, modelName: catalog.model($0.modelSlug)?.name ?? $0.modelSlug)
            },
            total: total, page: query.page, limit: query.limit)
    }

    /// Flips the favourite mark of one of the account's generations; the new mark.
    public func toggleFavorite(accountID: Int64, generationID: Int64) async throws -> Bool {
        guard
            let favorite = try await store.transaction({ db in
                try await store.history.toggleFavorite(id: generationID, accountID: accountID, on: db)
            })
        else { throw APIError.notFound("No such generation.") }
        return favorite
    }

    /// Rates one of the account's generations 1 to 5.
    public func rate(accountID: Int64, generationID: Int64, rating: JSONValue?) async throws -> Int {
        guard let rating = rating?.intValue, (1...5).contains(rating) else {
            throw APIError.validation(["rating": "must be an integer from 1 to 5"])
        }
        guard
            try await store.transaction({ db in
                try await store.history.rate(id: generationID, accountID: accountID, rating: Int(rating), on: db)
            })
        else { throw APIError.notFound("No such generation.") }
        return Int(rating)
    }

    /// Hides one of the account's generations from its history (and from `GET /generate/{id}`).
    public func delete(accountID: Int64, generationID: Int64) async throws {
        let now = clock.nowMilliseconds()
        guard
            try await store.transaction({ db in
                try await store.history.softDelete(id: generationID, accountID: accountID, at: now, on: db)
            })
        else { throw APIError.notFound("No such generation.") }
    }

    /// `GET /user/stats`: completed generations and tokens, lifetime, per category group and for the last 30 days.
    public func stats(accountID: Int64) async throws -> UsageStats {
        let since = clock.nowMilliseconds() - 30 * 86_400_000
        let (lifetime, recent) = try await store.read { db in
            (
                try await store.history.completedTotals(accountID: accountID, since: nil, on: db),
                try await store.history.completedTotals(accountID: accountID, since: since, on: db)
            )
        }
        return UsageStats(lifetime: lifetime, recent: recent)
    }

    /// The account's webhook signing secret (made on first use), for checking `X-Tollgate-Signature`.
    public func webhookSecret(accountID: Int64) async throws -> String {
        let secret = try await store.transaction { db in
            try await store.accounts.webhookSecret(
                accountID: accountID, candidate: WebhookSignature.newSecret(), on: db)
        }
        guard let secret else { throw APIError.notFound("No such account.") }
        return secret
    }

    /// Tokens spent on each of the last `days` days (UTC), oldest first, today last. Past days are read once a
    /// day per account (`PastSpending`); today is read each time. Reads start at the first generation of the period
    /// (`HistoryStore.firstID`).
    public func spending(accountID: Int64, days: Int = 30) async throws -> [DaySpend] {
        let today = clock.nowMilliseconds() / 86_400_000
        let first = today - Int64(days) + 1
        let cached = pastSpending.days(accountID: accountID, today: today)
        let since = (cached == nil ? first : today) * 86_400_000
        var spent = try await store.read { db -> [Int64: Int64] in
            guard let firstID = try await store.history.firstID(accountID: accountID, since: since, on: db) else {
                return [:]
            }
            return try await store.history.spentPerDay(accountID: accountID, fromID: firstID, on: db)
        }
        if let cached {
            spent.merge(cached) { live, _ in live }
        } else {
            pastSpending.keep(spent.filter { $0.key < today }, accountID: accountID, today: today)
        }
        return (first...today).map { DaySpend(day: $0, tokens: spent[$0] ?? 0) }
    }
}

/// Tokens spent on one UTC day (`day` counts days since 1970).
public struct DaySpend: Sendable, Equatable {
    public var day: Int64
    public var tokens: Int64
}
