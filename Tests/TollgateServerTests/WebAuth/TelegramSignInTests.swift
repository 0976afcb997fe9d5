import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Telegram Login Widget sign-in (SPEC §2): payloads signed here, independently, with a known bot token.
@Suite struct TelegramSignInTests {
    static let databases = TestDatabase.available
    static let botToken = "123456789:AAE-test-bot-token"

    /// The widget's JSON for `fields`, with the `hash` Telegram would compute: hex HMAC-SHA256, keyed with
    /// SHA-256 of the bot token, of the `key=value` lines sorted by key.
    static func signed(_ fields: [String: String], botToken: String = botToken) -> String {
        let check = fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: "\n")
        let key = SymmetricKey(data: Data(SHA256.hash(data: Data(botToken.utf8))))
        let hash = HMAC<SHA256>.authenticationCode(for: Data(check.utf8), using: key).map { String(format: "%02x", $0) }
            .joined()
        var object: [String: JSONValue] = ["hash": .string(hash)]
        for (key, value) in fields {
            object[key] = key == "id" || key == "auth_date" ? .int(Int64(value)!) : .string(value)
        }
        return String(decoding: try! JSONEncoder().encode(JSONValue.object(object)), as: UTF8.self)
    }

    static func fields(id: Int64, authDate: Int64, username: String? = "tg_user") -> [String: String] {
        var fields = ["id": String(id), "first_name": "Tess", "last_name": "Gram", "auth_date": String(authDate)]
        fields["username"] = username
        return fields
    }

    @Test(arguments: databases)
    func signsUpThenSignsIn(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let (app, _) = try await TestApp.withOutbox(database, clock: clock) {
            $0.webAuth.telegramBotToken = Secret(Self.botToken)
        }
        let now = clock.nowMilliseconds() / 1000
        try await app.test { client in
            let first = try await client.post(
                "/api/v2/auth/telegram", Self.signed(Self.fields(id: 777_001, authDate: now - 60)))
            #expect(first.status == .ok)
            #expect(first.json["is_new_user"] == true && first.json["token_type"] == "bearer")
            #expect(first.json["user"]?["plan"] == "free" && first.json["user"]?["token_balance"] == 50)
            #expect(first.json["user"]?["email"] == .null && first.json["user"]?["telegram_id"] == 777_001)
            let access = try #require(first.json["access_token"]?.stringValue)
            #expect(first.json["refresh_token"]?.stringValue != nil)

            let me = try await client.call(.get, "/api/v2/user/me", bearer: access)
            #expect(me.json["email"] == .null && me.json["name"] == "Tess Gram")
            #expect(me.json["telegram_username"] == "tg_user" && me.json["username"] == "tg_user")
            #expect(me.json["auth_methods"] == ["email": false, "telegram": true, "google": false, "phone": false])

            let again = try await client.post(
                "/api/v2/auth/telegram", Self.signed(Self.fields(id: 777_001, authDate: now, username: "renamed")))
            #expect(again.status == .ok && again.json["is_new_user"] == false)
            #expect(again.json["user"]?["id"] == first.json["user"]?["id"])
            #expect(
                try await client.call(.get, "/api/v2/user/me", bearer: access).json["telegram_username"] == "renamed")
        }
    }

    @Test(arguments: databases)
    func refusesBadSignaturesAndOldPayloads(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let (app, _) = try await TestApp.withOutbox(database, clock: clock) {
            $0.webAuth.telegramBotToken = Secret(Self.botToken)
        }
        let now = clock.nowMilliseconds() / 1000
        try await app.test { client in
            // Signed with another bot's token.
            let foreign = try await client.post(
                "/api/v2/auth/telegram", Self.signed(Self.fields(id: 5, authDate: now), botToken: "999:other"))
            #expect(foreign.status == .unauthorized && foreign.json["error"] == "not_authenticated")
            // A field changed after signing.
            let tampered = Self.signed(Self.fields(id: 5, authDate: now)).replacingOccurrences(
                of: "Tess", with: "Mallory")
            #expect(try await client.post("/api/v2/auth/telegram", tampered).status == .unauthorized)
            // A field added after signing.
            let added = Self.signed(Self.fields(id: 5, authDate: now)).replacingOccurrences(
                of: "{", with: #"{"photo_url":"https://x.test/a.jpg","#)
            #expect(try await client.post("/api/v2/auth/telegram", added).status == .unauthorized)
            // Older than a day, or from the future.
            #expect(
                try await client.post("/api/v2/auth/telegram", Self.signed(Self.fields(id: 5, authDate: now - 86_401)))
                    .status == .unauthorized)
            #expect(
                try await client.post("/api/v2/auth/telegram", Self.signed(Self.fields(id: 5, authDate: now + 3_600)))
                    .status == .unauthorized)
            // Missing fields.
            let missing = try await client.post("/api/v2/auth/telegram", #"{"id": 5, "hash": "00"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(
                try await client.post("/api/v2/auth/telegram", Self.signed(Self.fields(id: 5, authDate: now - 86_000)))
                    .status == .ok)
        }
    }

    @Test(arguments: databases)
    func linksToTheSignedInAccount(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let (app, _) = try await TestApp.withOutbox(database, clock: clock) {
            $0.webAuth.telegramBotToken = Secret(Self.botToken)
        }
        let now = clock.nowMilliseconds() / 1000
        try await app.test { client in
            let login = try await client.signUp("kim@example.com")
            let access = try #require(login["access_token"]?.stringValue)
            let linked = try await client.post(
                "/api/v2/auth/telegram", Self.signed(Self.fields(id: 42, authDate: now)),
                headers: [.authorization: "Bearer \(access)"])
            #expect(linked.status == .ok && linked.json["is_new_user"] == false)
            #expect(
                linked.json["user"]?["id"] == login["user"]?["id"] && linked.json["user"]?["email"] == "kim@example.com"
            )
            let me = try await client.call(.get, "/api/v2/user/me", bearer: access)
            #expect(me.json["auth_methods"] == ["email": true, "telegram": true, "google": false, "phone": false])

            // That Telegram user is taken; this account has its Telegram already.
            let other = try await client.signUp("lee@example.com")
            let otherAccess = try #require(other["access_token"]?.stringValue)
            let taken = try await client.post(
                "/api/v2/auth/telegram", Self.signed(Self.fields(id: 42, authDate: now)),
                headers: [.authorization: "Bearer \(otherAccess)"])
            #expect(taken.status == .conflict)
            let second = try await client.post(
                "/api/v2/auth/telegram", Self.signed(Self.fields(id: 43, authDate: now)),
                headers: [.authorization: "Bearer \(access)"])
            #expect(second.status == .conflict)
        }
    }

    @Test func unconfiguredBotAnswers503() async throws {
        let (app, _) = try await TestApp.withOutbox(.sqlite)
        try await app.test { client in
            let answer = try await client.post("/api/v2/auth/telegram", Self.signed(Self.fields(id: 1, authDate: 1)))
            #expect(answer.status == .serviceUnavailable && answer.json["error"] == "not_configured")
        }
    }

    @Test func dataCheckStringIsSortedLines() {
        let fields = ["id": "1", "auth_date": "2", "first_name": "A", "hash": "x"]
        #expect(TelegramLogin.dataCheckString(fields) == "auth_date=2\nfirst_name=A\nid=1")
    }
}
