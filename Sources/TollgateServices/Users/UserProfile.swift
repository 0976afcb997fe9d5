import TollgateCore
import TollgateStore

/// Everything known about an account's owner, read in one go: what `/user/me`, a session's answer and a
/// dashboard page show.
public struct UserProfile: Sendable {
    public var account: AccountRecord
    public var profile: ProfileRecord?
    public var credential: CredentialRecord?
    public var telegram: TelegramIdentityRecord?
    /// The account's plan, if the plan book still has it.
    public var plan: Plan?

    /// The domain of the placeholder emails of Telegram-only accounts (the accounts table needs one).
    public static let telegramEmailDomain = "@telegram.invalid"

    /// `account`'s real email, or nil for a Telegram-only account.
    public static func email(_ account: AccountRecord) -> String? {
        account.email.hasSuffix(telegramEmailDomain) ? nil : account.email
    }

    /// The account's real email, or nil for a Telegram-only account.
    public var email: String? { Self.email(account) }

    /// The email's local part, the fallback name of an account without a username.
    public var emailName: String? { email.map { String($0.prefix { $0 != "@" }) } }

    /// The name shown for the account: the chosen username, else the Telegram one, else the email's local part.
    public var username: String {
        profile?.username ?? telegram?.username ?? emailName ?? "user\(account.id)"
    }

    public var emailVerified: Bool { credential?.emailVerifiedAt != nil }
}

/// One page of an account's history, newest first.
public struct HistoryPage: Sendable {
    public var items: [HistoryEntry]
    public var total: Int64
    public var page: Int
    public var limit: Int

    public var pages: Int64 { (total + Int64(limit) - 1) / Int64(limit) }
}

/// A generation in the history, with its model's display name.
public struct HistoryEntry: Sendable {
    public var generation: GenerationRecord
    public var modelName: String
}

/// Completed generations and their tokens by catalog category: over the account's life and the last 30 days.
public struct UsageStats: Sendable {
    public var lifetime: [String: UsageTotals]
    public var recent: [String: UsageTotals]

    /// The groups of the documented `breakdown` and the catalog categories in each.
    public static let breakdownGroups: [(String, [ModelCategory])] = [
        ("text", [.text]), ("image", [.image]), ("video", [.video]), ("audio", [.music, .tts, .stt]),
        ("tools", [.audioTool, .imageTool]),
    ]

    /// The sum of `totals` over `categories` (all of them when nil).
    public static func sum(_ totals: [String: UsageTotals], _ categories: [String]? = nil) -> UsageTotals {
        (categories ?? Array(totals.keys)).reduce(UsageTotals(count: 0, tokens: 0)) { total, category in
            let part = totals[category] ?? UsageTotals(count: 0, tokens: 0)
            return UsageTotals(count: total.count + part.count, tokens: total.tokens + part.tokens)
        }
    }
}
