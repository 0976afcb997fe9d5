import SQLKit

/// One row of `accounts`, exactly as stored. Times are unix milliseconds.
public struct AccountRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var email: String
    public var name: String?
    public var plan: String
    public var cycleStartedAt: Int64?
    public var planExpiresAt: Int64?
    public var subscriptionTokens: Int64
    public var packageTokens: Int64
    public var heldTokens: Int64
    public var createdAt: Int64
    /// `user` or `admin` (SPEC §14).
    public var role: String
    /// When an operator blocked the account: its keys and sessions no longer work.
    public var blockedAt: Int64?

    public var isAdmin: Bool { role == "admin" }
    /// Tokens that can be held right now: both buckets (holds are already taken out of them).
    public var availableTokens: Int64 { subscriptionTokens + packageTokens }

    static let columns: [String] = [
        "id", "email", "name", "plan", "cycle_started_at", "plan_expires_at",
        "subscription_tokens", "package_tokens", "held_tokens", "created_at", "role", "blocked_at",
    ]
    static let columnList = columns.joined(separator: ", ")

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        email = try row.decode(column: "email", as: String.self)
        name = try row.decode(column: "name", as: String?.self)
        plan = try row.decode(column: "plan", as: String.self)
        cycleStartedAt = try row.decode(column: "cycle_started_at", as: Int64?.self)
        planExpiresAt = try row.decode(column: "plan_expires_at", as: Int64?.self)
        subscriptionTokens = try row.decode(column: "subscription_tokens", as: Int64.self)
        packageTokens = try row.decode(column: "package_tokens", as: Int64.self)
        heldTokens = try row.decode(column: "held_tokens", as: Int64.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        role = try row.decode(column: "role", as: String.self)
        blockedAt = try row.decode(column: "blocked_at", as: Int64?.self)
    }
}
