import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Google sign-in (`POST /api/v2/auth/google`, SPEC §2) against the simulator's Google: its JWK set and token
/// endpoint, and ID tokens it signs with its own RSA key.
@Suite struct GoogleSignInTests {
    static let databases = TestDatabase.available
    static let clientID = "1234-web.apps.googleusercontent.com"

    /// An instance whose Google sign-in points at `simulator`'s fake.
    static func app(_ database: TestDatabase, simulator: RunningSimulator, clock: any WallClock = SystemClock())
        async throws -> (TestApp, Outbox)
    {
        try await TestApp.withOutbox(database, clock: clock) {
            var google = GoogleSignInSettings(clientIDs: [clientID, "5678-android.apps.googleusercontent.com"])
            google.clientSecret = Secret("GOCSPX-sim-secret")
            google.keysURL = simulator.url + "/google-oauth/oauth2/v3/certs"
            google.tokenURL = simulator.url + "/google-oauth/token"
            $0.webAuth.google = google
        }
    }

    /// An ID token the fake signs with `claims` (its defaults: Google's issuer, an hour to live).
    static func idToken(_ simulator: RunningSimulator, _ claims: String) async throws -> String {
        let reply = try await TestHTTP.request(.POST, simulator.url + "/google-oauth/_sim/id-token", json: claims)
        return try #require(reply.json["id_token"]?.stringValue)
    }

    static func claims(sub: String, email: String = "grace@example.com", verified: Bool = true, aud: String = clientID)
        -> String
    {
        #"{"sub": "\#(sub)", "email": "\#(email)", "email_verified": \#(verified), "name": "Grace Hopper", "picture": "https://lh3.googleusercontent.com/a/photo", "aud": "\#(aud)"}"#
    }

