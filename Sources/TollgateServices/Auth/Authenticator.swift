import Logging
import Synchronization
import TollgateCore
import TollgateStore

/// Resolves a bearer credential to a `Principal`: an API key, or else a JWT access token (SPEC §2). Keys
/// are looked up by hash through a small cache with a short TTL: revoking a key here drops it from the
/// cache at once; on another instance (or from the CLI) it stops working within the TTL. A token's
/// account is cached the same way, so a plan change shows within the TTL. Callers that miss together
/// (a burst of new requests, or the TTL running out under load) share one lookup. Last use is recorded in
/// memory and flushed in batches.
public final class Authenticator: Sendable {
    private struct Entry {
        var principal: Principal
        var expiresAt: ContinuousClock.Instant
    }

    /// A cache slot: a principal found, or the lookup of one under way.
    private enum Slot {
        case ready(Entry)
        case loading(Task<Principal, any Error>)
    }

    private let store: Store
    private let clock: any WallClock
    private let ttl: Duration
    private let maxEntries: Int
    private let cache = Mutex<[String: Slot]>([:])
    private let usage = Mutex<[Int64: Int64]>([:])
    private let accessTokens: AccessTokens?

    public init(
        store: Store, clock: any WallClock, ttlSeconds: Double, maxEntries: Int = 50_000,
        accessTokens: AccessTokens? = nil
    ) {
        self.store = store
        self.clock = clock
        self.accessTokens = accessTokens
        self.ttl = .milliseconds(Int64(ttlSeconds * 1000))
        self.maxEntries = maxEntries
    }

    /// The caller named by an `Authorization: Bearer …` or `X-API-Key` value; 401 if unknown or revoked.
    public func authenticate(credential: Substring) async throws -> Principal {
        if !ApiKeySecret.isWellFormed(credential), let accessTokens, AccessTokens.looksLikeToken(credential) {
            return try await principal(try accessTokens.verify(credential))
        }
        guard ApiKeySecret.isWellFormed(credential) else { throw APIError.notAuthenticated("Invalid API key.") }
        let hash = ApiKeySecret.hash(credential)
        let principal = try await cached(hash) { [store] in
            let found = try await store.read { db -> (ApiKeyRecord, AccountRecord)? in
                guard let key = try await store.keys.findActive(hash: hash, on: db),
                    let account = try await store.accounts.find(id: key.accountID, on: db)
                else { return nil }
                return (key, account)
            }
            guard let (key, account) = found, ApiKeySecret.constantTimeEqual(key.keyHash, hash) else {
                throw APIError.notAuthenticated("Invalid or revoked API key.")
            }
            if account.blockedAt != nil { throw APIError.accountBlocked() }
            return Principal(accountID: account.id, keyID: key.id, plan: account.plan)
        }
        recordUse(keyID: principal.keyID)
        return principal
    }

    /// The principal of a verified access token: the account's id and current plan, no key; 401 once its
    /// session has ended (signed out, revoked), here at once and on other instances within the TTL.
    func principal(_ bearer: AccessTokens.Bearer) async throws -> Principal {
        try await cached("session:\(bearer.session)") { [store] in
            let (account, live) = try await store.read { db in
                (
                    try await store.accounts.find(id: bearer.accountID, on: db),
                    try await store.refreshTokens.isLive(family: bearer.session, accountID: bearer.accountID, on: db)
                )
            }
            guard let account else {
                throw APIError.notAuthenticated("The account of this access token no longer exists.")
            }
            guard live else { throw APIError.notAuthenticated("The session of this access token has ended.") }
            if account.blockedAt != nil { throw APIError.accountBlocked() }
            return Principal(accountID: account.id, keyID: nil, plan: account.plan)
        }
    }

    /// The principal cached under `key`, or else the one `lookUp` finds (cached for the TTL; a failure is
    /// not cached). Callers that miss while a lookup is under way wait for that one.
    private func cached(_ key: String, lookUp: @escaping @Sendable () async throws -> Principal) async throws
        -> Principal
    {
        let now = ContinuousClock.now
        let lookup: Task<Principal, any Error>
        switch cache.withLock({ cache -> Slot in
            switch cache[key] {
            case .ready(let entry) where entry.expiresAt > now:
                return .ready(entry)
            case .loading(let lookup):
                return .loading(lookup)
            default:
                if cache.count >= maxEntries { cache.removeAll(keepingCapacity: true) }
                let lookup = Task { try await lookUp() }
                cache[key] = .loading(lookup)
                return .loading(lookup)
            }
        }) {
        case .ready(let entry): return entry.principal
        case .loading(let underWay): lookup = underWay
        }
        let result = await lookup.result
        cache.withLock { cache in
            // Only the lookup still in its slot is settled there: an invalidation meanwhile dropped it.
            guard case .loading(let current) = cache[key], current == lookup else { return }
            switch result {
            case .success(let principal):
                cache[key] = .ready(Entry(principal: principal, expiresAt: ContinuousClock.now.advanced(by: ttl)))
            case .failure:
                cache[key] = nil
            }
        }
        return try result.get()
    }

    /// Forgets a key at once (after revocation on this instance).
    public func invalidate(keyHash: String) {
        cache.withLock { _ = $0.removeValue(forKey: keyHash) }
    }

    /// Forgets every cached key of an account (after its plan changed), and any lookup under way.
    public func invalidate(accountID: Int64) {
        cache.withLock { cache in
            cache = cache.filter { _, slot in
                guard case .ready(let entry) = slot else { return false }
                return entry.principal.accountID != accountID
            }
        }
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
