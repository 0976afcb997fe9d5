import Foundation
import Logging
import SQLKit
import TollgateCore
import TollgateStore

/// A signed-in web session: a short access token and the refresh token that renews it.
public struct WebSession: Sendable {
    public var accessToken: String
    public var refreshToken: String
    public var expiresIn: Int64
    public var account: AccountRecord
}

/// Decides web sign-in (SPEC §2, §5): sign-up with email and password, email verification, password
/// reset, login with attempt limits, rotating refresh tokens and Telegram Login Widget sign-in.
/// Tokens are random and stored hashed; passwords are bcrypt; answers never tell whether an email
/// has an account, except sign-up's documented 409.
public struct WebAuthService: Sendable {
    let store: Store
    let plans: PlanBook
    let accounts: AccountService
    let tokens: AccessTokens
    let hasher: PasswordHasher
    let mailer: any Mailer
    public let settings: WebAuthSettings
    /// The base of links in emails.
    let address: ExternalAddress
    let clock: any WallClock
    let logger: Logger
    /// Told when sessions end, so their access tokens stop here at once (elsewhere within its cache TTL).
    let authenticator: Authenticator?
    /// Google sign-in, when configured.
    let google: GoogleSignIn?
    /// The SMS gateway of phone registration, when configured.
    let sms: (any SMSSender)?

    static let verificationLifetime: Int64 = 48 * 3_600_000
    static let resetLifetime: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
    /// Reset emails one address may trigger per login window (quietly dropped beyond).
    static let resetMailsPerWindow: Int64 = 5

    static let invalidToken = APIError(
        code: "invalid_token", message: "The link is invalid, expired or already used.", status: 400, side: .caller)

    /// Builds the service, preparing the password hasher's dummy hash.
    static func make(
        store: Store, plans: PlanBook, accounts: AccountService, tokens: AccessTokens, mailer: any Mailer,
        settings: WebAuthSettings, address: ExternalAddress, clock: any WallClock, logger: Logger,
        authenticator: Authenticator? = nil, google: GoogleSignIn? = nil, sms: (any SMSSender)? = nil
    ) async throws -> WebAuthService {
        WebAuthService(
            store: store, plans: plans, accounts: accounts, tokens: tokens,
            hasher: try await PasswordHasher.make(cost: settings.bcryptCost), mailer: mailer, settings: settings,
            address: address, clock: clock, logger: logger, authenticator: authenticator, google: google, sms: sms
        )
    }

    // MARK: Sign-up and email

    /// Creates a Starter account with a password (its sign-up grant included) and emails a verification
    /// link. The account works at once; `email_verified` tells whether the link was followed.
    public func register(email: String, password: String, username: String?) async throws -> AccountRecord {
        var problems: [String: String] = [:]
        let normalized = try? AccountService.normalizedEmail(email)
        if normalized == nil || UserProfile.isPlaceholder(normalized!) {
            problems["email"] = "must be an email address"
        }
        if let problem = PasswordHasher.problem(with: password) { problems["password"] = problem }
        let chosen = username.map(ProfileFields.username)
        if case .failure(let problem)? = chosen { problems["username"] = problem.reason }
        let chosenName = try? chosen?.get()
        guard let email = normalized, problems.isEmpty else { throw APIError.validation(problems) }
        let hash = try await hasher.hash(password)
        let token = OpaqueToken.generate()
        let now = clock.nowMilliseconds()
        let account = try await accounts.create(email: email, planCode: plans.fallbackPlan) { [store] account, db in
            try await store.credentials.setPassword(accountID: account.id, hash: hash, now: now, on: db)
            if let chosenName {
                do {
                    try await store.profiles.apply(
                        ProfileChange(username: .some(chosenName)), accountID: account.id, now: now, on: db)
                } catch StoreError.duplicate {
                    throw APIError.conflict("This username is taken.", details: ["field": "username"])
                }
            }
            try await store.authTokens.insert(
                hash: OpaqueToken.hash(token), accountID: account.id, purpose: .verifyEmail,
                expiresAt: now + Self.verificationLifetime, now: now, on: db)
        }
        logger.info("account registered", metadata: ["account": "\(account.id)"])
        deliver(verificationMessage(to: email, token: token))
        return account
    }

    func verificationMessage(to email: String, token: String) -> MailMessage {
        MailMessage(
            to: email, subject: "Confirm your email",
            text:
                "Welcome to Tollgate.\n\nConfirm your email address by opening this link within 48 hours:\n\n\(link("verify-email", token))\n",
            link: link("verify-email", token))
    }

