import TollgateCore
import TollgateStore

/// The JSON shapes of the user endpoints (SPEC §5; reference facts §1.4).
enum UserView {
    /// The domain of the placeholder emails of Telegram-only accounts (the accounts table needs one).
    static let telegramEmailDomain = "@telegram.invalid"

    /// The account's real email, or nil for a Telegram-only account.
    static func email(_ account: AccountRecord) -> String? {
        account.email.hasSuffix(telegramEmailDomain) ? nil : account.email
    }

    /// The name shown for the account: the chosen username, else the Telegram one, else the email's local part.
    static func username(_ profile: UserService.Profile) -> String {
        profile.profile?.username ?? profile.telegram?.username
            ?? email(profile.account).map { String($0.prefix { $0 != "@" }) } ?? "user\(profile.account.id)"
    }

    /// `GET /user/me`.
    static func me(_ profile: UserService.Profile, plan: Plan?) -> JSONValue {
        let account = profile.account
        return [
            "id": .int(account.id),
            "name": .string(orNull: account.name),
            "email": .string(orNull: email(account)),
            "email_verified": .bool(profile.credential?.emailVerifiedAt != nil),
            "username": .string(username(profile)),
            "telegram_id": .int(orNull: profile.telegram?.telegramID),
            "telegram_username": .string(orNull: profile.telegram?.username),
            "avatar_url": .string(orNull: profile.profile?.avatarURL ?? profile.telegram?.photoURL),
            "plan": .string(account.plan),
            "plan_name": .string(orNull: plan?.name),
            "plan_expires_at": .string(orNull: account.planExpiresAt?.iso8601),
            "token_balance": .int(account.availableTokens),
            "token_limit": .int(plan?.monthlyTokens ?? 0),
            "rate_limit_hourly": .int(plan?.limitHour ?? 0),
            "rate_limit_daily": .int(plan?.limitDay ?? 0),
            "auth_methods": [
                "email": .bool(profile.credential != nil), "telegram": .bool(profile.telegram != nil), "google": false,
            ],
            "created_at": .string(account.createdAt.iso8601),
        ]
    }

    /// One item of `GET /user/history`.
    static func historyItem(_ generation: GenerationRecord, catalog: Catalog) -> JSONValue {
        [
            "id": .int(generation.id),
            "model_slug": .string(generation.modelSlug),
            "model_name": .string(catalog.model(generation.modelSlug)?.name ?? generation.modelSlug),
            "category": .string(generation.category),
            "prompt": .string(orNull: generation.prompt),
            "status": .string(generation.status.rawValue),
            "result_text": .string(orNull: generation.resultText),
            "result_url": .string(orNull: generation.resultURL),
            "thumbnail_url": .string(orNull: generation.thumbnailURL),
            "error": .string(orNull: generation.error),
            "tokens_spent": .int(generation.tokensSpent),
            "is_favorited": .bool(generation.isFavorite),
            "user_rating": generation.rating.map { .int(Int64($0)) } ?? .null,
            "created_at": .string(generation.createdAt.iso8601),
            "completed_at": .string(orNull: generation.completedAt?.iso8601),
        ]
    }

    /// The groups of the documented `breakdown` and the catalog categories in each.
    static let breakdownGroups: [(String, [ModelCategory])] = [
        ("text", [.text]), ("image", [.image]), ("video", [.video]), ("audio", [.music, .tts, .stt]),
        ("tools", [.audioTool, .imageTool]),
    ]

    /// `GET /user/stats`: the documented groups, plus `by_category` per catalog category [ext].
    static func stats(lifetime: [String: UsageTotals], recent: [String: UsageTotals]) -> JSONValue {
        func sum(_ totals: [String: UsageTotals], _ categories: [String]) -> UsageTotals {
            categories.reduce(UsageTotals(count: 0, tokens: 0)) { total, category in
                let part = totals[category] ?? UsageTotals(count: 0, tokens: 0)
                return UsageTotals(count: total.count + part.count, tokens: total.tokens + part.tokens)
            }
        }
        func json(_ totals: UsageTotals) -> JSONValue { ["count": .int(totals.count), "tokens": .int(totals.tokens)] }
        let all = sum(lifetime, Array(lifetime.keys))
        let last30 = sum(recent, Array(recent.keys))
        var breakdown: [String: JSONValue] = [:]
        for (group, categories) in breakdownGroups { breakdown[group] = json(sum(lifetime, categories.map(\.rawValue))) }
        return [
            "total_generations": .int(all.count),
            "tokens_spent_total": .int(all.tokens),
            "breakdown": .object(breakdown),
            "by_category": .object(lifetime.mapValues(json)),
            "recent_30d": ["generations": .int(last30.count), "tokens_spent": .int(last30.tokens)],
        ]
    }
}
