import TollgateCore
import TollgateStore

/// Everything known about an account's owner, read in one go: what `/user/me`, a session's answer and a
/// dashboard page show.
public struct UserProfile: Sendable {
    public var account: AccountRecord
    public var profile: ProfileRecord?
    public var credential: CredentialRecord?
    public var telegram: TelegramIdentityRecord?
    public var google: GoogleIdentityRecord?
    public var phone: PhoneIdentityRecord?
    /// The account's plan, if the plan book still has it.
    public var plan: Plan?

    /// The domain of the placeholder emails of Telegram-only accounts (the accounts table needs one).
    public static let telegramEmailDomain = "@telegram.invalid"
    /// The domain of the placeholder emails of phone-only accounts.
    public static let phoneEmailDomain = "@phone.invalid"
    /// The domain of the placeholder emails of Google accounts whose address Google has not verified.
    public static let googleEmailDomain = "@google.invalid"

    /// Whether `email` is a placeholder (RFC 2606's `.invalid` names no real mailbox, so none is refused).
    public static func isPlaceholder(_ email: String) -> Bool { email.hasSuffix(".invalid") }

    /// `account`'s real email, or nil for an account without one (Telegram, phone).
    public static func email(_ account: AccountRecord) -> String? {
        isPlaceholder(account.email) ? nil : account.email
    }

    /// The account's real email, or nil for an account without one.
    public var email: String? { Self.email(account) }

    /// The email's local part, the fallback name of an account without a username.
    public var emailName: String? { email.map { String($0.prefix { $0 != "@" }) } }

    /// The name shown for the account: the chosen username, else the Telegram one, else the email's local part.
    public var username: String {
        profile?.username ?? telegram?.username ?? emailName ?? "user\(account.id)"
    }

    public var emailVerified: Bool { credential?.emailVerifiedAt != nil }

    /// Whether the account has a password to sign in with.
    public var hasPassword: Bool { credential?.hasPassword == true }
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