    @Test(arguments: databases)
    func anIDTokenSignsUpThenSignsIn(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        defer { Task { await simulator.stop() } }
        let (app, _) = try await Self.app(database, simulator: simulator)
        try await app.test { client in
            let token = try await Self.idToken(simulator, Self.claims(sub: "109876543210"))
            let first = try await client.post("/api/v2/auth/google", #"{"id_token": "\#(token)"}"#)
            #expect(first.status == .ok)
            #expect(first.json["is_new_user"] == true && first.json["token_type"] == "bearer")
            #expect(
                first.json["user"]?["email"] == "grace@example.com" && first.json["user"]?["email_verified"] == true)
            #expect(first.json["user"]?["plan"] == "free" && first.json["user"]?["token_balance"] == 50)
            #expect(first.headers[.setCookie]?.contains("refresh_token=") == true)
            let access = try #require(first.json["access_token"]?.stringValue)
            let me = try await client.call(.get, "/api/v2/user/me", bearer: access)
            #expect(me.json["auth_methods"] == ["email": false, "telegram": false, "google": true, "phone": false])
            #expect(me.json["name"] == "Grace Hopper")
            #expect(me.json["avatar_url"] == "https://lh3.googleusercontent.com/a/photo")

            // The same Google account again (a new token, from the other configured client): the same account.
            let again = try await client.post(
                "/api/v2/auth/google",
                #"{"id_token": "\#(try await Self.idToken(simulator, Self.claims(sub: "109876543210", aud: "5678-android.apps.googleusercontent.com")))"}"#
            )
            #expect(again.status == .ok && again.json["is_new_user"] == false)
            #expect(again.json["user"]?["id"] == first.json["user"]?["id"])

            // No password to guess: the email login refuses, as for any wrong password.
            let login = try await client.post(
                "/api/v2/auth/login", #"{"email": "grace@example.com", "password": "anything at all"}"#)
            #expect(login.status == .unauthorized)
        }
        // The keys were fetched once and cached.
        let calls = try await TestHTTP.request(.GET, simulator.url + "/google-oauth/_sim/calls")
        #expect(calls.json["key_fetches"] == 1)
    }

    @Test(arguments: databases)
    func refusesTokensGoogleDidNotIssueForThisServer(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        defer { Task { await simulator.stop() } }
        let (app, _) = try await Self.app(database, simulator: simulator)
        try await app.test { client in
            let good = try await Self.idToken(simulator, Self.claims(sub: "1"))
            let parts = good.split(separator: ".").map(String.init)
            // Claims swapped under the old signature: another subject.
            let forged = Base64URL.encode(
                Data(
                    #"{"iss":"https://accounts.google.com","aud":"\#(Self.clientID)","sub":"2","exp":9999999999}"#.utf8)
            )
            let cases: [(String, String)] = [
                ("another client", try await Self.idToken(simulator, Self.claims(sub: "1", aud: "someone-else"))),
                (
                    "another issuer",
                    try await Self.idToken(
                        simulator, #"{"sub": "1", "aud": "\#(Self.clientID)", "iss": "https://evil.example"}"#)
                ),
                (
                    "expired",
                    try await Self.idToken(simulator, #"{"sub": "1", "aud": "\#(Self.clientID)", "exp": 1700000000}"#)
                ),
                ("forged claims", parts[0] + "." + forged + "." + parts[2]),
                ("alg none", Base64URL.encode(Data(#"{"alg":"none"}"#.utf8)) + "." + parts[1] + "."),
                ("not a JWT", "hello"),
            ]
            for (label, token) in cases {
                let reply = try await client.post("/api/v2/auth/google", #"{"id_token": "\#(token)"}"#)
                #expect(reply.status == .unauthorized, "\(label)")
                #expect(reply.json["error"] == "not_authenticated", "\(label)")
            }
            #expect(try await client.post("/api/v2/auth/google", "{}").status == .unprocessableContent)
            let both = try await client.post("/api/v2/auth/google", #"{"id_token": "\#(good)", "code": "x"}"#)
            #expect(both.status == .unprocessableContent)
            let noRedirect = try await client.post("/api/v2/auth/google", #"{"code": "4/abc"}"#)
            #expect(
                noRedirect.status == .unprocessableContent
                    && noRedirect.json["details"]?["fields"]?["redirect_uri"] != nil)
            // Nothing was created.
            #expect(
                try await app.services.store.read { db in try await app.services.store.accounts.all(on: db) }.isEmpty)
        }
    }

    @Test(arguments: databases)
    func anAuthorizationCodeIsExchangedOnce(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        defer { Task { await simulator.stop() } }
        let (app, _) = try await Self.app(database, simulator: simulator)
        try await app.test { client in
            let issued = try await TestHTTP.request(
                .POST, simulator.url + "/google-oauth/_sim/code",
                json:
                    #"{"sub": "42", "email": "code@example.com", "email_verified": true, "aud": "\#(Self.clientID)", "redirect_uri": "https://app.example/cb"}"#
            )
            let code = try #require(issued.json["code"]?.stringValue)
            let body = #"{"code": "\#(code)", "redirect_uri": "https://app.example/cb"}"#
            let first = try await client.post("/api/v2/auth/google", body)
            #expect(first.status == .ok && first.json["is_new_user"] == true)
            #expect(first.json["user"]?["email"] == "code@example.com")
            // A code works once, and only with the redirect URI it was issued for.
            let replay = try await client.post("/api/v2/auth/google", body)
            #expect(replay.status == .unauthorized)
        }
    }

    @Test(arguments: databases)
    func linksAVerifiedEmailAndEndsAStrangersPassword(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        defer { Task { await simulator.stop() } }
        let (app, _) = try await Self.app(database, simulator: simulator)
        try await app.test { client in
            // Someone signs up with Grace's address (never verified) and keeps a session.
            let squatter = try await client.signUp("grace@example.com", password: "squatter pass")
            let squatterAccess = try #require(squatter["access_token"]?.stringValue)
            let userID = try #require(squatter["user"]?["id"]?.intValue)

            let token = try await Self.idToken(simulator, Self.claims(sub: "777"))
            let google = try await client.post("/api/v2/auth/google", #"{"id_token": "\#(token)"}"#)
            #expect(google.status == .ok && google.json["is_new_user"] == false)
            #expect(google.json["user"]?["id"] == .int(userID) && google.json["user"]?["email_verified"] == true)

            // The unverified password and its session are gone.
            let login = try await client.post(
                "/api/v2/auth/login", #"{"email": "grace@example.com", "password": "squatter pass"}"#)
            #expect(login.status == .unauthorized)
            #expect(try await client.call(.get, "/api/v2/user/me", bearer: squatterAccess).status == .unauthorized)

            // An address Google has not verified is never linked: a separate account.
            let other = try await client.signUp("ada@example.com")
            let unverified = try await Self.idToken(
                simulator, Self.claims(sub: "888", email: "ada@example.com", verified: false))
            let separate = try await client.post("/api/v2/auth/google", #"{"id_token": "\#(unverified)"}"#)
            #expect(separate.status == .ok && separate.json["is_new_user"] == true)
            #expect(separate.json["user"]?["id"] != other["user"]?["id"] && separate.json["user"]?["email"] == .null)
            // Ada's password still works.
            #expect(
                try await client.post(
                    "/api/v2/auth/login", #"{"email": "ada@example.com", "password": "correct horse"}"#
                )
                .status == .ok)
        }
    }

    @Test(arguments: databases)
    func aRotatedKeyIsFetchedAgain(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        defer { Task { await simulator.stop() } }
        let clock = TestClock()
        let (app, _) = try await Self.app(database, simulator: simulator, clock: clock)
        try await app.test { client in
            let now = clock.nowMilliseconds() / 1000
            let claims = #"{"sub": "5", "aud": "\#(Self.clientID)", "iat": \#(now), "exp": \#(now + 3600)}"#
            #expect(
                try await client.post(
                    "/api/v2/auth/google", #"{"id_token": "\#(try await Self.idToken(simulator, claims))"}"#
                )
                .status == .ok)
            _ = try await TestHTTP.request(.POST, simulator.url + "/google-oauth/_sim/rotate", json: "{}")
            // A token under the new key, at once: the cached set lacks its kid, but the set was fetched just now.
            let rotated = try await Self.idToken(simulator, claims)
            #expect(
                try await client.post("/api/v2/auth/google", #"{"id_token": "\#(rotated)"}"#).status == .unauthorized)
            // A minute on, an unknown kid fetches the set again.
            clock.advance(milliseconds: 61_000)
            #expect(try await client.post("/api/v2/auth/google", #"{"id_token": "\#(rotated)"}"#).status == .ok)
        }
        let calls = try await TestHTTP.request(.GET, simulator.url + "/google-oauth/_sim/calls")
        #expect(calls.json["key_fetches"] == 2)
    }

    @Test(arguments: databases)
    func notConfiguredIs503(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)
        try await app.test { client in
            let reply = try await client.post("/api/v2/auth/google", #"{"id_token": "a.b.c"}"#)
            #expect(reply.status == .serviceUnavailable && reply.json["error"] == "not_configured")
        }
    }
}
