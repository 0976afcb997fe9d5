import TollgateCore
import TollgateServices
import TollgateStore

/// The JSON shapes of the user endpoints (SPEC §5; reference facts §1.4), rendered from the user service's values.
enum UserView {
    /// `GET /user/me`.
    static func me(_ user: UserProfile) -> JSONValue {
        let account = user.account
        return [
            "id": .int(account.id),
            "name": .string(orNull: account.name),
            "email": .string(orNull: user.email),
            "email_verified": .bool(user.emailVerified),
            "username": .string(user.username),
            "telegram_id": .int(orNull: user.telegram?.telegramID),
            "telegram_username": .string(orNull: user.telegram?.username),
            "phone": .string(orNull: user.phone?.phone),
            "avatar_url": .string(
                orNull: user.profile?.avatarURL ?? user.telegram?.photoURL ?? user.google?.pictureURL),
            "plan": .string(account.plan),
            "plan_name": .string(orNull: user.plan?.name),
            "plan_expires_at": .string(orNull: account.planExpiresAt?.iso8601),
            "token_balance": .int(account.availableTokens),
            "token_limit": .int(user.plan?.monthlyTokens ?? 0),
            "rate_limit_hourly": .int(user.plan?.limitHour ?? 0),
            "rate_limit_daily": .int(user.plan?.limitDay ?? 0),
            "auth_methods": [
                "email": .bool(user.hasPassword && user.email != nil), "telegram": .bool(user.telegram != nil),
                "google": .bool(user.google != nil), "phone": .bool(user.phone != nil),
            ],
            "created_at": .string(account.createdAt.iso8601),
        ]
    }

    /// The short view of the user in a session's answer (login, refresh, Telegram sign-in).
    static func session(_ user: UserProfile) -> JSONValue {
        [
            "id": .int(user.account.id),
            "email": .string(orNull: user.email),
            "email_verified": .bool(user.emailVerified),
            "name": .string(orNull: user.account.name),
            "username": .string(orNull: user.profile?.username ?? user.emailName),
            "plan": .string(user.account.plan),
            "token_balance": .int(user.account.availableTokens),
        ]
    }

    /// `GET /user/settings`.
    static func settings(_ settings: UserSettings) -> JSONValue {
        [
            "language": .string(settings.language), "image_format": .string(settings.imageFormat),
            "notifications_enabled": .bool(settings.notificationsEnabled),
            "default_image_size": .string(settings.defaultImageSize),
        ]
    }

    /// `GET /user/history`.
    static func history(_ page: HistoryPage, baseURL: String) -> JSONValue {
        [
            "items": .array(page.items.map { historyItem($0, baseURL: baseURL) }),
            "total": .int(page.total), "page": .int(Int64(page.page)), "limit": .int(Int64(page.limit)),
            "pages": .int(page.pages),
        ]
    }

    /// One item of `GET /user/history`; file URLs absolute, as in the generation object.
    static func historyItem(_ entry: HistoryEntry, baseURL: String) -> JSONValue {
        let generation = entry.generation
        return [
            "id": .int(generation.id),
            "model_slug": .string(generation.modelSlug),
            "model_name": .string(entry.modelName),
            "category": .string(generation.category),
            "prompt": .string(orNull: generation.prompt),
            "status": .string(generation.status.rawValue),
            "result_text": .string(orNull: generation.resultText),
            "result_url": GenerationView.absolute(generation.resultURL, baseURL: baseURL),
            "thumbnail_url": GenerationView.absolute(generation.thumbnailURL, baseURL: baseURL),
            "error": .string(orNull: generation.error),
            "tokens_spent": .int(generation.tokensSpent),
            "is_favorited": .bool(generation.isFavorite),
            "user_rating": generation.rating.map { .int(Int64($0)) } ?? .null,
            "created_at": .string(generation.createdAt.iso8601),
            "completed_at": .string(orNull: generation.completedAt?.iso8601),
        ]
    }

    /// `GET /user/stats`: the documented groups, plus `by_category` per catalog category [ext].
    static func stats(_ stats: UsageStats) -> JSONValue {
        func json(_ totals: UsageTotals) -> JSONValue { ["count": .int(totals.count), "tokens": .int(totals.tokens)] }
        let all = UsageStats.sum(stats.lifetime)
        let last30 = UsageStats.sum(stats.recent)
        var breakdown: [String: JSONValue] = [:]
        for (group, categories) in UsageStats.breakdownGroups {
            breakdown[group] = json(UsageStats.sum(stats.lifetime, categories.map(\.rawValue)))
        }
        return [
            "total_generations": .int(all.count),
            "tokens_spent_total": .int(all.tokens),
            "breakdown": .object(breakdown),
            "by_category": .object(stats.lifetime.mapValues(json)),
            "recent_30d": ["generations": .int(last30.count), "tokens_spent": .int(last30.tokens)],
        ]
    }
}
