import SQLKit

/// Literal SQL over `server_secrets`: values every instance must share (e.g. the JWT key when none is configured).
public struct ServerSecretStore: Sendable {
    public init() {}

    /// The stored value of `name`, inserting `candidate` first if there is none. Whichever instance
    /// inserts first wins; every instance then reads the same value.
    public func value(_ name: String, orInsert candidate: String, now: Int64, on db: any SQLDatabase) async throws
        -> String
    {
        try await db.raw(
            """
            INSERT INTO server_secrets (name, value, created_at) VALUES (\(bind: name), \(bind: candidate), \(bind: now))
            ON CONFLICT (name) DO NOTHING
            """
        ).run()
        guard let row = try await db.raw("SELECT value FROM server_secrets WHERE name = \(bind: name)").first() else {
            throw StoreError.notFound
        }
        return try row.decode(column: "value", as: String.self)
    }
}