    /// Emails a new verification link if an account uses the email and has not verified it (earlier links stay
    /// good until they expire). Answers at once and the same way in every case, as `forgotPassword` does; at most
    /// five such mails an address per login window.
    public func resendVerification(email: String) throws {
        let email = try AccountService.normalizedEmail(email)
        Task { [self] in
            do {
                let token = OpaqueToken.generate()
                let now = clock.nowMilliseconds()
                let windowStart = loginWindowStart(now)
                let due = try await store.transaction { db -> Bool in
                    guard let account = try await store.accounts.find(email: email, on: db),
                        let credential = try await store.credentials.find(accountID: account.id, on: db),
                        credential.emailVerifiedAt == nil,
                        try await store.loginAttempts.take(
                            scope: "verify_mail", subject: OpaqueToken.hash(email), windowStart: windowStart,
                            limit: Self.resetMailsPerWindow, on: db) != nil
                    else { return false }
                    try await store.authTokens.insert(
                        hash: OpaqueToken.hash(token), accountID: account.id, purpose: .verifyEmail,
                        expiresAt: now + Self.verificationLifetime, now: now, on: db)
                    return true
                }
                if due { try await mailer.send(verificationMessage(to: email, token: token)) }
            } catch {
                logger.error("verification mail failed", metadata: ["error_type": "\(type(of: error))"])
            }
        }
    }

    /// Marks the email of the token's account verified; 400 `invalid_token` if the token is not live.
    public func verifyEmail(token: String) async throws {
        let now = clock.nowMilliseconds()
        let verified = try await store.transaction { db -> Bool in
            guard
                let accountID = try await store.authTokens.consume(
                    hash: OpaqueToken.hash(token), purpose: .verifyEmail, now: now, on: db)
            else { return false }
            return try await store.credentials.markVerified(accountID: accountID, at: now, on: db)
        }
        guard verified else { throw Self.invalidToken }
    }

    /// Emails a reset link if an account uses the email (one made by an operator, without a password yet,
    /// sets its first password this way). Returns at once and the same way in every case: the lookup and
    /// the mail happen afterwards, so neither the answer nor its timing tells.
    public func forgotPassword(email: String) throws {
        let email = try AccountService.normalizedEmail(email)
        Task { [self] in
            do {
                try await sendResetLink(email: email)
            } catch {
                logger.error("password reset mail failed", metadata: ["error_type": "\(type(of: error))"])
            }
        }
    }

    func sendResetLink(email: String) async throws {
        let token = OpaqueToken.generate()
        let now = clock.nowMilliseconds()
        let windowStart = loginWindowStart(now)
        let sent = try await store.transaction { db -> Bool in
            guard let account = try await store.accounts.find(email: email, on: db), UserProfile.email(account) != nil,
                try await store.loginAttempts.take(
                    scope: "reset", subject: OpaqueToken.hash(email), windowStart: windowStart,
                    limit: Self.resetMailsPerWindow, on: db) != nil
            else { return false }
            try await store.authTokens.insert(
                hash: OpaqueToken.hash(token), accountID: account.id, purpose: .resetPassword,
                expiresAt: now + Self.resetLifetime, now: now, on: db)
            return true
        }
        guard sent else { return }
        try await mailer.send(
            MailMessage(
                to: email, subject: "Reset your password",
                text:
                    "Someone asked to reset the password of your Tollgate account.\n\nTo choose a new one, open this link within an hour:\n\n\(link("reset-password", token))\n\nIf it was not you, ignore this message.\n",
                link: link("reset-password", token)))
    }

    /// Sets a new password with a reset token. Spends every reset link of the account, signs out every
    /// session (refresh tokens) and marks the email verified (the link proved it).
    public func resetPassword(token: String, newPassword: String) async throws {
        if let problem = PasswordHasher.problem(with: newPassword) {
            throw APIError.validation(["new_password": problem])
        }
        let tokenHash = OpaqueToken.hash(token)
        let now = clock.nowMilliseconds()
        // A cheap look first, so junk tokens never cost a bcrypt hash.
        guard
            try await store.read({ db in
                try await store.authTokens.isLive(hash: tokenHash, purpose: .resetPassword, now: now, on: db)
            })
        else {
            throw Self.invalidToken
        }
        let hash = try await hasher.hash(newPassword)
        let reset = try await store.transaction { db -> Int64? in
            guard
                let accountID = try await store.authTokens.consume(
                    hash: tokenHash, purpose: .resetPassword, now: now, on: db)
            else { return nil }
            try await store.credentials.setPassword(accountID: accountID, hash: hash, now: now, on: db)
            _ = try await store.credentials.markVerified(accountID: accountID, at: now, on: db)
            try await store.authTokens.consumeAll(accountID: accountID, purpose: .resetPassword, now: now, on: db)
            try await store.refreshTokens.revoke(accountID: accountID, at: now, on: db)
            try await store.webSessions.delete(accountID: accountID, on: db)
            return accountID
        }
        guard let reset else { throw Self.invalidToken }
        authenticator?.invalidate(accountID: reset)
    }

