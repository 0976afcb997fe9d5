import SQLKit

/// What a ledger entry records (SPEC §9).
public enum LedgerKind: String, Sendable, Codable, CaseIterable {
    case grant, purchase, hold, capture, release
    case cycleReset = "cycle_reset"
    case refund
    case adjustment
}

/// One append-only movement of one bucket.
public struct LedgerEntry: Sendable, Equatable {
    public var id: Int64?
    public var accountID: Int64
    public var kind: LedgerKind
    public var bucket: TokenBucket
    public var amount: Int64
    public var reason: String
    public var generationID: Int64?
    public var paymentRef: String?
    public var createdAt: Int64

    public init(
        accountID: Int64, kind: LedgerKind, bucket: TokenBucket, amount: Int64, reason: String,
        generationID: Int64? = nil, paymentRef: String? = nil, createdAt: Int64
    ) {
        self.accountID = accountID
        self.kind = kind
        self.bucket = bucket
        self.amount = amount
        self.reason = reason
        self.generationID = generationID
        self.paymentRef = paymentRef
        self.createdAt = createdAt
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        accountID = try row.decode(column: "account_id", as: Int64.self)
        kind = LedgerKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .adjustment
        bucket = TokenBucket(rawValue: try row.decode(column: "bucket", as: String.self)) ?? .package
        amount = try row.decode(column: "amount", as: Int64.self)
        reason = try row.decode(column: "reason", as: String.self)
        generationID = try row.decode(column: "generation_id", as: Int64?.self)
        paymentRef = try row.decode(column: "payment_ref", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
    }
}
