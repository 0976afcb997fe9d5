import Foundation
import TollgateCore
import TollgateStore

/// A browser signed in to the dashboard: its account (read with the session, so a block or a plan change
/// shows on the next page) and the CSRF token its forms carry.
public struct WebSignedIn: Sendable {
    public var account: AccountRecord
    public var csrf: String
}

/// Cookie sessions of the web dashboard (SPEC §14). The cookie holds a random id; the database holds only its
/// hash, the account and a CSRF token, so signing out, a password change or a block ends a session at once on
/// every instance. A session lasts `refresh_token_days` from its last use (extended at most once per half-life),
/// and every sign-in makes a new id.
public struct WebSessions: Sendable {
    let store: Store
    let clock: any WallClock
    let lifetime: Int64

    public init(store: Store, clock: any WallClock, lifetimeDays: Int) {
        self.store = store
        self.clock = clock
        lifetime = Int64(lifetimeDays) * 86_400_000
    }

    public var lifetimeSeconds: Int { Int(lifetime / 1000) }

    /// A new session for `account`: the cookie value to set (a fresh id) and the session.
    public func start(_ account: AccountRecord) async throws -> (cookie: String, session: WebSignedIn) {
        try WebAuthService.refuseBlocked(account)
        let cookie = OpaqueToken.generate()
        let csrf = OpaqueToken.generate()
        let now = clock.nowMilliseconds()
        try await store.statement { db in
            try await store.webSessions.insert(
                idHash: OpaqueToken.hash(cookie), accountID: account.id, csrf: csrf, expiresAt: now + lifetime,
                now: now, on: db)
        }
        return (cookie, WebSignedIn(account: account, csrf: csrf))
    }

    /// The live session a cookie names, or nil (unknown, expired, or its account blocked).
    public func resolve(cookie: String) async throws -> WebSignedIn? {
        guard cookie.utf8.count == 43 else { return nil }
        let idHash = OpaqueToken.hash(cookie)
        let now = clock.nowMilliseconds()
        guard
            let (session, account) = try await store.read({ db in
                try await store.webSessions.find(idHash: idHash, now: now, on: db)
            }), account.blockedAt == nil
        else { return nil }
        if session.expiresAt - now < lifetime / 2 {
            try await store.statement { db in
                try await store.webSessions.extend(idHash: idHash, to: now + lifetime, on: db)
            }
        }
        return WebSignedIn(account: account, csrf: session.csrf)
    }

    /// Ends the session a cookie names (signing out); an unknown cookie is ignored.
    public func end(cookie: String) async throws {
        let idHash = OpaqueToken.hash(cookie)
        try await store.statement { db in try await store.webSessions.delete(idHash: idHash, on: db) }
    }

    /// Deletes sessions that have ended; run by the sweeper.
    public func prune() async throws {
        let now = clock.nowMilliseconds()
        try await store.statement { db in try await store.webSessions.prune(before: now, on: db) }
    }

    /// A random token for a form shown before sign-in (kept in its own cookie and compared on submit).
    public static func newFormToken() -> String { OpaqueToken.generate() }
}
