import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TollgateCore
import TollgateSimulator
import TollgateStore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// The admin area (SPEC §14): hidden from everyone but admins, every action recorded with who did it.
@Suite struct AdminPageTests {
    static let databases = TestDatabase.available

    static let adminPaths = [
        "/admin", "/admin/accounts/1", "/admin/payments", "/admin/models", "/admin/providers", "/admin/audit",
    ]

    /// An admin (signed in through the page) and a user beside it.
    static func admin(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (WebBrowser, AccountRecord) {
        let user = WebBrowser(client)
        try await user.signUp("user@example.com")
        let admin = WebBrowser(client)
        try await admin.signUp("boss@example.com")
        _ = try await app.services.admin.setRole(email: "boss@example.com", role: "admin")
        return (admin, try await app.services.accounts.find(email: "user@example.com"))
    }

    @Test(arguments: databases)
    func everyoneButAnAdminGets404(_ database: TestDatabase) async throws {
        let app = try await TestApp.forPages(database, simulator: nil)
        try await app.test { client in
            let (admin, _) = try await Self.admin(app, client)
            let stranger = WebBrowser(client)
            let user = WebBrowser(client)
            try await user.signUp("other@example.com")
            let token = try #require(WebBrowser.formToken(in: try await user.get("/dashboard").text))
            for path in Self.adminPaths {
                #expect(try await stranger.get(path).status == .notFound, "\(path)")
                #expect(try await user.get(path).status == .notFound, "\(path)")
                #expect(try await admin.get(path).status == .ok, "\(path)")
            }
            for path in [
                "/admin/accounts/1/adjust", "/admin/payments/1/refund", "/admin/models/gpt-5/disable",
                "/admin/ledger-check",
            ] {
                let answer = try await user.post(path, ["tokens": "1000", "reason": "me"], csrf: token)
                #expect(answer.status == .notFound, "\(path)")
            }
            #expect(try await app.services.accounts.find(email: "other@example.com").availableTokens == 50)
            #expect(try await admin.get("/dashboard").text.contains(#"href="/admin""#))
            #expect(!(try await user.get("/dashboard").text.contains(#"href="/admin""#)))
        }
    }

    @Test(arguments: databases)
    func anAdminAdjustsABalanceAndTheAuditSaysWho(_ database: TestDatabase) async throws {
        let app = try await TestApp.forPages(database, simulator: nil)
        try await app.test { client in
            let (admin, user) = try await Self.admin(app, client)
            let search = try await admin.get("/admin?q=user%40")
            let boss = try await app.services.accounts.find(email: "boss@example.com")
            #expect(
                search.text.contains("/admin/accounts/\(user.id)")
                    && !search.text.contains("/admin/accounts/\(boss.id)"))
            let adjusted = try await admin.submit(
                "/admin/accounts/\(user.id)/adjust", ["tokens": "25", "reason": "support <gift>"],
                from: "/admin/accounts/\(user.id)")
            #expect(adjusted.status == .seeOther)
            #expect(try await app.services.accounts.find(id: user.id).packageTokens == 75)
            let page = try await admin.get("/admin/accounts/\(user.id)")
            #expect(page.text.contains(#"id="admin-packages">75<"#) && page.text.contains("support &lt;gift&gt;"))
            let refused = try await admin.submit(
                "/admin/accounts/\(user.id)/adjust", ["tokens": "-1000", "reason": "x"],
                from: "/admin/accounts/\(user.id)")
            #expect(refused.status == .unprocessableContent)
            let audit = try await admin.get("/admin/audit")
            #expect(audit.text.contains("boss@example.com") && audit.text.contains("adjust_tokens"))
            #expect(audit.text.contains("account \(user.id)"))
            let checked = try await admin.submit("/admin/ledger-check", [:], from: "/admin/audit")
            #expect(checked.text.contains(#"id="ledger-clean""#))
        }
    }

    @Test(arguments: databases)
    func aBlockStopsSessionsAndKeysAtOnce(_ database: TestDatabase) async throws {
        let app = try await TestApp.forPages(database, simulator: nil)
        try await app.test { client in
            let user = WebBrowser(client)
            try await user.signUp("user@example.com")
            let account = try await app.services.accounts.find(email: "user@example.com")
            _ = try await app.services.ledger.startPlan(accountID: account.id, planCode: "vip", reason: "test")
            let key = try await app.services.keys.create(accountID: account.id, name: "k")
            #expect(try await client.call(.get, "/api/v2/balance", bearer: key.key).status == .ok)
            let admin = WebBrowser(client)
            try await admin.signUp("boss@example.com")
            _ = try await app.services.admin.setRole(email: "boss@example.com", role: "admin")
            let blocked = try await admin.submit(
                "/admin/accounts/\(account.id)/block", [:], from: "/admin/accounts/\(account.id)")
            #expect(blocked.status == .seeOther)
            #expect(try await user.get("/dashboard").status == .seeOther)
            let refused = try await client.call(.get, "/api/v2/balance", bearer: key.key)
            #expect(refused.status == .forbidden && refused.json["error"] == "account_blocked")
            let login = try await WebBrowser(client).submit(
                "/login", ["email": "user@example.com", "password": "correct horse battery"], from: "/login")
            #expect(login.status == .forbidden)
            _ = try await admin.submit(
                "/admin/accounts/\(account.id)/unblock", [:], from: "/admin/accounts/\(account.id)")
            #expect(try await client.call(.get, "/api/v2/balance", bearer: key.key).status == .ok)
        }
    }

    @Test(arguments: databases)
    func aModelSwitchedOffIsRefusedWithoutARestart(_ database: TestDatabase) async throws {
        try await withSimulator { simulator in
            let app = try await TestApp.forPages(database, simulator: simulator)
            try await app.test { client in
                let (admin, _) = try await Self.admin(app, client)
                let (_, key) = try await app.account("api@example.com", plan: "elite")
                let body = #"{"model": "gpt-5-nano", "prompt": "hi"}"#
                #expect(try await client.call(.post, "/api/v2/generate", bearer: key, json: body).status == .ok)
                _ = try await admin.submit("/admin/models/gpt-5-nano/disable", [:], from: "/admin/models")
                let refused = try await client.call(.post, "/api/v2/generate", bearer: key, json: body)
                #expect(refused.status == .serviceUnavailable && refused.json["error"] == "model_unavailable")
                let models = try await client.call(.get, "/api/v2/models/gpt-5-nano", bearer: key)
                #expect(models.json["available"] == false)
                // Another instance on the same database learns it on its next refresh.
                let other = ModelSwitches(store: app.services.store)
                try await other.refresh()
                #expect(other.isDisabled("gpt-5-nano"))
                _ = try await admin.submit("/admin/models/gpt-5-nano/enable", [:], from: "/admin/models")
                #expect(try await client.call(.post, "/api/v2/generate", bearer: key, json: body).status == .ok)
                let providers = try await admin.get("/admin/providers")
                #expect(providers.text.contains("OpenAI") && providers.text.contains(#"id="providers""#))
                let audit = try await admin.get("/admin/audit")
                #expect(audit.text.contains("disable_model") && audit.text.contains("enable_model"))
            }
        }
    }
}
