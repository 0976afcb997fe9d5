import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// API keys over HTTP (SPEC §2): format, hashing at rest, show-once, last use, revocation at once.
@Suite struct KeysTests {
    static let databases = TestDatabase.available

    @Test func secretsHaveTheDocumentedShape() {
        var seen = Set<String>()
        for _ in 0..<200 {
            let key = ApiKeySecret.generate()
            #expect(key.count == 48)
            #expect(key.hasPrefix("nb_"))
            #expect(key.dropFirst(3).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
            #expect(ApiKeySecret.isWellFormed(Substring(key)))
            seen.insert(key)
        }
        #expect(seen.count == 200)
        #expect(!ApiKeySecret.isWellFormed("nb_short"))
        #expect(!ApiKeySecret.isWellFormed(Substring("sk_" + String(repeating: "a", count: 45))))
        #expect(ApiKeySecret.constantTimeEqual("abc", "abc"))
        #expect(!ApiKeySecret.constantTimeEqual("abc", "abd"))
        #expect(!ApiKeySecret.constantTimeEqual("abc", "abcd"))
    }

    @Test(arguments: databases)
    func createListRenameRevoke(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let (account, key) = try await app.account()
        try await app.test { client in
            let created = try await client.execute(
                uri: "/api/v2/keys", method: .post, headers: .bearer(key), body: .json(#"{"name": "ci"}"#)
            ) { response in
                #expect(response.status == .created)
                return response.json
            }
            let secret = try #require(created["key"]?.stringValue)
            let id = try #require(created["id"]?.intValue)
            #expect(secret.count == 48 && secret.hasPrefix("nb_"))
            #expect(created["name"] == "ci")
            #expect(created["created_at"]?.stringValue != nil)

            // The secret is stored only as its hash.
            let stored = try await app.services.store.read { db in
                try await app.services.store.keys.list(accountID: account.id, on: db)
            }
            #expect(!stored.contains { $0.keyHash == secret || $0.keyPrefix == secret })
            #expect(stored.contains { $0.keyHash == ApiKeySecret.hash(Substring(secret)) })

            // The new key works, and the list never shows a secret.
            try await client.execute(uri: "/api/v2/keys", method: .get, headers: .bearer(secret)) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(!body.contains(secret))
                #expect(!body.contains(key))
                #expect(response.json["count"] == 2)
            }
            // Either header works.
            try await client.execute(
                uri: "/api/v2/balance", method: .get, headers: [HTTPField.Name("X-API-Key")!: secret]
            ) { response in
                #expect(response.status == .ok)
            }

            try await client.execute(
                uri: "/api/v2/keys/\(id)", method: .patch, headers: .bearer(key), body: .json(#"{"name": "prod"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.json["name"] == "prod")
            }
            try await client.execute(
                uri: "/api/v2/keys/\(id)", method: .patch, headers: .bearer(key), body: .json(#"{"name": ""}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.json["error"] == "validation_error")
                #expect(response.json["details"]?["fields"]?["name"] != nil)
            }

            try await client.execute(uri: "/api/v2/keys/\(id)", method: .delete, headers: .bearer(key)) { response in
                #expect(response.status == .noContent)
            }
            // Revocation is effective at once.
            try await client.execute(uri: "/api/v2/balance", method: .get, headers: .bearer(secret)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.json["error"] == "not_authenticated")
            }
            try await client.execute(uri: "/api/v2/keys/\(id)", method: .delete, headers: .bearer(key)) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test(arguments: databases)
    func accountsCannotTouchEachOthersKeys(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let (_, alice) = try await app.account("alice@example.com")
        let (bob, bobKey) = try await app.account("bob@example.com")
        let bobKeys = try await app.services.keys.list(accountID: bob.id)
        let bobKeyID = try #require(bobKeys.first?.id)
        try await app.test { client in
            try await client.execute(uri: "/api/v2/keys/\(bobKeyID)", method: .delete, headers: .bearer(alice)) {
                response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v2/balance", method: .get, headers: .bearer(bobKey)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test(arguments: databases)
    func badCredentialsAndPlansWithoutAPIAccess(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let (_, basicKey) = try await app.account("basic@example.com", plan: "basic")
        try await app.test { client in
            try await client.execute(uri: "/api/v2/balance", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.json["error"] == "not_authenticated")
            }
            let forged = "nb_" + String(repeating: "A", count: 45)
            try await client.execute(uri: "/api/v2/balance", method: .get, headers: .bearer(forged)) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v2/balance", method: .get, headers: [.authorization: "Basic abc"]) {
                response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v2/balance", method: .get, headers: .bearer(basicKey)) { response in
                #expect(response.status == .forbidden)
                #expect(response.json["error"] == "insufficient_plan")
                #expect(response.json["details"]?["required_plan"] == "vip")
            }
        }
    }

    @Test(arguments: databases)
    func lastUseIsRecorded(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let (account, key) = try await app.account()
        try await app.test { client in
            try await client.execute(uri: "/api/v2/balance", method: .get, headers: .bearer(key)) { response in
                #expect(response.status == .ok)
            }
            // The instance's own periodic flush may have taken the use first and be writing it: wait for the row.
            var used = false
            for _ in 0..<50 where !used {
                try await app.services.authenticator.flushUsage()
                used = try await app.services.keys.list(accountID: account.id).first?.lastUsedAt != nil
                if !used { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(used)
        }
    }

    @Test(arguments: databases)
    func balanceShowsBuckets(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let (_, key) = try await app.account(plan: "vip", tokens: 25)
        try await app.test { client in
            try await client.execute(uri: "/api/v2/balance", method: .get, headers: .bearer(key)) { response in
                let body = response.json
                #expect(body["token_balance"] == 1525)
                #expect(body["plan"] == "vip")
                #expect(body["plan_expires_at"]?.stringValue != nil)
            }
            try await client.execute(uri: "/api/v2/user/balance", method: .get, headers: .bearer(key)) { response in
                let body = response.json
                #expect(body["plan_tokens_remaining"] == 1500)
                #expect(body["bonus_tokens"] == 25)
                #expect(body["tokens_on_hold"] == 0)
            }
        }
    }
}