    func link(_ page: String, _ token: String) -> String {
        "\(address.url)/\(page)?token=\(token)"
    }

    /// Sends a message in the background; a failure is logged, never shown to the caller.
    func deliver(_ message: MailMessage) {
        Task { [mailer, logger] in
            do {
                try await mailer.send(message)
            } catch {
                logger.error("mail failed", metadata: ["error": "\(error)"])
            }
        }
    }

    // MARK: Sessions

    /// A new session (a new refresh-token family) for `account`.
    func startSession(_ account: AccountRecord) async throws -> WebSession {
        let refresh = OpaqueToken.generate()
        let now = clock.nowMilliseconds()
        let family = OpaqueToken.generate()
        try await store.transaction { db in
            try await store.refreshTokens.insert(
                hash: OpaqueToken.hash(refresh), accountID: account.id, family: family,
                expiresAt: now + refreshLifetime, now: now, on: db)
        }
        return WebSession(
            accessToken: tokens.issue(accountID: account.id, session: family), refreshToken: refresh,
            expiresIn: tokens.lifetimeSeconds, account: account)
    }

    var refreshLifetime: Int64 { Int64(settings.refreshTokenDays) * 86_400_000 }

    enum RefreshOutcome: Sendable {
        case rotated(AccountRecord, family: String)
        case reused(accountID: Int64)
        case invalid
    }

    /// Spends a refresh token for a new pair in the same family. A token that was already spent
    /// revokes its whole family (someone replayed it) and, like any unknown or expired one, answers 401.
    public func refresh(token: String) async throws -> WebSession {
        let hash = OpaqueToken.hash(token)
        let next = OpaqueToken.generate()
        let now = clock.nowMilliseconds()
        let outcome = try await store.transaction { db -> RefreshOutcome in
            if let spent = try await store.refreshTokens.spend(hash: hash, now: now, on: db) {
                guard let account = try await store.accounts.find(id: spent.accountID, on: db) else { return .invalid }
                try await store.refreshTokens.insert(
                    hash: OpaqueToken.hash(next), accountID: account.id, family: spent.family,
                    expiresAt: now + refreshLifetime, now: now, on: db)
                return .rotated(account, family: spent.family)
            }
            if let known = try await store.refreshTokens.find(hash: hash, on: db), known.usedAt != nil {
                try await store.refreshTokens.revoke(family: known.family, at: now, on: db)
                return .reused(accountID: known.accountID)
            }
            return .invalid
        }
        switch outcome {
        case .rotated(let account, let family):
            return WebSession(
                accessToken: tokens.issue(accountID: account.id, session: family), refreshToken: next,
                expiresIn: tokens.lifetimeSeconds, account: account)
        case .reused(let accountID):
            authenticator?.invalidate(accountID: accountID)
            logger.warning("refresh token reused: session family revoked", metadata: ["account": "\(accountID)"])
            throw APIError.notAuthenticated("The refresh token was already used; sign in again.")
        case .invalid:
            throw APIError.notAuthenticated("The refresh token is invalid or expired.")
        }
    }

    /// Ends the session a refresh token belongs to (its whole family). Unknown tokens are ignored.
    public func logout(refreshToken: String) async throws {
        let now = clock.nowMilliseconds()
        let accountID = try await store.transaction { db -> Int64? in
            guard let known = try await store.refreshTokens.find(hash: OpaqueToken.hash(refreshToken), on: db)
            else { return nil }
            try await store.refreshTokens.revoke(family: known.family, at: now, on: db)
            return known.accountID
        }
        if let accountID { authenticator?.invalidate(accountID: accountID) }
    }

    /// Deletes expired tokens and ended attempt windows; run by the sweeper.
    public func prune() async throws {
        let now = clock.nowMilliseconds()
        try await store.transaction { db in
            try await store.authTokens.prune(before: now - 86_400_000, on: db)
            try await store.refreshTokens.prune(before: now, on: db)
            try await store.loginAttempts.prune(
                before: loginWindowStart(now) - loginWindow, dailyBefore: now - 2 * Self.day, on: db)
            try await store.smsCodes.prune(before: now, on: db)
        }
    }
}
