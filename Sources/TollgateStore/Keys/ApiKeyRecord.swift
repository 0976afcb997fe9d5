import SQLKit

/// One row of `api_keys`. The secret itself is never stored, only its hash.
public struct ApiKeyRecord: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var name: String
    public var keyHash: String
    public var keyPrefix: String
    public var createdAt: Int64
    public var lastUsedAt: Int64?
    public var revokedAt: Int64?

    static let columnList = "id, account_id, name, key_hash, key_prefix, created_at, last_used_at, revoked_at"

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        accountID = try row.decode(column: "account_id", as: Int64.self)
        name = try row.decode(column: "name", as: String.self)
        keyHash = try row.decode(column: "key_hash", as: String.self)
        keyPrefix = try row.decode(column: "key_prefix", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        lastUsedAt = try row.decode(column: "last_used_at", as: Int64?.self)
        revokedAt = try row.decode(column: "revoked_at", as: Int64?.self)
    }
}
