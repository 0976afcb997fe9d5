import Foundation
import TollgateCore
import TollgateProviders
import TollgateStore

extension WebAuthService {
    static let registerPurpose = "register"

    /// Whether phone sign-up is offered (an SMS gateway is configured).
    public var phoneSignUpConfigured: Bool { sms != nil }

    /// What `sendPhoneCode` answers: how long the code lives and when another may be asked for.
    public struct SentCode: Sendable, Equatable {
        public var expiresIn: Int
        public var resendIn: Int
    }

    /// Sends a six-digit registration code to a phone number (SPEC §2) through the SMS gateway. One code per
    /// number lives `sms.code_seconds`; another is sent no sooner than `sms.resend_seconds` (429 before), and a
    /// number, or a client address, gets at most `sms.per_day` codes a day. A registered number answers 409, as
    /// sign-up does for a taken email.
    public func sendPhoneCode(phone: String, clientAddress: String) async throws -> SentCode {
        guard let sms else { throw Self.phoneNotConfigured }
        guard let phone = PhoneNumber.normalized(phone) else { throw Self.badPhone }
        let code = String(format: "%06d", Int.random(in: 0...999_999))
        let now = clock.nowMilliseconds()
        let day = now - now % Self.day
        try await store.transaction { db in
            if try await store.credentials.phone(phone, on: db) != nil {
                throw APIError.conflict(
                    "This phone number is already registered; sign in with it.", details: ["field": "phone"])
            }
            if let sent = try await store.smsCodes.sentAt(
                phone: phone, purpose: Self.registerPurpose, now: now, on: db),
                now - sent < Int64(settings.smsResendSeconds) * 1000
            {
                throw Self.tooManyCodes(retryAfter: (sent + Int64(settings.smsResendSeconds) * 1000 - now + 999) / 1000)
            }
            guard
                try await store.loginAttempts.take(
                    scope: "daily_sms_phone", subject: OpaqueToken.hash(phone), windowStart: day,
                    limit: Int64(settings.smsPerDay), on: db) != nil,
                try await store.loginAttempts.take(
                    scope: "daily_sms_address", subject: clientAddress, windowStart: day,
                    limit: Int64(settings.smsPerDay), on: db) != nil
            else { throw Self.tooManyCodes(retryAfter: (day + Self.day - now + 999) / 1000) }
            try await store.smsCodes.put(
                phone: phone, purpose: Self.registerPurpose, codeHash: Self.codeHash(code, phone: phone), now: now,
                expiresAt: now + Int64(settings.smsCodeSeconds) * 1000, on: db)
        }
        do {
            try await sms.send(
                to: phone,
                text: "Tollgate code: \(code). It expires in \(settings.smsCodeSeconds / 60) min. Do not share it.")
        } catch {
            logger.error(
                "SMS code not sent",
                metadata: ["to": .string(PhoneNumber.masked(phone)), "error_type": "\(type(of: error))"])
            // The code never arrived: let the caller ask again at once.
            try? await store.transaction { db in
                try await store.smsCodes.put(
                    phone: phone, purpose: Self.registerPurpose, codeHash: "", now: 0, expiresAt: 0, on: db)
            }
            if let failure = error as? ProviderFailure, failure.kind == .rejected {
                throw APIError.validation(["phone": "is a number the SMS gateway cannot send to"])
            }
            throw APIError(
                code: "sign_in_provider_error", message: "The SMS could not be sent; try again.", status: 502,
                side: .provider)
        }
        return SentCode(expiresIn: settings.smsCodeSeconds, resendIn: settings.smsResendSeconds)
    }

    /// Creates a Starter account for a phone number proved by its code, with a password for `loginPhone`
    /// (and an optional username), and signs it in. A wrong code counts against the code's attempts.
    public func registerPhone(phone: String, code: String, password: String, username: String?) async throws
        -> WebSession
    {
        try await startSession(
            try await registerPhoneAccount(phone: phone, code: code, password: password, username: username))
    }

