import SQLKit

/// A user's request to support (a refund asked for from the bot), as the admin area lists it.
public struct SupportRequestRecord: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var paymentID: Int64?
    public var text: String
    public var createdAt: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        accountID = try row.decode(column: "account_id", as: Int64.self)
        paymentID = try row.decode(column: "payment_id", as: Int64?.self)
        text = try row.decode(column: "text", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
    }
}

/// Literal SQL over `support_requests`.
public struct SupportRequestStore: Sendable {
    public init() {}

    public func insert(accountID: Int64, paymentID: Int64?, text: String, now: Int64, on db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            """
            INSERT INTO support_requests (account_id, payment_id, text, created_at)
            VALUES (\(bind: accountID), \(bind: paymentID), \(bind: text), \(bind: now))
            """
        ).run()
    }

    public func recent(limit: Int, on db: any SQLDatabase) async throws -> [SupportRequestRecord] {
        try await db.raw(
            "SELECT id, account_id, payment_id, text, created_at FROM support_requests ORDER BY id DESC LIMIT \(bind: limit)"
        ).all().map(SupportRequestRecord.init(row:))
    }
}
