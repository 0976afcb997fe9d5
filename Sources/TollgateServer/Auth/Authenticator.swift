import Logging
import Synchronization
import TollgateCore
import TollgateStore

/// Resolves a bearer credential to a `Principal`: an API key, or else a JWT access token (SPEC §2). Keys
/// are looked up by hash through a small cache with a short TTL: revoking a key here drops it from the
/// cache at once; on another instance (or from the CLI) it stops working within the TTL. A token's
/// account is cached the same way, so a plan change shows within the TTL. Last use is recorded in
/// memory and flushed in batches.
public final class Authenticator: Sendable {
    private struct Entry {
        var principal: Principal
        var keyHash: String
        var expiresAt: ContinuousClock.Instant
    }

    private let store: Store
    private let clock: any WallClock
    private let ttl: Duration
    private let maxEntries: Int
    private let cache = Mutex<[String: Entry]>([:])
    private let usage = Mutex<[Int64: Int64]>([:])
    private let accessTokens: AccessTokens?

    public init(store: Store, clock: any WallClock, ttlSeconds: Double, maxEntries: Int = 50_000, accessTokens: AccessTokens? = nil) {
        self.store = store
        self.clock = clock
        self.accessTokens = accessTokens
        self.ttl = .milliseconds(Int64(ttlSeconds * 1000))
        self.maxEntries = maxEntries
    }

    /// The caller named by an `Authorization: Bearer …` or `X-API-Key` value; 401 if unknown or revoked.
    public func authenticate(credential: Substring) async throws -> Principal {
        if !ApiKeySecret.isWellFormed(credential), let accessTokens, AccessTokens.looksLikeToken(credential) {
            return try await principal(accountID: try accessTokens.verify(credential))
        }
        guard ApiKeySecret.isWellFormed(credential) else { throw APIError.notAuthenticated("Invalid API key.") }
        let hash = ApiKeySecret.hash(credential)
        let now = ContinuousClock.now
        if let entry = cache.withLock({ $0[hash] }), entry.expiresAt > now,
            ApiKeySecret.constantTimeEqual(entry.keyHash, hash)
        {
            recordUse(keyID: entry.principal.keyID)
            return entry.principal
        }
        let found = try await store.read { db -> (ApiKeyRecord, AccountRecord)? in
            guard let key = try await self.store.keys.findActive(hash: hash, on: db),
                let account = try await self.store.accounts.find(id: key.accountID, on: db)
            else { return nil }
            return (key, account)
        }
        guard let (key, account) = found, ApiKeySecret.constantTimeEqual(key.keyHash, hash) else {
            cache.withLock { _ = $0.removeValue(forKey: hash) }
            throw APIError.notAuthenticated("Invalid or revoked API key.")
        }
        let principal = Principal(accountID: account.id, keyID: key.id, plan: account.plan)
        cache.withLock { cache in
            if cache.count >= maxEntries { cache.removeAll(keepingCapacity: true) }
            cache[hash] = Entry(principal: principal, keyHash: hash, expiresAt: now.advanced(by: ttl))
        }
        recordUse(keyID: key.id)
        return principal
    }

    /// The principal of a verified access token: the account's id and current plan, no key.
    func principal(accountID: Int64) async throws -> Principal {
        let cacheKey = "account:\(accountID)"
        let now = ContinuousClock.now
        if let entry = cache.withLock({ $0[cacheKey] }), entry.expiresAt > now { return entry.principal }
        guard let account = try await store.read({ db in try await self.store.accounts.find(id: accountID, on: db) }) else {
            throw APIError.notAuthenticated("The account of this access token no longer exists.")
        }
        let principal = Principal(accountID: account.id, keyID: nil, plan: account.plan)
        cache.withLock { cache in
            if cache.count >= maxEntries { cache.removeAll(keepingCapacity: true) }
            cache[cacheKey] = Entry(principal: principal, keyHash: cacheKey, expiresAt: now.advanced(by: ttl))
        }
        return principal
    }

    /// Forgets a key at once (after revocation on this instance).
    public func invalidate(keyHash: String) {
        cache.withLock { _ = $0.removeValue(forKey: keyHash) }
    }

    /// Forgets every cached key of an account (after its plan changed).
    public func invalidate(accountID: Int64) {
        cache.withLock { cache in cache = cache.filter { $0.value.principal.accountID != accountID } }
    }

    private func recordUse(keyID: Int64?) {
        guard let keyID else { return }
        let now = clock.nowMilliseconds()
        usage.withLock { $0[keyID] = now }
    }

    /// Writes the batched last-use times; called periodically and at shutdown.
    public func flushUsage() async throws {
        let pending = usage.withLock { usage -> [Int64: Int64] in
            defer { usage.removeAll(keepingCapacity: true) }
            return usage
        }
        guard !pending.isEmpty else { return }
        try await store.transaction { db in try await self.store.keys.touch(pending, on: db) }
    }
}
