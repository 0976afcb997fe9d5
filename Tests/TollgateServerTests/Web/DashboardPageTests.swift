import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TollgateCore
import TollgateSimulator
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// The signed-in pages (SPEC §14), rendered from the services: each answers, escapes what users typed, speaks the
/// user's language, carries the security headers, and acts through the same services as the API.
@Suite struct DashboardPageTests {
    static let databases = TestDatabase.available

    static let pages = [
        "/dashboard", "/dashboard/keys", "/dashboard/history", "/dashboard/playground", "/dashboard/billing",
        "/dashboard/settings", "/", "/docs", "/docs/quickstart",
    ]

    @Test(arguments: databases)
    func everyPageAnswersWithItsHeaders(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)
        try await app.test { client in
            let browser = WebBrowser(client)
            for path in ["/", "/login", "/signup", "/forgot-password", "/docs", "/reset-password?token=x"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
            }
            try await browser.signUp("ann@example.com")
            for path in Self.pages {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.text.contains("<title>"), "\(path)")
                let policy = try #require(page.headers[HTTPField.Name("Content-Security-Policy")!])
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(path)")
                #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(!page.text.contains("<script>"), "inline script on \(path)")
            }
            #expect(try await browser.get("/static/app.css").status == .ok)
            #expect(try await browser.get("/static/missing.js").status == .notFound)
            #expect(try await browser.get("/dashboard/nothing-here").status == .notFound)
        }
    }

    @Test(arguments: databases)
    func aKeyIsShownOnceAndItsNameIsEscaped(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)
        try await app.test { client in
            let browser = WebBrowser(client)
            try await browser.signUp("ann@example.com")
            let name = #"<img src=x onerror="alert(1)">"#
            let created = try await browser.submit("/dashboard/keys", ["name": name], from: "/dashboard/keys")
            #expect(created.status == .ok)
            #expect(!created.text.contains("<img src=x"))
            #expect(created.text.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"))
            let secret = try #require(
                created.text.range(of: #"id="new-key">"#).map {
                    String(created.text[$0.upperBound...].prefix { $0 != "<" })
                })
            #expect(secret.hasPrefix("nb_"))
            let again = try await browser.get("/dashboard/keys")
            #expect(!again.text.contains(secret) && again.text.contains("&lt;img"))
            // The key works on the API once the plan has API access.
            let account = try await app.services.accounts.find(email: "ann@example.com")
            _ = try await app.services.ledger.startPlan(accountID: account.id, planCode: "vip", reason: "test")
            app.services.authenticator.invalidate(accountID: account.id)
            let used = try await client.call(.get, "/api/v2/balance", bearer: secret)
            #expect(used.status == .ok)
        }
    }

    @Test(arguments: databases)
    func theSupportBoxAnswersFromTheDocs(_ database: TestDatabase) async throws {
        let app = try await TestApp.forPages(database, simulator: nil)
        try await app.test { client in
            let browser = WebBrowser(client)
            try await browser.signUp("ann@example.com")
            let answer = try await browser.submit(
                "/dashboard/support", ["question": "why did I get 402?"], from: "/dashboard")
            #expect(answer.status == .ok && answer.text.contains(#"id="support-answer""#))
            #expect(answer.text.contains("/docs/errors#why-did-i-get-a-402"))
            let unknown = try await browser.submit(
                "/dashboard/support", ["question": "what is the weather on Mars"], from: "/dashboard")
            #expect(unknown.text.contains("/paysupport") && !unknown.text.contains("/docs/errors#"))
        }
    }

    @Test(arguments: databases)
    func languageFollowsTheSettingElseTheBrowser(_ database: TestDatabase) async throws {
        let (app, _) = try await TestApp.withOutbox(database)
        try await app.test { client in
            let browser = WebBrowser(client)
            browser.acceptLanguage = "ru-RU,ru;q=0.9,en;q=0.8"
            #expect(try await browser.get("/login").text.contains("Вход"))
            browser.acceptLanguage = "de-DE"
            #expect(try await browser.get("/login").text.contains("Sign in"))
            try await browser.signUp("ann@example.com")
            let saved = try await browser.submit(
                "/dashboard/settings", ["language": "ru", "image_format": "png", "notifications_enabled": "on"],
                from: "/dashboard/settings")
            #expect(saved.status == .seeOther)
            let page = try await browser.get("/dashboard")
            #expect(page.text.contains("Обзор") && page.text.contains(#"<html lang="ru">"#))
            let bad = try await browser.submit("/dashboard/settings", ["language": "xx"], from: "/dashboard/settings")
            #expect(bad.status == .unprocessableContent && bad.text.contains(#"id="form-error""#))
        }
    }

    /// Both languages have every text a template asks for.
    @Test func bothLanguagesHaveEveryText() throws {
        let renderer = try PageRenderer.bundled(telegramBot: nil)
        let en = try #require(renderer.strings["en"]), ru = try #require(renderer.strings["ru"])
        #expect(Set(en.keys) == Set(ru.keys))
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../Sources/TollgateServer/Resources/templates").standardized
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".mustache")
        }
        #expect(names.count > 20)
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for key in Self.textKeys(in: text) { #expect(en[key] != nil, "\(name) uses t.\(key)") }
        }
    }

    static func textKeys(in template: String) -> [String] {
        var keys: [String] = []
        var rest = template[...]
        while let range = rest.range(of: "{{t.") {
            let key = rest[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            keys.append(String(key))
            rest = rest[range.upperBound...]
        }
        return keys
    }

    @Test(arguments: databases)
    func thePlaygroundFormRunsTheLifecycle(_ database: TestDatabase) async throws {
        try await withSimulator { simulator in
            let app = try await TestApp.forPages(database, simulator: simulator)
            try await app.test { client in
                let browser = WebBrowser(client)
                try await browser.signUp("ann@example.com")
                let answer = try await browser.submit(
                    "/dashboard/playground", ["model": "gpt-5-nano", "prompt": "hi", "p.temperature": "0.5"],
                    from: "/dashboard/playground")
                #expect(answer.status == .ok && answer.text.contains(#"id="result-text""#))
                #expect(answer.text.contains("completed"))
                let account = try await app.services.accounts.find(email: "ann@example.com")
                #expect(account.availableTokens == 49)
                // The history page lists it, and the CSV has its row.
                let history = try await browser.get("/dashboard/history?category=text")
                #expect(history.text.contains("GPT-5 Nano"))
                let csv = try await browser.get("/dashboard/history.csv")
                #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(
                    csv.text.split(separator: "\n").count == 2 && csv.text.contains(",gpt-5-nano,text,completed,1,hi,"))
                let badFilter = try await browser.get("/dashboard/history?status=nope")
                #expect(badFilter.status == .ok && badFilter.text.contains(#"id="form-error""#))
            }
        }
    }

    @Test(arguments: databases)
    func thePlaygroundSaysWhatToDoWhenShortOrUnavailable(_ database: TestDatabase) async throws {
        try await withSimulator { simulator in
            let app = try await TestApp.forPages(database, simulator: simulator)
            try await app.test { client in
                let browser = WebBrowser(client)
                try await browser.signUp("ann@example.com")
                let account = try await app.services.accounts.find(email: "ann@example.com")
                _ = try await app.services.ledger.grant(
                    accountID: account.id, tokens: -48, bucket: .package, reason: "test")
                let short = try await browser.submit(
                    "/dashboard/playground", ["model": "dall-e-3", "prompt": "a cat"],
                    from: "/dashboard/playground?model=dall-e-3")
                #expect(short.status.code == 402 && short.text.contains(#"href="/dashboard/billing""#))
                #expect(short.text.contains(#"id="playground-error""#))
                #expect(try await app.services.accounts.find(id: account.id).availableTokens == 2)
            }
        }
    }

    @Test(arguments: databases)
    func aModelWithoutItsProviderIsRefusedAndFree(_ database: TestDatabase) async throws {
        let app = try await TestApp.forPages(database, simulator: nil)
        try await app.test { client in
            let browser = WebBrowser(client)
            try await browser.signUp("ann@example.com")
            let answer = try await browser.submit(
                "/dashboard/playground", ["model": "gpt-5-nano", "prompt": "hi"], from: "/dashboard/playground")
            #expect(answer.status == .serviceUnavailable && answer.text.contains(#"id="playground-error""#))
            #expect(try await app.services.accounts.find(email: "ann@example.com").availableTokens == 50)
        }
    }
}
