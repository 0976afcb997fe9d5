import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Web sign-in over HTTP (SPEC §2, §5): sign-up, verification, login, JWT access tokens on the API,
/// password reset.
@Suite struct WebAuthTests {
    static let databases = TestDatabase.available

    @Test(arguments: databases)
    func registerVerifyAndSignIn(_ database: TestDatabase) async throws {
        let (app, outbox) = try await TestApp.withOutbox(database)
        try await app.test { client in
            let registered = try await client.post(
                "/api/v2/auth/register",
                #"{"email": " Ada@Example.com ", "password": "correct horse", "username": "Ada_L"}"#)
            #expect(registered.status == .created)
            let userID = try #require(registered.json["user_id"]?.intValue)

            // A Starter account with its sign-up grant, a bcrypt hash (never the password) and a mailed link.
            let account = try await app.services.accounts.find(id: userID)
            #expect(account.email == "ada@example.com" && account.plan == "free" && account.availableTokens == 50)
            let credential = try await app.services.store.read { db in
                try await app.services.store.credentials.find(accountID: userID, on: db)
            }
            #expect(credential?.passwordHash.hasPrefix("$2") == true)
            #expect(credential?.passwordHash.contains("correct horse") == false)
            let token = try #require(try await outbox.token(to: "ada@example.com", page: "verify-email"))
            #expect(
                outbox.messages.allSatisfy {
                    !$0.text.contains("correct horse") && $0.link.hasPrefix("https://tollgate.test/")
                })

            // Sign-in works before verification; the answer says so.
            let login = try await client.post(
                "/api/v2/auth/login", #"{"email": "ada@example.com", "password": "correct horse"}"#)
            #expect(login.status == .ok)
            #expect(login.json["token_type"] == "bearer" && login.json["expires_in"] == 900)
            #expect(login.json["user"]?["email_verified"] == false && login.json["user"]?["username"] == "ada_l")
            #expect(login.json["user"]?["token_balance"] == 50 && login.json["user"]?["plan"] == "free")
            let access = try #require(login.json["access_token"]?.stringValue)
            #expect(login.json["refresh_token"]?.stringValue?.isEmpty == false)

            // The access token is a Bearer credential on the API, also for a plan without API access.
            let me = try await client.call(.get, "/api/v2/user/me", bearer: access)
            #expect(me.status == .ok)
            #expect(me.json["email"] == "ada@example.com" && me.json["email_verified"] == false)
            #expect(me.json["auth_methods"] == ["email": true, "telegram": false, "google": false, "phone": false])
            #expect(try await client.call(.get, "/api/v2/balance", bearer: access).json["token_balance"] == 50)
            #expect(
                try await client.call(.post, "/api/v2/keys", bearer: access, json: #"{"name": "first"}"#).status
                    == .created)

            let verified = try await client.post("/api/v2/auth/verify-email", #"{"token": "\#(token)"}"#)
            #expect(verified.status == .ok)
            #expect(try await client.call(.get, "/api/v2/user/me", bearer: access).json["email_verified"] == true)
            let again = try await client.post("/api/v2/auth/verify-email", #"{"token": "\#(token)"}"#)
            #expect(again.status == .badRequest && again.json["error"] == "invalid_token")
        }
    }

    @Test(arguments: databases)
    func registrationIsValidated(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)
        try await app.test { client in
            #expect(
                try await client.post("/api/v2/auth/register", #"{"email": "bo@example.com", "password": "12345678"}"#)
                    .status == .created)
            let taken = try await client.post(
                "/api/v2/auth/register", #"{"email": "BO@example.com", "password": "another one"}"#)
            #expect(taken.status == .conflict && taken.json["error"] == "conflict")

            let bad = try await client.post(
                "/api/v2/auth/register", #"{"email": "not-an-email", "password": "short", "username": "x"}"#)
            #expect(bad.status == .unprocessableContent)
            let fields = try #require(bad.json["details"]?["fields"]?.objectValue)
            #expect(Set(fields.keys) == ["email", "password", "username"])
            let long = String(repeating: "é", count: 40)  // 80 bytes: bcrypt would silently cut it
            #expect(
                try await client.post("/api/v2/auth/register", #"{"email": "cy@example.com", "password": "\#(long)"}"#)
                    .status == .unprocessableContent)
            #expect(
                try await client.post(
                    "/api/v2/auth/register", #"{"email": "tg-1@telegram.invalid", "password": "12345678"}"#
                ).status == .unprocessableContent)
            #expect(
                try await client.post("/api/v2/auth/register", #"{"email": "cy@example.com"}"#).status == .badRequest)

            // A username already in use is a conflict, and creates nothing.
            #expect(
                try await client.post(
                    "/api/v2/auth/register", #"{"email": "d1@example.com", "password": "12345678", "username": "dora"}"#
                ).status == .created)
            let clash = try await client.post(
                "/api/v2/auth/register", #"{"email": "d2@example.com", "password": "12345678", "username": "Dora"}"#)
            #expect(clash.status == .conflict)
            #expect(
                try await client.post("/api/v2/auth/login", #"{"email": "d2@example.com", "password": "12345678"}"#)
                    .status == .unauthorized)
        }
    }

    @Test(arguments: databases)
    func expiredAndForgedAccessTokens(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let (app, _) = try await TestApp.withOutbox(database, clock: clock)
        try await app.test { client in
            let login = try await client.signUp("eve@example.com")
            let access = try #require(login["access_token"]?.stringValue)
            #expect(try await client.call(.get, "/api/v2/user/me", bearer: access).status == .ok)

            // Forged: another key, a changed payload, `alg: none`.
            let other = AccessTokens(secret: String(repeating: "k", count: 40), lifetimeSeconds: 900, clock: clock)
                .issue(accountID: 1, session: "any")
            let parts = access.split(separator: ".").map(String.init)
            let payload = Base64URL.encode(
                Data(#"{"exp":9999999999,"iat":0,"iss":"tollgate","sub":"1","typ":"access"}"#.utf8))
            let unsigned = Base64URL.encode(Data(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + parts[1] + "."
            for forged in [other, parts[0] + "." + payload + "." + parts[2], unsigned, "a.b.c"] {
                let answer = try await client.call(.get, "/api/v2/user/me", bearer: forged)
                #expect(answer.status == .unauthorized && answer.json["error"] == "not_authenticated")
            }

            clock.advance(milliseconds: 15 * 60_000 + 1000)
            let expired = try await client.call(.get, "/api/v2/user/me", bearer: access)
            #expect(expired.status == .unauthorized && expired.json["error"] == "token_expired")
            // The refresh token still works, and an expired access token in the header does not get in the way.
            let refreshed = try await client.post(
                "/api/v2/auth/refresh", #"{"refresh_token": "\#(login["refresh_token"]?.stringValue ?? "")"}"#,
                headers: [.authorization: "Bearer \(access)"])
            #expect(refreshed.status == .ok)
            let fresh = try #require(refreshed.json["access_token"]?.stringValue)
            #expect(try await client.call(.get, "/api/v2/user/me", bearer: fresh).status == .ok)
        }
    }

    @Test(arguments: databases)
    func refreshTokensRotateAndReuseRevokesTheFamily(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)
        try await app.test { client in
            let first = try await client.signUp("fay@example.com")
            let r1 = try #require(first["refresh_token"]?.stringValue)
            let a1 = try #require(first["access_token"]?.stringValue)
            // A second, independent session (another device).
            let other = try await client.post(
                "/api/v2/auth/login", #"{"email": "fay@example.com", "password": "correct horse"}"#)
            let otherRefresh = try #require(other.json["refresh_token"]?.stringValue)
            let otherAccess = try #require(other.json["access_token"]?.stringValue)

            let second = try await client.post("/api/v2/auth/refresh", #"{"refresh_token": "\#(r1)"}"#)
            #expect(second.status == .ok)
            let r2 = try #require(second.json["refresh_token"]?.stringValue)
            #expect(r2 != r1)
            #expect(second.json["token_type"] == "bearer" && second.json["expires_in"] == 900)

            // r1 again: a replay. Refused, and its whole family (r2 too) is revoked.
            let replay = try await client.post("/api/v2/auth/refresh", #"{"refresh_token": "\#(r1)"}"#)
            #expect(replay.status == .unauthorized && replay.json["error"] == "not_authenticated")
            #expect(
                try await client.post("/api/v2/auth/refresh", #"{"refresh_token": "\#(r2)"}"#).status == .unauthorized)
            // The revoked family's access tokens end with it, the first and the rotated one alike.
            for access in [a1, try #require(second.json["access_token"]?.stringValue)] {
                let ended = try await client.call(.get, "/api/v2/user/me", bearer: access)
                #expect(ended.status == .unauthorized && ended.json["error"] == "not_authenticated", "\(ended.body)")
            }
            // The other session is untouched; logging it out ends it, its access tokens at once.
            #expect(try await client.call(.get, "/api/v2/user/me", bearer: otherAccess).status == .ok)
            let otherNext = try await client.post("/api/v2/auth/refresh", #"{"refresh_token": "\#(otherRefresh)"}"#)
            #expect(otherNext.status == .ok)
            let r3 = try #require(otherNext.json["refresh_token"]?.stringValue)
            let a3 = try #require(otherNext.json["access_token"]?.stringValue)
            #expect(try await client.call(.get, "/api/v2/user/me", bearer: a3).status == .ok)
            #expect(try await client.post("/api/v2/auth/logout", #"{"refresh_token": "\#(r3)"}"#).status == .noContent)
            #expect(
                try await client.post("/api/v2/auth/refresh", #"{"refresh_token": "\#(r3)"}"#).status == .unauthorized)
            for access in [otherAccess, a3] {
                #expect(try await client.call(.get, "/api/v2/user/me", bearer: access).status == .unauthorized)
            }
            #expect(
                try await client.post("/api/v2/auth/refresh", #"{"refresh_token": "made-up"}"#).status == .unauthorized)
        }
    }

    @Test(arguments: databases)
    func theRefreshTokenAlsoTravelsInAnHttpOnlyCookie(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)
        try await app.test { client in
            func cookie(_ answer: TestResponse) -> String? {
                answer.headers[values: .setCookie].first { $0.hasPrefix("refresh_token=") }
            }
            func value(_ line: String?) -> String {
                String(line?.dropFirst("refresh_token=".count).prefix { $0 != ";" } ?? "")
            }
            _ = try await client.post(
                "/api/v2/auth/register", #"{"email": "gus@example.com", "password": "correct horse"}"#)
            let login = try await client.post(
                "/api/v2/auth/login", #"{"email": "gus@example.com", "password": "correct horse"}"#)
            let set = try #require(cookie(login))
            for flag in ["Path=/api/v2/auth", "HttpOnly", "SameSite=Strict", "Secure", "Max-Age=2592000"] {
                #expect(set.contains(flag), "\(set)")
            }
            #expect(value(set) == login.json["refresh_token"]?.stringValue)

            // The guide's flow: refresh with no body, the cookie carrying the token; the next one comes back.
            let refreshed = try await client.execute(
                uri: "/api/v2/auth/refresh", method: .post, headers: [.cookie: "refresh_token=\(value(set))"], body: nil
            ) { $0 }
            #expect(refreshed.status == .ok && refreshed.json["access_token"]?.stringValue != nil)
            let next = try #require(cookie(refreshed))
            #expect(value(next) != value(set) && value(next) == refreshed.json["refresh_token"]?.stringValue)
            // The spent cookie again: a replay; refused, and the cookie dropped.
            let replay = try await client.execute(
                uri: "/api/v2/auth/refresh", method: .post, headers: [.cookie: "refresh_token=\(value(set))"], body: nil
            ) { $0 }
            #expect(replay.status == .unauthorized && cookie(replay)?.contains("Max-Age=0") == true)
            // Neither body nor cookie: 401 saying what to send.
            let none = try await client.post("/api/v2/auth/refresh", "")
            #expect(none.status == .unauthorized && String(buffer: none.body).contains("refresh_token"))

            // Sign-out by cookie ends that session and drops the cookie.
            let again = try await client.post(
                "/api/v2/auth/login", #"{"email": "gus@example.com", "password": "correct horse"}"#)
            let live = value(cookie(again))
            let out = try await client.execute(
                uri: "/api/v2/auth/logout", method: .post, headers: [.cookie: "refresh_token=\(live)"], body: nil
            ) { $0 }
            #expect(out.status == .noContent && cookie(out)?.contains("Max-Age=0") == true)
            #expect(
                try await client.post("/api/v2/auth/refresh", #"{"refresh_token": "\#(live)"}"#).status
                    == .unauthorized)
        }
    }

    @Test(arguments: databases)
    func refreshTokensExpireAfterThirtyDays(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let (app, _) = try await TestApp.withOutbox(database, clock: clock)
        try await app.test { client in
            let login = try await client.signUp("gus@example.com")
            clock.advance(days: 29)
            let renewed = try await client.post(
                "/api/v2/auth/refresh", #"{"refresh_token": "\#(login["refresh_token"]?.stringValue ?? "")"}"#)
            #expect(renewed.status == .ok)
            clock.advance(days: 31)
            let stale = try await client.post(
                "/api/v2/auth/refresh", #"{"refresh_token": "\#(renewed.json["refresh_token"]?.stringValue ?? "")"}"#)
            #expect(stale.status == .unauthorized)
        }
    }

    @Test(arguments: databases)
    func forgotAndResetPassword(_ database: TestDatabase) async throws {
        let (app, outbox) = try await TestApp.withOutbox(database)
        try await app.test { client in
            let login = try await client.signUp("hal@example.com", password: "old password")
            let known = try await client.post("/api/v2/auth/forgot-password", #"{"email": "hal@example.com"}"#)
            let unknown = try await client.post("/api/v2/auth/forgot-password", #"{"email": "nobody@example.com"}"#)
            #expect(known.status == .ok && unknown.status == .ok)
            #expect(String(buffer: known.body) == String(buffer: unknown.body))
            let token = try #require(try await outbox.token(to: "hal@example.com", page: "reset-password"))
            #expect(!outbox.messages.contains { $0.to == "nobody@example.com" })

            let weak = try await client.post(
                "/api/v2/auth/reset-password", #"{"token": "\#(token)", "new_password": "short"}"#)
            #expect(weak.status == .unprocessableContent && weak.json["details"]?["fields"]?["new_password"] != nil)
            let reset = try await client.post(
                "/api/v2/auth/reset-password", #"{"token": "\#(token)", "new_password": "new password"}"#)
            #expect(reset.status == .ok)
            #expect(
                try await client.post(
                    "/api/v2/auth/reset-password", #"{"token": "\#(token)", "new_password": "third password"}"#
                ).json["error"] == "invalid_token")

            #expect(
                try await client.post(
                    "/api/v2/auth/login", #"{"email": "hal@example.com", "password": "old password"}"#
                ).status == .unauthorized)
            let fresh = try await client.post(
                "/api/v2/auth/login", #"{"email": "hal@example.com", "password": "new password"}"#)
            #expect(fresh.status == .ok)
            // The reset proved the mailbox, and signed out the sessions from before.
            #expect(fresh.json["user"]?["email_verified"] == true)
            let old = try await client.post(
                "/api/v2/auth/refresh", #"{"refresh_token": "\#(login["refresh_token"]?.stringValue ?? "")"}"#)
            #expect(old.status == .unauthorized)

            // An account an operator made (no password yet) sets its first one the same way.
            _ = try await app.services.accounts.create(email: "ops-made@example.com", planCode: "vip")
            #expect(
                try await client.post(
                    "/api/v2/auth/login", #"{"email": "ops-made@example.com", "password": "anything1"}"#
                ).status == .unauthorized)
            _ = try await client.post("/api/v2/auth/forgot-password", #"{"email": "ops-made@example.com"}"#)
            let first = try #require(try await outbox.token(to: "ops-made@example.com", page: "reset-password"))
            #expect(
                try await client.post(
                    "/api/v2/auth/reset-password", #"{"token": "\#(first)", "new_password": "first password"}"#
                ).status == .ok)
            let signedIn = try await client.post(
                "/api/v2/auth/login", #"{"email": "ops-made@example.com", "password": "first password"}"#)
            #expect(signedIn.status == .ok && signedIn.json["user"]?["plan"] == "vip")
        }
    }

    @Test(arguments: databases)
    func instancesShareTheGeneratedSigningKey(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)
        var configuration = app.services.configuration
        configuration.webAuth.jwtSecret = nil
        configuration.keyCacheSeconds = 0
        let second = try await buildServices(configuration: configuration)
        let account = try await app.services.accounts.create(email: "quin@example.com", planCode: "free")
        let session = try await app.services.webAuth.startSession(account)
        let token = session.accessToken
        let principal = try await second.authenticator.authenticate(credential: Substring(token))
        #expect(principal == Principal(accountID: account.id, keyID: nil, plan: "free"))
        // Signing out on one instance ends the access token on the other (within its cache's TTL, 0 here).
        try await app.services.webAuth.logout(refreshToken: session.refreshToken)
        await #expect(throws: APIError.notAuthenticated("The session of this access token has ended.")) {
            try await second.authenticator.authenticate(credential: Substring(token))
        }
        // A configured key wins, and tokens signed with the stored one no longer pass.
        configuration.webAuth.jwtSecret = Secret(String(repeating: "s", count: 32))
        let third = try await buildServices(configuration: configuration)
        await #expect(throws: APIError.self) {
            try await third.authenticator.authenticate(credential: Substring(token))
        }
        await second.shutdown()
        await third.shutdown()
        await app.close()
    }

    @Test(arguments: databases)
    func loginAttemptsAreLimitedPerAccountAndPerAddress(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let (app, _) = try await TestApp.withOutbox(database, clock: clock) { configuration in
            configuration.webAuth.loginAttemptsPerAccount = 3
            configuration.webAuth.loginAttemptsPerAddress = 5
            configuration.webAuth.trustForwardedFor = true
        }
        try await app.test { client in
            for email in ["ivy@example.com", "jon@example.com"] {
                #expect(
                    try await client.post(
                        "/api/v2/auth/register", #"{"email": "\#(email)", "password": "right password"}"#
                    ).status == .created)
            }
            func login(_ email: String, _ password: String, from address: String) async throws -> TestResponse {
                try await client.post(
                    "/api/v2/auth/login", #"{"email": "\#(email)", "password": "\#(password)"}"#,
                    headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.9, \(address)"])
            }
            // Unknown email and wrong password answer alike.
            let unknown = try await login("nobody@example.com", "whatever1", from: "10.0.0.9")
            let wrong = try await login("ivy@example.com", "wrong password", from: "10.0.0.1")
            #expect(unknown.status == .unauthorized && wrong.status == .unauthorized)
            #expect(unknown.json == wrong.json)

            // Per account and address: three attempts from one place; then 429 there, even with the right password…
            #expect(try await login("ivy@example.com", "wrong password", from: "10.0.0.1").status == .unauthorized)
            #expect(try await login("ivy@example.com", "wrong password", from: "10.0.0.1").status == .unauthorized)
            let locked = try await login("ivy@example.com", "right password", from: "10.0.0.1")
            #expect(locked.status == .tooManyRequests && locked.json["error"] == "rate_limit_exceeded")
            let retryAfter = try #require(locked.json["retry_after"]?.intValue)
            #expect(locked.headers[.retryAfter] == String(retryAfter) && retryAfter > 0 && retryAfter <= 900)
            // … while the owner, elsewhere, still signs in: a guesser cannot lock them out.
            #expect(try await login("ivy@example.com", "right password", from: "10.0.0.3").status == .ok)

            // Per address: 10.0.0.1 has used 3 of 5; a success gives its attempt back.
            #expect(try await login("jon@example.com", "right password", from: "10.0.0.1").status == .ok)
            #expect(try await login("jon@example.com", "wrong password", from: "10.0.0.1").status == .unauthorized)
            #expect(try await login("jon@example.com", "right password", from: "10.0.0.1").status == .ok)
            #expect(try await login("nobody@example.com", "wrong password", from: "10.0.0.1").status == .unauthorized)
            #expect(try await login("jon@example.com", "right password", from: "10.0.0.1").status == .tooManyRequests)
            #expect(try await login("jon@example.com", "right password", from: "10.0.0.4").status == .ok)

            // A new window opens both again.
            clock.advance(milliseconds: 900_000)
            #expect(try await login("ivy@example.com", "right password", from: "10.0.0.1").status == .ok)
        }
    }

    @Test func guessesFromManyAddressesAreStillBoundedPerAccount() async throws {
        let (app, _) = try await TestApp.withOutbox(.sqlite) { configuration in
            configuration.webAuth.loginAttemptsPerAccount = 1
            configuration.webAuth.trustForwardedFor = true
        }
        try await app.test { client in
            let registered = try await client.post(
                "/api/v2/auth/register", #"{"email": "kim@example.com", "password": "right password"}"#)
            #expect(registered.status == .created)
            func login(_ password: String, from address: String) async throws -> TestResponse {
                try await client.post(
                    "/api/v2/auth/login", #"{"email": "kim@example.com", "password": "\#(password)"}"#,
                    headers: [HTTPField.Name("X-Forwarded-For")!: address])
            }
            // One attempt per address, ten per account from everywhere (ten times the per-address limit).
            for host in 1...10 {
                let refused = try await login("wrong password", from: "10.9.0.\(host)")
                #expect(refused.status == .unauthorized)
            }
            let owner = try await login("right password", from: "10.9.0.99")
            #expect(owner.status == .tooManyRequests)
        }
    }

    @Test(arguments: databases)
    func resendsAVerificationLinkToAnUnverifiedEmailOnly(_ database: TestDatabase) async throws {
        let (app, outbox) = try await TestApp.withOutbox(database)
        try await app.test { client in
            _ = try await client.signUp("ada@example.com")
            let first = try #require(try await outbox.token(to: "ada@example.com", page: "verify-email"))
            let resent = try await client.post("/api/v2/auth/resend-verification", #"{"email": "Ada@Example.com"}"#)
            #expect(resent.status == .ok)
            var second: String?
            for _ in 0..<100 where second == nil || second == first {
                second = try await outbox.token(to: "ada@example.com", page: "verify-email")
                try await Task.sleep(for: .milliseconds(20))
            }
            let token = try #require(second)
            #expect(token != first)
            #expect(try await client.post("/api/v2/auth/verify-email", #"{"token": "\#(token)"}"#).status == .ok)

            // Verified, or no such account: the same answer, and no mail.
            let count = outbox.messages.count
            #expect(
                try await client.post("/api/v2/auth/resend-verification", #"{"email": "ada@example.com"}"#).status
                    == .ok)
            #expect(
                try await client.post("/api/v2/auth/resend-verification", #"{"email": "nobody@example.com"}"#).status
                    == .ok)
            try await Task.sleep(for: .milliseconds(300))
            #expect(outbox.messages.count == count)
            #expect(
                try await client.post("/api/v2/auth/resend-verification", #"{"email": "not an email"}"#).status
                    == .unprocessableContent)
        }
    }
}
