import Foundation
import TollgateCore
import TollgateStore

/// A key as listed: never the secret.
public struct KeySummary: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var prefix: String
    public var createdAt: String
    public var lastUsedAt: String?

    init(_ record: ApiKeyRecord) {
        id = record.id
        name = record.name
        prefix = record.keyPrefix
        createdAt = record.createdAt.iso8601
        lastUsedAt = record.lastUsedAt?.iso8601
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, prefix, createdAt, lastUsedAt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(prefix, forKey: .prefix)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)  // null until first use
    }
}

/// A freshly created key: the only time the secret is shown.
public struct CreatedKey: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var key: String
    public var prefix: String
    public var createdAt: String
}

/// Decides key names, makes secrets, and keeps the authentication cache honest on revocation.
public struct KeyService: Sendable {
    let store: Store
    let authenticator: Authenticator
    let clock: any WallClock
    /// Most live keys one account may hold.
    static let maxKeysPerAccount = 100

    public init(store: Store, authenticator: Authenticator, clock: any WallClock) {
        self.store = store
        self.authenticator = authenticator
        self.clock = clock
    }

    static func validName(_ name: String?) throws -> String {
        let name = (name ?? "default").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else {
            throw APIError.validation(["name": "must be 1 to 100 characters"])
        }
        return name
    }

    /// Creates a key for an account and returns its secret once.
    public func create(accountID: Int64, name: String?) async throws -> CreatedKey {
        let name = try Self.validName(name)
        let secret = ApiKeySecret.generate()
        let now = clock.nowMilliseconds()
        let record = try await store.transaction { db in
            let live = try await store.keys.list(accountID: accountID, on: db)
            guard live.count < Self.maxKeysPerAccount else {
                throw APIError.conflict("An account may hold at most \(Self.maxKeysPerAccount) keys; revoke one first.")
            }
            return try await store.keys.insert(
                accountID: accountID, name: name, keyHash: ApiKeySecret.hash(Substring(secret)),
                keyPrefix: ApiKeySecret.displayPrefix(secret), createdAt: now, on: db)
        }
        return CreatedKey(
            id: record.id, name: record.name, key: secret, prefix: record.keyPrefix, createdAt: record.createdAt.iso8601
        )
    }

    /// The account's live keys.
    public func list(accountID: Int64) async throws -> [KeySummary] {
        try await store.read { db in try await store.keys.list(accountID: accountID, on: db) }.map(KeySummary.init)
    }

    /// Renames a key of the account; 404 if it has none with this id.
    public func rename(accountID: Int64, keyID: Int64, name: String?) async throws -> KeySummary {
        let name = try Self.validName(name)
        guard
            let record = try await store.transaction({ db in
                try await store.keys.rename(id: keyID, accountID: accountID, name: name, on: db)
            })
        else { throw APIError.notFound("No such API key.") }
        return KeySummary(record)
    }

    /// Revokes a key of the account at once; 404 if it has none with this id.
    public func revoke(accountID: Int64, keyID: Int64) async throws {
        let now = clock.nowMilliseconds()
        guard
            let hash = try await store.transaction({ db in
                try await store.keys.revoke(id: keyID, accountID: accountID, at: now, on: db)
            })
        else { throw APIError.notFound("No such API key.") }
        authenticator.invalidate(keyHash: hash)
    }
}
