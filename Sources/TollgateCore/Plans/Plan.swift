/// Which models a plan reaches.
public enum ModelAccess: String, Sendable, Codable {
    /// Only Starter-tier models.
    case starter
    /// Every model.
    case all
}

/// A subscription plan (SPEC §8): allowance, price, limits, API access and file retention.
public struct Plan: Sendable, Codable, Equatable {
    /// The API code: free, basic, pro, vip, elite.
    public var code: String
    /// The display name.
    public var name: String
    /// Subscription tokens set at the start of every cycle (0 for Starter).
    public var monthlyTokens: Int64
    /// Tokens granted once, into the package bucket, when an account starts on this plan.
    public var signupTokens: Int64
    /// Price in roubles per cycle.
    public var priceRub: Int64
    /// Price in Telegram Stars per cycle.
    public var priceStars: Int64
    /// Generations per clock hour; 0 is unlimited.
    public var limitHour: Int64
    /// Generations per calendar day (UTC); 0 is unlimited.
    public var limitDay: Int64
    /// Whether API keys of this plan may call the API.
    public var apiAccess: Bool
    /// Days result files are kept; nil keeps them forever.
    public var retentionDays: Int?
    /// Which models the plan reaches.
    public var modelAccess: ModelAccess

    /// Whether the plan reaches models of `tier` (SPEC §9: Starter reaches Starter-tier models only).
    public func reaches(_ tier: ModelTier) -> Bool {
        tier == .starter || modelAccess != .starter
    }

    /// Whether this plan is paid by cycle (has a monthly allowance or a price).
    public var isPaid: Bool { priceRub > 0 || monthlyTokens > 0 }
}

/// A one-time token package; its tokens never expire.
public struct TokenPackage: Sendable, Codable, Equatable {
    public var code: String
    public var name: String
    public var tokens: Int64
    public var priceRub: Int64

    /// Stars price: ⌈RUB / 1.5⌉ (SPEC §8).
    public var priceStars: Int64 { (priceRub * 2 + 2) / 3 }
}