    /// The account `registerPhone` creates; the web dashboard starts its cookie session with it.
    public func registerPhoneAccount(phone: String, code: String, password: String, username: String?) async throws
        -> AccountRecord
    {
        guard sms != nil else { throw Self.phoneNotConfigured }
        var problems: [String: String] = [:]
        let normalized = PhoneNumber.normalized(phone)
        if normalized == nil { problems["phone"] = Self.phoneProblem }
        if code.count != 6 || !code.allSatisfy({ $0.isASCII && $0.isNumber }) { problems["code"] = "must be 6 digits" }
        if let problem = PasswordHasher.problem(with: password) { problems["password"] = problem }
        let chosen = username.map(ProfileFields.username)
        if case .failure(let problem)? = chosen { problems["username"] = problem.reason }
        guard let phone = normalized, problems.isEmpty else { throw APIError.validation(problems) }
        let now = clock.nowMilliseconds()
        let check = try await store.transaction { db in
            try await store.smsCodes.check(
                phone: phone, purpose: Self.registerPurpose, codeHash: Self.codeHash(code, phone: phone),
                maxAttempts: settings.smsCodeAttempts, now: now, on: db)
        }
        switch check {
        case .matched: break
        case .wrong(let remaining) where remaining > 0:
            throw APIError.validation(["code": "is wrong; \(remaining) tries left"])
        case .wrong, .none:
            throw APIError.validation(["code": "has expired or was tried too often; ask for a new code"])
        }
        let hash = try await hasher.hash(password)
        let chosenName = try? chosen?.get()
        let account = try await accounts.create(
            email: "p-\(phone.dropFirst())\(UserProfile.phoneEmailDomain)", planCode: plans.fallbackPlan
        ) { [store] account, db in
            guard try await store.credentials.linkPhone(phone, accountID: account.id, now: now, on: db) else {
                throw APIError.conflict("This phone number is already registered.", details: ["field": "phone"])
            }
            try await store.credentials.setPassword(accountID: account.id, hash: hash, now: now, on: db)
            if let chosenName {
                do {
                    try await store.profiles.apply(
                        ProfileChange(username: .some(chosenName)), accountID: account.id, now: now, on: db)
                } catch StoreError.duplicate {
                    throw APIError.conflict("This username is taken.", details: ["field": "username"])
                }
            }
        }
        logger.info("account registered", metadata: ["account": "\(account.id)", "via": "phone"])
        return account
    }

    /// Signs in with a phone number and password, under the attempt limits of `login`.
    public func loginPhone(phone: String, password: String, clientAddress: String) async throws -> WebSession {
        try await startSession(
            try await checkPhoneCredentials(phone: phone, password: password, clientAddress: clientAddress))
    }

    /// The account a phone number and password sign in to; the web dashboard starts its cookie session with it.
    public func checkPhoneCredentials(phone: String, password: String, clientAddress: String) async throws
        -> AccountRecord
    {
        let normalized = PhoneNumber.normalized(phone) ?? phone
        return try await checkPassword(
            password, of: normalized, clientAddress: clientAddress, wrong: "Invalid phone number or password."
        ) { [store] db in
            guard let identity = try await store.credentials.phone(normalized, on: db) else { return nil }
            return try await store.accounts.find(id: identity.accountID, on: db)
        }
    }

    /// The stored form of a code: bound to its number, so a table of hashes tells nothing by itself.
    static func codeHash(_ code: String, phone: String) -> String { OpaqueToken.hash(phone + ":" + code) }

    static let phoneProblem = "must be a phone number in international format, e.g. +79991234567"
    static let badPhone = APIError.validation(["phone": phoneProblem])

    static let phoneNotConfigured = APIError(
        code: "not_configured", message: "Phone sign-up is not configured on this server.", status: 503,
        side: .gateway)

    static func tooManyCodes(retryAfter: Int64) -> APIError {
        APIError(
            code: "rate_limit_exceeded", message: "Too many codes asked for; retry in \(max(1, retryAfter)) s.",
            status: 429, side: .caller, extra: ["retry_after": .int(max(1, retryAfter))])
    }
}
