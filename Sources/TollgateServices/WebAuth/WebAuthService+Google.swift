import Foundation
import TollgateCore
import TollgateStore

extension WebAuthService {
    /// What the client proved with Google: an ID token it obtained itself, or an authorization code with the
    /// redirect URI it was issued for.
    public enum GoogleProof: Sendable {
        case idToken(String)
        case code(String, redirectURI: String)
    }

    /// Signs in with Google (SPEC §2). A known Google account gets its account. Else an account whose email
    /// Google has verified is linked to it (its email marked verified; a password set on it while the address
    /// was never verified is dropped and its sessions end, since whoever typed the address may not own it); else
    /// a new Starter account is made, with Google's email when verified. Answers the session and whether the
    /// account is new.
    public func google(_ proof: GoogleProof) async throws -> (session: WebSession, isNewUser: Bool) {
        let (account, isNew) = try await googleAccount(proof)
        return (try await startSession(account), isNew)
    }

    /// The account a Google proof signs in to, as `google` describes; the web dashboard starts its cookie
    /// session with it.
    public func googleAccount(_ proof: GoogleProof) async throws -> (AccountRecord, isNew: Bool) {
        guard let google else {
            throw APIError(
                code: "not_configured", message: "Google sign-in is not configured on this server.", status: 503,
                side: .gateway)
        }
        let identity: GoogleIdentity
        switch proof {
        case .idToken(let token): identity = try await google.identity(idToken: token)
        case .code(let code, let redirectURI):
            identity = try await google.identity(code: code, redirectURI: redirectURI)
        }
        let (account, isNew) = try await account(for: identity)
        try Self.refuseBlocked(account)
        return (account, isNew)
    }

    /// The web client id the dashboard's Google button uses, when Google sign-in is configured.
    public var googleClientID: String? { google?.settings.clientIDs.first }

    func account(for identity: GoogleIdentity) async throws -> (AccountRecord, isNew: Bool) {
        let profile = GoogleProfile(
            subject: identity.subject, email: identity.email, name: identity.name.map { String($0.prefix(100)) },
            pictureURL: identity.picture.flatMap { $0.hasPrefix("https://") && $0.utf8.count <= 2048 ? $0 : nil })
        let now = clock.nowMilliseconds()
        if let known = try await signInGoogle(profile, now: now) { return (known, false) }
        let verifiedEmail =
            identity.emailVerified ? identity.email.flatMap { try? AccountService.normalizedEmail($0) } : nil

        if let email = verifiedEmail, !UserProfile.isPlaceholder(email) {
            let linked = try await store.transaction { db -> (AccountRecord, droppedPassword: Bool)? in
                guard let account = try await store.accounts.find(email: email, on: db) else { return nil }
                let dropped = try await store.credentials.dropUnverifiedPassword(accountID: account.id, on: db)
                if dropped {
                    try await store.refreshTokens.revoke(accountID: account.id, at: now, on: db)
                    try await store.webSessions.delete(accountID: account.id, on: db)
                }
                guard try await store.credentials.linkGoogle(profile, accountID: account.id, now: now, on: db) else {
                    throw APIError.conflict("This account is linked to another Google account.")
                }
                try await store.credentials.markVerifiedWithoutPassword(accountID: account.id, at: now, on: db)
                return (account, dropped)
            }
            if let (account, dropped) = linked {
                if dropped { authenticator?.invalidate(accountID: account.id) }
                logger.info("google identity linked", metadata: ["account": "\(account.id)"])
                return (account, false)
            }
        }
        let placeholder = "g-\(OpaqueToken.hash(identity.subject).prefix(24))\(UserProfile.googleEmailDomain)"
        do {
            let account = try await accounts.create(
                email: verifiedEmail ?? placeholder, name: profile.name, planCode: plans.fallbackPlan
            ) { [store] account, db in
                guard try await store.credentials.linkGoogle(profile, accountID: account.id, now: now, on: db) else {
                    throw APIError.conflict("This Google account is already linked.")
                }
                if verifiedEmail != nil {
                    try await store.credentials.markVerifiedWithoutPassword(accountID: account.id, at: now, on: db)
                }
            }
            logger.info("account registered", metadata: ["account": "\(account.id)", "via": "google"])
            return (account, true)
        } catch let error as APIError where error.code == "conflict" {
            // Two first sign-ins at once: the other one created the account.
            guard let known = try await signInGoogle(profile, now: now) else { throw error }
            return (known, false)
        }
    }

    /// The account a known Google identity signs in to (what Google says about the user refreshed), or nil.
    func signInGoogle(_ profile: GoogleProfile, now: Int64) async throws -> AccountRecord? {
        try await store.transaction { db -> AccountRecord? in
            guard let known = try await store.credentials.google(subject: profile.subject, on: db) else { return nil }
            try await store.credentials.touchGoogle(profile, now: now, on: db)
            guard let account = try await store.accounts.find(id: known.accountID, on: db) else {
                throw APIError.notAuthenticated("The account no longer exists.")
            }
            return account
        }
    }
}
