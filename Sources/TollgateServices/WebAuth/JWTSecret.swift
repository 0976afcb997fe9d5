import TollgateCore
import TollgateStore

/// The key access tokens are signed with: `jwt_secret` from the environment, or else one generated at
/// the first start and kept in the database, so that every instance signs and accepts the same tokens.
enum JWTSecret {
    static let storedName = "jwt_secret"

    static func resolve(_ configuration: Configuration, store: Store, clock: any WallClock) async throws -> String {
        if let configured = configuration.webAuth.jwtSecret { return configured.revealed }
        let candidate = OpaqueToken.generate() + OpaqueToken.generate()
        let now = clock.nowMilliseconds()
        return try await store.transaction { db in
            try await store.serverSecrets.value(storedName, orInsert: candidate, now: now, on: db)
        }
    }
}
