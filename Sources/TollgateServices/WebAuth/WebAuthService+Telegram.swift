import Foundation
import TollgateCore
import TollgateStore

extension WebAuthService {
    /// The outcome of a Telegram sign-in.
    public struct TelegramSignIn: Sendable {
        public var account: AccountRecord
        public var telegramID: Int64
        public var isNewUser: Bool
    }

    /// Signs in with a Telegram Login Widget payload checked against the bot token. A known Telegram
    /// user gets its account; with `linkTo`, an unknown one is linked to that signed-in account; else a
    /// new Starter account is created (its email is a placeholder, reported as null).
    public func telegram(_ payload: [String: JSONValue], linkTo: Principal?) async throws -> (
        session: WebSession, telegramID: Int64, isNewUser: Bool
    ) {
        let signIn = try await telegramAccount(payload, linkTo: linkTo)
        return (try await startSession(signIn.account), signIn.telegramID, signIn.isNewUser)
    }

    /// The account a Telegram Login Widget payload signs in to, as `telegram` describes; the web dashboard
    /// starts its cookie session with it.
    public func telegramAccount(_ payload: [String: JSONValue], linkTo: Principal?) async throws -> TelegramSignIn {
        guard let botToken = settings.telegramBotToken else {
            throw APIError(
                code: "not_configured", message: "Telegram sign-in is not configured on this server.", status: 503,
                side: .gateway)
        }
        var problems: [String: String] = [:]
        if payload["id"]?.intValue.map({ $0 > 0 }) != true { problems["id"] = "must be a positive integer" }
        if payload["auth_date"]?.intValue == nil { problems["auth_date"] = "must be a unix time" }
        if payload["hash"]?.stringValue == nil { problems["hash"] = "must be a string" }
        if payload["first_name"]?.stringValue == nil { problems["first_name"] = "must be a string" }
        guard problems.isEmpty else { throw APIError.validation(problems) }
        guard let fields = TelegramLogin.fields(of: payload),
            TelegramLogin.isValid(fields, botToken: botToken.revealed, nowSeconds: clock.nowMilliseconds() / 1000),
            let telegramID = fields["id"].flatMap(Int64.init)
        else { throw APIError.notAuthenticated("The Telegram sign-in data is invalid or expired.") }
        let profile = TelegramProfile(
            telegramID: telegramID, username: fields["username"], firstName: fields["first_name"],
            lastName: fields["last_name"],
            photoURL: fields["photo_url"])
        return try await account(for: profile, linkTo: linkTo?.accountID)
    }

    /// The account of a Telegram user whose identity is already proven (a checked Login Widget payload, or an
    /// update the bot received through its secret webhook): the account it is linked to; else, with `linkTo`,
    /// that account, linked now; else a new Starter account (its email a placeholder, reported as null).
    public func account(for profile: TelegramProfile, linkTo: Int64?) async throws -> TelegramSignIn {
        let telegramID = profile.telegramID
        let now = clock.nowMilliseconds()

        if let known = try await store.read({ db in try await store.credentials.telegram(id: telegramID, on: db) }) {
            if let linkTo, linkTo != known.accountID {
                throw APIError.conflict("This Telegram account is linked to another account.")
            }
            return try await signIn(known.accountID, profile: profile, isNew: false, now: now)
        }
        if let linkTo {
            let linked = try await store.transaction { db in
                try await store.credentials.linkTelegram(profile, accountID: linkTo, now: now, on: db)
            }
            guard linked else { throw APIError.conflict("This account is already linked to another Telegram account.") }
            return try await signIn(linkTo, profile: profile, isNew: false, now: now)
        }
        let name = [profile.firstName, profile.lastName].compactMap { $0 }.joined(separator: " ")
        do {
            let account = try await accounts.create(
                email: "tg-\(telegramID)\(UserProfile.telegramEmailDomain)",
                name: name.isEmpty ? nil : String(name.prefix(100)),
                planCode: plans.fallbackPlan
            ) { [store] account, db in
                guard try await store.credentials.linkTelegram(profile, accountID: account.id, now: now, on: db) else {
                    throw APIError.conflict("This Telegram account is already linked.")
                }
            }
            logger.info("account registered", metadata: ["account": "\(account.id)", "via": "telegram"])
            return TelegramSignIn(account: account, telegramID: telegramID, isNewUser: true)
        } catch let error as APIError where error.code == "conflict" {
            // Two first sign-ins at once: the other one created the account.
            guard
                let known = try await store.read({ db in try await store.credentials.telegram(id: telegramID, on: db) })
            else { throw error }
            return try await signIn(known.accountID, profile: profile, isNew: false, now: now)
        }
    }

    func signIn(_ accountID: Int64, profile: TelegramProfile, isNew: Bool, now: Int64) async throws -> TelegramSignIn {
        let account = try await store.transaction { db -> AccountRecord? in
            try await store.credentials.touchTelegram(profile, now: now, on: db)
            return try await store.accounts.find(id: accountID, on: db)
        }
        guard let account else { throw APIError.notAuthenticated("The account no longer exists.") }
        try Self.refuseBlocked(account)
        return TelegramSignIn(account: account, telegramID: profile.telegramID, isNewUser: isNew)
    }

    /// The account a dashboard "connect Telegram" token names, spending the token; nil when it is not live.
    public func consumeTelegramLink(_ token: String) async throws -> Int64? {
        let now = clock.nowMilliseconds()
        return try await store.transaction { db in
            try await store.authTokens.consume(hash: OpaqueToken.hash(token), purpose: .linkTelegram, now: now, on: db)
        }
    }

    static let telegramLinkLifetime: Int64 = 15 * 60_000

    /// A one-time token for the dashboard's "connect Telegram" link (`https://t.me/<bot>?start=<token>`): the bot's
    /// `/start <token>` links its chat to this account. Lives 15 minutes; 32 base64url characters, as `/start`
    /// parameters allow at most 64 of `A-Za-z0-9_-`.
    public func telegramLinkToken(accountID: Int64) async throws -> String {
        let token = String(OpaqueToken.generate().prefix(32))
        let now = clock.nowMilliseconds()
        try await store.transaction { db in
            try await store.authTokens.insert(
                hash: OpaqueToken.hash(token), accountID: accountID, purpose: .linkTelegram,
                expiresAt: now + Self.telegramLinkLifetime, now: now, on: db)
        }
        return token
    }
}
