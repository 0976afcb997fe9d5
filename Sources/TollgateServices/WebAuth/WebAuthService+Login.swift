import Foundation
import SQLKit
import TollgateCore
import TollgateStore

extension WebAuthService {
    var loginWindow: Int64 { Int64(settings.loginWindowSeconds) * 1000 }

    func loginWindowStart(_ now: Int64) -> Int64 { now - now % loginWindow }

    /// Signs in with email and password. Each attempt is counted first, in fixed windows stored in the
    /// database (so the limits hold across instances): per client address, per email *from that address*,
    /// and per email from everywhere at ten times the per-email limit. So guessing from one place locks out
    /// that place only — the owner elsewhere still signs in — while a guesser spread over many addresses is
    /// still bounded. A full window answers 429; a correct password gives the attempts back. Unknown emails, accounts without
    /// a password and wrong passwords all answer the same 401 after the same bcrypt work.
    /// Unverified emails may sign in (the account works at once); the answer says `email_verified`.
    public func login(email: String, password: String, clientAddress: String) async throws -> WebSession {
        try await startSession(
            try await checkCredentials(email: email, password: password, clientAddress: clientAddress))
    }

    /// The account an email and password sign in to, under the attempt limits `login` describes; the web
    /// dashboard starts its cookie session with it. A blocked account answers 403 after a correct password.
    public func checkCredentials(email: String, password: String, clientAddress: String) async throws
        -> AccountRecord
    {
        let email = (try? AccountService.normalizedEmail(email)) ?? email.lowercased()
        return try await checkPassword(
            password, of: email, clientAddress: clientAddress, wrong: "Invalid email or password."
        ) { [store] db in
            try await store.accounts.find(email: email, on: db)
        }
    }

    /// The account `find` names when `password` is its password, counting the attempt against the client's
    /// address, the sign-in name (`subject`: an email or a phone number) from that address, and the name from
    /// everywhere, as `login` describes.
    func checkPassword(
        _ password: String, of subject: String, clientAddress: String, wrong: String,
        find: @escaping @Sendable (any SQLDatabase) async throws -> AccountRecord?
    ) async throws -> AccountRecord {
        let nameSubject = OpaqueToken.hash(subject)
        let pairSubject = OpaqueToken.hash(subject + "\n" + clientAddress)
        let now = clock.nowMilliseconds()
        let windowStart = loginWindowStart(now)
        let retryAfter = max(1, (windowStart + loginWindow - now + 999) / 1000)
        try await store.transaction { db in
            guard
                try await store.loginAttempts.take(
                    scope: "address", subject: clientAddress, windowStart: windowStart,
                    limit: Int64(settings.loginAttemptsPerAddress), on: db) != nil,
                try await store.loginAttempts.take(
                    scope: "account_address", subject: pairSubject, windowStart: windowStart,
                    limit: Int64(settings.loginAttemptsPerAccount), on: db) != nil,
                try await store.loginAttempts.take(
                    scope: "account", subject: nameSubject, windowStart: windowStart,
                    limit: Int64(settings.loginAttemptsPerAccount) * 10, on: db) != nil
            else { throw Self.tooManyAttempts(retryAfter: retryAfter) }
        }
        let found = try await store.read { db -> (AccountRecord, CredentialRecord?)? in
            guard let account = try await find(db) else { return nil }
            return (account, try await store.credentials.find(accountID: account.id, on: db))
        }
        let matches = try await hasher.verify(password, hash: found?.1?.passwordHash)
        guard matches, let account = found?.0 else { throw APIError.notAuthenticated(wrong) }
        try await store.transaction { db in
            try await store.loginAttempts.giveBack(
                scope: "address", subject: clientAddress, windowStart: windowStart, on: db)
            try await store.loginAttempts.giveBack(
                scope: "account", subject: nameSubject, windowStart: windowStart, on: db)
            try await store.loginAttempts.clear(scope: "account_address", subject: pairSubject, on: db)
        }
        try Self.refuseBlocked(account)
        return account
    }

    /// Changes the password of a signed-in account after checking its current one; every other session
    /// (refresh tokens and browser sessions) ends.
    public func changePassword(accountID: Int64, current: String, new: String) async throws {
        if let problem = PasswordHasher.problem(with: new) { throw APIError.validation(["new_password": problem]) }
        let credential = try await store.read { db in try await store.credentials.find(accountID: accountID, on: db) }
        guard try await hasher.verify(current, hash: credential?.passwordHash) else {
            throw APIError.validation(["current_password": "is not the current password"])
        }
        let hash = try await hasher.hash(new)
        let now = clock.nowMilliseconds()
        try await store.transaction { db in
            try await store.credentials.setPassword(accountID: accountID, hash: hash, now: now, on: db)
            try await store.refreshTokens.revoke(accountID: accountID, at: now, on: db)
            try await store.webSessions.delete(accountID: accountID, on: db)
        }
        authenticator?.invalidate(accountID: accountID)
    }

    /// 403 `account_blocked` for an account an operator blocked.
    static func refuseBlocked(_ account: AccountRecord) throws {
        if account.blockedAt != nil { throw APIError.accountBlocked() }
    }

    static func tooManyAttempts(retryAfter: Int64) -> APIError {
        APIError(
            code: "rate_limit_exceeded", message: "Too many sign-in attempts; retry in \(retryAfter) s.", status: 429,
            side: .caller, extra: ["retry_after": .int(retryAfter)])
    }

    /// Whether the account's email was verified.
    func emailVerified(accountID: Int64) async throws -> Bool {
        try await store.read { db in
            try await store.credentials.find(accountID: accountID, on: db)?.emailVerifiedAt != nil
        }
    }
}
