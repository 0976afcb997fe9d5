import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// The dashboard's other ways in (SPEC §14, §2): phone sign-up with an SMS code, the sign-in form taking a phone
/// number in its one field, and Google's button posting its ID token with Google's double-submit CSRF check.
@Suite struct SignInMethodPageTests {
    static let databases = TestDatabase.available

    static func app(_ database: TestDatabase, simulator: RunningSimulator) async throws -> TestApp {
        try await TestApp.withOutbox(database) {
            var sms = SMSSettings(apiID: Secret("sim-api-id"))
            sms.baseURL = simulator.url + "/smsru"
            $0.webAuth.sms = sms
            var google = GoogleSignInSettings(clientIDs: [GoogleSignInTests.clientID])
            google.keysURL = simulator.url + "/google-oauth/oauth2/v3/certs"
            $0.webAuth.google = google
        }.0
    }

    @Test(arguments: databases)
    func signUpByPhoneThenSignInWithTheNumber(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        defer { Task { await simulator.stop() } }
        let app = try await Self.app(database, simulator: simulator)
        try await app.test { client in
            let browser = WebBrowser(client)
            #expect(try await browser.get("/signup").text.contains(#"href="/signup/phone""#))
            let sent = try await browser.submit("/signup/phone", ["phone": "+7 999 555-44-33"], from: "/signup/phone")
            #expect(sent.status == .ok && sent.text.contains(#"id="code-sent""#))
            let code = try #require(try await PhoneSignInTests.code(simulator, to: "79995554433"))
            let token = try #require(WebBrowser.formToken(in: sent.text))
            let registered = try await browser.post(
                "/signup/phone", ["phone": "+7 999 555-44-33", "code": code, "password": "correct horse battery"],
                csrf: token)
            #expect(registered.status == .seeOther && registered.headers[.location] == "/dashboard?welcome=1")
            #expect(try await browser.get("/dashboard").status == .ok)

            // Another browser signs in with the number in the email field.
            let other = WebBrowser(client)
            let login = try await other.submit(
                "/login", ["email": "+79995554433", "password": "correct horse battery"], from: "/login")
            #expect(login.status == .seeOther && login.headers[.location] == "/dashboard")
            let wrong = try await WebBrowser(client).submit(
                "/login", ["email": "+79995554433", "password": "wrong horse battery"], from: "/login")
            #expect(wrong.status == .unauthorized && wrong.text.contains("Invalid phone number or password."))
        }
    }

    @Test(arguments: databases)
    func googlesButtonSignsInWithItsDoubleSubmitCheck(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        defer { Task { await simulator.stop() } }
        let app = try await Self.app(database, simulator: simulator)
        try await app.test { client in
            let browser = WebBrowser(client)
            let page = try await browser.get("/login").text
            #expect(page.contains(#"data-client_id="\#(GoogleSignInTests.clientID)""#))
            #expect(page.contains(#"data-login_uri="https://tollgate.test/login/google""#))
            let idToken = try await GoogleSignInTests.idToken(simulator, GoogleSignInTests.claims(sub: "314"))

            // Without Google's cookie (or with another value) the post is refused: it may come from anywhere.
            let forged = try await browser.post(
                "/login/google", ["credential": idToken, "g_csrf_token": "abc"], csrf: nil)
            #expect(forged.status == .forbidden && browser.cookies["tollgate_session"] == nil)

            browser.setCookie("g_csrf_token", "abc")
            let signedIn = try await browser.post(
                "/login/google", ["credential": idToken, "g_csrf_token": "abc"], csrf: nil)
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/dashboard?welcome=1")
            let dashboard = try await browser.get("/dashboard")
            #expect(dashboard.status == .ok && dashboard.text.contains("grace@example.com"))

            // A token that is not Google's is refused on the page.
            browser.setCookie("tollgate_session", nil)
            let bad = try await browser.post(
                "/login/google", ["credential": "a.b.c", "g_csrf_token": "abc"], csrf: nil)
            #expect(bad.status == .unauthorized && bad.text.contains(#"id="form-error""#))
        }
    }
}
