import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TollgateCore
import TollgateSimulator
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// The dashboard's sign-in and session (SPEC §14): cookie flags, a new session id at every sign-in, sign-out,
/// CSRF on every form, and the session cookie on the API for the playground's script.
@Suite struct WebSessionTests {
    static let databases = TestDatabase.available

    @Test(arguments: databases)
    func signUpSetsASecureSessionCookieAndShowsStarterTokens(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)  // public_url is https
        try await app.test { client in
            let browser = WebBrowser(client)
            try await browser.signUp("ann@example.com")
            let line = try #require(browser.setCookieLines.first { $0.hasPrefix("tollgate_session=") })
            #expect(line.contains("HttpOnly") && line.contains("SameSite=Lax") && line.contains("Secure"))
            let page = try await browser.get("/dashboard")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"id="balance-available">50<"#))
            #expect(page.text.contains("Starter"))
        }
    }

    @Test(arguments: databases)
    func cookieIsNotSecureOnPlainHTTP(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database) { $0.publicURL = "http://localhost:8080" }
        try await app.test { client in
            let browser = WebBrowser(client)
            try await browser.signUp("ann@example.com")
            let line = try #require(browser.setCookieLines.first { $0.hasPrefix("tollgate_session=") })
            #expect(!line.contains("Secure") && line.contains("HttpOnly"))
        }
    }

    @Test(arguments: databases)
    func everySignInMakesANewSessionAndSignOutEndsIt(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)
        try await app.test { client in
            let browser = WebBrowser(client)
            try await browser.signUp("ann@example.com")
            let first = try #require(browser.cookies["tollgate_session"])
            // A browser arriving with a session id someone chose (fixation) gets a new one at sign-in.
            let other = WebBrowser(client)
            let planted = String(repeating: "A", count: 43)
            other.setCookie("tollgate_session", planted)
            let login = try await other.submit(
                "/login", ["email": "ann@example.com", "password": "correct horse battery"], from: "/login")
            #expect(login.status == .seeOther)
            let second = try #require(other.cookies["tollgate_session"])
            #expect(second != planted && second != first)
            #expect(try await browser.get("/dashboard").status == .ok)
            let dashboard = try await browser.get("/dashboard")
            let out = try await browser.post("/logout", [:], csrf: WebBrowser.formToken(in: dashboard.text))
            #expect(out.status == .seeOther && browser.cookies["tollgate_session"] == nil)
            // The old cookie no longer signs anyone in.
            browser.setCookie("tollgate_session", first)
            let after = try await browser.get("/dashboard")
            #expect(after.status == .seeOther && after.headers[.location]?.hasPrefix("/login?next=") == true)
            // On the API, the ended session is no credential: open routes answer, private ones 401.
            #expect(try await browser.get("/api/v2/models").status == .ok)
            #expect(try await browser.get("/api/v2/balance").status == .unauthorized)
        }
    }

    @Test(arguments: databases)
    func changingThePasswordEndsEveryOtherSession(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)
        try await app.test { client in
            let browser = WebBrowser(client)
            try await browser.signUp("ann@example.com")
            let laptop = WebBrowser(client)
            _ = try await laptop.submit(
                "/login", ["email": "ann@example.com", "password": "correct horse battery"], from: "/login")
            let api = try await client.post(
                "/api/v2/auth/login", #"{"email": "ann@example.com", "password": "correct horse battery"}"#)
            let access = try #require(api.json["access_token"]?.stringValue)
            let refresh = try #require(api.json["refresh_token"]?.stringValue)
            #expect(try await laptop.get("/dashboard").status == .ok)

            let before = try #require(browser.cookies["tollgate_session"])
            let settings = try await browser.get("/dashboard/settings")
            let changed = try await browser.post(
                "/dashboard/settings/password",
                ["current_password": "correct horse battery", "new_password": "a new long password"],
                csrf: WebBrowser.formToken(in: settings.text))
            #expect(changed.headers[.location] == "/dashboard/settings?password=changed")
            // This browser goes on, in a new session; the notice says what happened.
            #expect(browser.cookies["tollgate_session"] != before)
            let shown = try await browser.get("/dashboard/settings?password=changed")
            #expect(shown.status == .ok && shown.text.contains(#"id="password-changed""#))
            #expect(shown.text.contains("Every other session has ended"))
            // Every other session ended: the other browser, the API's refresh and access tokens.
            #expect(try await laptop.get("/dashboard").status == .seeOther)
            #expect(
                try await client.post("/api/v2/auth/refresh", #"{"refresh_token": "\#(refresh)"}"#).status
                    == .unauthorized)
            #expect(try await client.call(.get, "/api/v2/user/me", bearer: access).status == .unauthorized)
            // The old password no longer signs in; the new one does.
            #expect(
                try await client.post(
                    "/api/v2/auth/login", #"{"email": "ann@example.com", "password": "correct horse battery"}"#
                ).status == .unauthorized)
            #expect(
                try await client.post(
                    "/api/v2/auth/login", #"{"email": "ann@example.com", "password": "a new long password"}"#
                ).status == .ok)
        }
    }

    @Test(arguments: databases)
    func wrongPasswordShowsTheFormAgain(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)
        try await app.test { client in
            let browser = WebBrowser(client)
            try await browser.signUp("ann@example.com")
            let fresh = WebBrowser(client)
            let answer = try await fresh.submit(
                "/login", ["email": "ann@example.com", "password": "wrong!!!!"], from: "/login")
            #expect(answer.status == .unauthorized && answer.text.contains(#"id="form-error""#))
            #expect(fresh.cookies["tollgate_session"] == nil)
        }
    }

    /// Every form of the dashboard refuses a post without its token, and changes nothing.
    @Test(arguments: databases)
    func formsWithoutTheTokenAreRefused(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)
        try await app.test { client in
            let browser = WebBrowser(client)
            try await browser.signUp("ann@example.com")
            let forms = [
                "/dashboard/keys", "/dashboard/keys/1/rename", "/dashboard/keys/1/revoke", "/dashboard/settings",
                "/dashboard/settings/password", "/dashboard/settings/telegram", "/dashboard/settings/webhook-secret",
                "/dashboard/history/1/favorite", "/dashboard/playground", "/dashboard/billing/checkout",
                "/dashboard/billing/renewal", "/logout",
            ]
            for path in forms {
                let answer = try await browser.post(
                    path, ["name": "x", "model": "gpt-5-nano", "prompt": "hi"], csrf: nil)
                #expect(answer.status == .forbidden, "\(path)")
                let wrong = try await browser.post(path, ["name": "x"], csrf: "forged")
                #expect(wrong.status == .forbidden, "\(path)")
            }
            let account = try await app.services.accounts.find(email: "ann@example.com")
            #expect(try await app.services.keys.list(accountID: account.id).isEmpty)
            #expect(account.availableTokens == 50)
            // Signed out, the sign-in forms check the form cookie's token the same way.
            let stranger = WebBrowser(client)
            let refused = try await stranger.post(
                "/login", ["email": "ann@example.com", "password": "x"], csrf: "guess")
            #expect(refused.status == .forbidden)
        }
    }

    @Test(arguments: databases)
    func theSessionCookieReachesTheAPIWithItsToken(_ database: TestDatabase) async throws {
        try await withSimulator { simulator in
            let app = try await TestApp.forPages(database, simulator: simulator)
            try await app.test { client in
                let browser = WebBrowser(client)
                try await browser.signUp("ann@example.com")
                let token = try #require(WebBrowser.formToken(in: try await browser.get("/dashboard").text))
                let balance = try await browser.get("/api/v2/balance")
                #expect(balance.status == .ok && balance.json["token_balance"] == 50)
                let body = ByteBuffer(string: #"{"model": "gpt-5-nano", "prompt": "hi"}"#)
                let refused = try await browser.send(
                    .post, "/api/v2/generate", headers: [.contentType: "application/json"], body: body)
                #expect(refused.status == .forbidden && refused.json["error"] == "csrf_failed")
                let sent = try await browser.send(
                    .post, "/api/v2/generate",
                    headers: [.contentType: "application/json", HTTPField.Name("X-CSRF-Token")!: token], body: body)
                #expect(sent.status == .ok, "\(sent.text)")
                let after = try await app.services.accounts.find(email: "ann@example.com")
                #expect(after.availableTokens < 50)
            }
        }
    }
}
