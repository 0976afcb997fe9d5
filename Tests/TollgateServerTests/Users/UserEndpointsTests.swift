import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TollgateCore
import TollgateStore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// `/user/me`, `/user/settings`, `/user/history` and `/user/stats` (SPEC §5).
@Suite struct UserEndpointsTests {
    static let databases = TestDatabase.available

    @Test(arguments: databases)
    func profileReadAndChange(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let (account, key) = try await app.account("mia@example.com", plan: "vip", tokens: 7)
        let (_, otherKey) = try await app.account("ned@example.com", plan: "vip")
        try await app.test { client in
            let me = try await client.call(.get, "/api/v2/user/me", bearer: key)
            #expect(me.status == .ok)
            #expect(me.json["id"]?.intValue == account.id && me.json["email"] == "mia@example.com")
            #expect(me.json["plan"] == "vip" && me.json["token_balance"] == 1507 && me.json["token_limit"] == 1500)
            #expect(me.json["rate_limit_hourly"] == 100 && me.json["rate_limit_daily"] == 1000)
            #expect(me.json["username"] == "mia" && me.json["name"] == .null && me.json["avatar_url"] == .null)
            #expect(me.json["plan_expires_at"]?.stringValue != nil && me.json["created_at"]?.stringValue != nil)
            #expect(me.json["auth_methods"] == ["email": false, "telegram": false, "google": false, "phone": false])

            let changed = try await client.call(
                .patch, "/api/v2/user/me", bearer: key,
                json:
                    #"{"name": "  Mia Wallace ", "username": "Mia.W", "avatar_url": "https://cdn.example.com/mia.png"}"#
            )
            #expect(changed.status == .ok)
            #expect(changed.json["name"] == "Mia Wallace" && changed.json["username"] == "mia.w")
            #expect(changed.json["avatar_url"] == "https://cdn.example.com/mia.png")

            let bad = try await client.call(
                .patch, "/api/v2/user/me", bearer: key,
                json: #"{"name": "", "username": "a b", "avatar_url": "ftp://x", "plan": "elite"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(
                Set(bad.json["details"]?["fields"]?.objectValue?.keys ?? [:].keys) == [
                    "name", "username", "avatar_url", "plan",
                ])
            #expect(try await client.call(.get, "/api/v2/user/me", bearer: key).json["name"] == "Mia Wallace")

            let taken = try await client.call(
                .patch, "/api/v2/user/me", bearer: otherKey, json: #"{"username": "MIA.W"}"#)
            #expect(taken.status == .conflict)
            let cleared = try await client.call(
                .patch, "/api/v2/user/me", bearer: key, json: #"{"avatar_url": null, "username": null}"#)
            #expect(
                cleared.json["avatar_url"] == .null && cleared.json["username"] == "mia"
                    && cleared.json["name"] == "Mia Wallace")
            #expect(
                try await client.call(.patch, "/api/v2/user/me", bearer: otherKey, json: #"{"username": "mia.w"}"#)
                    .status == .ok)
            #expect(try await client.call(.patch, "/api/v2/user/me", bearer: key, json: #"[1]"#).status == .badRequest)
        }
    }

    @Test(arguments: databases)
    func settingsDefaultsAndValidation(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let (_, key) = try await app.account(plan: "vip")
        try await app.test { client in
            let defaults = try await client.call(.get, "/api/v2/user/settings", bearer: key)
            #expect(
                defaults.json == [
                    "language": "en", "image_format": "webp", "notifications_enabled": true,
                    "default_image_size": "1024x1024",
                ])
            let changed = try await client.call(
                .patch, "/api/v2/user/settings", bearer: key,
                json: #"{"language": "ru", "notifications_enabled": false}"#)
            #expect(changed.status == .ok)
            #expect(
                changed.json == [
                    "language": "ru", "image_format": "webp", "notifications_enabled": false,
                    "default_image_size": "1024x1024",
                ])
            let more = try await client.call(
                .patch, "/api/v2/user/settings", bearer: key,
                json: #"{"image_format": "png", "default_image_size": "1792x1024"}"#)
            #expect(
                more.json == [
                    "language": "ru", "image_format": "png", "notifications_enabled": false,
                    "default_image_size": "1792x1024",
                ])

            let bad = try await client.call(
                .patch, "/api/v2/user/settings", bearer: key,
                json:
                    #"{"language": "fr", "image_format": "gif", "notifications_enabled": "yes", "default_image_size": "1x1", "theme": "dark"}"#
            )
            #expect(bad.status == .unprocessableContent && bad.json["error"] == "validation_error")
            #expect(
                Set(bad.json["details"]?["fields"]?.objectValue?.keys ?? [:].keys)
                    == ["language", "image_format", "notifications_enabled", "default_image_size", "theme"])
            #expect(try await client.call(.get, "/api/v2/user/settings", bearer: key).json == more.json)
        }
    }

    /// Stores a finished generation directly (history does not care how it ran).
    static func seed(
        _ app: TestApp, accountID: Int64, model: String, category: String, status: GenerationStatus, tokens: Int64,
        createdAt: Int64, prompt: String
    ) async throws -> Int64 {
        let store = app.services.store
        return try await store.transaction { db in
            let row = try await store.generations.insertPending(
                NewGeneration(
                    accountID: accountID, keyID: nil, modelSlug: model, category: category, prompt: prompt,
                    request: nil, price: tokens,
                    heldSubscription: 0, heldPackage: 0, heldCycle: nil, deadlineAt: createdAt + 60_000,
                    createdAt: createdAt), on: db)
            if status != .pending {
                _ = try await store.generations.finishReadingCycle(
                    id: row.id,
                    outcome: GenerationOutcome(
                        status: status, tokensSpent: status == .completed ? tokens : 0,
                        resultText: status == .completed ? "result \(prompt)" : nil,
                        error: status == .failed ? "boom" : nil, processingMs: 5, completedAt: createdAt + 5), on: db)
            }
            return row.id
        }
    }

    @Test(arguments: databases)
    func historyPagesFiltersAndMarks(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let app = try await TestApp.make(database, clock: clock)
        let (account, key) = try await app.account("olga@example.com", plan: "vip")
        let (other, otherKey) = try await app.account("pat@example.com", plan: "vip")
        let now = clock.nowMilliseconds()
        var ids: [Int64] = []
        let kinds: [(String, String, GenerationStatus)] = [
            ("gpt-5-nano", "text", .completed), ("dall-e-3", "image", .completed), ("upscale", "image_tool", .failed),
            ("sora-2", "video", .pending), ("elevenlabs-sfx", "audio_tool", .completed),
        ]
        for index in 0..<25 {
            let (model, category, status) = kinds[index % kinds.count]
            ids.append(
                try await Self.seed(
                    app, accountID: account.id, model: model, category: category, status: status, tokens: 2,
                    createdAt: now - Int64(25 - index) * 1000, prompt: "p\(index)"))
        }
        let foreign = try await Self.seed(
            app, accountID: other.id, model: "gpt-5-nano", category: "text", status: .completed, tokens: 1,
            createdAt: now, prompt: "theirs")
        let seeded = ids
        try await app.test { client in
            let first = try await client.call(.get, "/api/v2/user/history", bearer: key)
            #expect(first.status == .ok)
            #expect(
                first.json["total"] == 25 && first.json["page"] == 1 && first.json["limit"] == 20
                    && first.json["pages"] == 2)
            let items = try #require(first.json["items"]?.arrayValue)
            #expect(items.count == 20 && items.first?["id"]?.intValue == seeded.last && items.first?["prompt"] == "p24")
            let item = try #require(items.first { $0["model_slug"] == "gpt-5-nano" })
            for field in [
                "id", "model_slug", "model_name", "category", "prompt", "status", "result_text", "result_url",
                "tokens_spent",
                "is_favorited", "user_rating", "created_at",
            ] {
                #expect(item[field] != nil, "\(field)")
            }
            #expect(item["model_name"]?.stringValue == app.services.catalog.model("gpt-5-nano")?.name)
            #expect(
                item["status"] == "completed" && item["tokens_spent"] == 2 && item["is_favorited"] == false
                    && item["user_rating"] == .null)

            let second = try await client.call(.get, "/api/v2/user/history?page=2", bearer: key)
            #expect(
                second.json["items"]?.arrayValue?.count == 5
                    && second.json["items"]?.arrayValue?.last?["id"]?.intValue == seeded.first)
            #expect(
                try await client.call(.get, "/api/v2/user/history?page=3&limit=10", bearer: key).json["items"]?
                    .arrayValue?.count == 5)
            let images = try await client.call(.get, "/api/v2/user/history?category=image&limit=100", bearer: key)
            #expect(images.json["total"] == 5 && images.json["pages"] == 1)
            #expect(try await client.call(.get, "/api/v2/user/history?category=tool", bearer: key).json["total"] == 10)
            #expect(
                try await client.call(.get, "/api/v2/user/history?model_slug=sora-2", bearer: key).json["total"] == 5)
            #expect(try await client.call(.get, "/api/v2/user/history?status=failed", bearer: key).json["total"] == 5)
            // `type`, the docs' other spelling of `category` (it was ignored: every item came back).
            #expect(try await client.call(.get, "/api/v2/user/history?type=video", bearer: key).json["total"] == 5)
            #expect(try await client.call(.get, "/api/v2/user/history?type=audio", bearer: key).json["total"] == 5)
            for query in ["type=bogus", "type=image&category=text"] {
                let refused = try await client.call(.get, "/api/v2/user/history?\(query)", bearer: key)
                #expect(refused.status == .unprocessableContent, "\(query)")
            }
            #expect(
                try await client.call(.get, "/api/v2/user/history?type=image&category=image", bearer: key).json[
                    "total"] == 5)
            // File URLs are absolute, as in the generation object.
            try await app.services.store.statement { db in
                try await db.raw(
                    "UPDATE generations SET result_url = '/files/r.png', thumbnail_url = '/files/t.jpg' WHERE id = \(bind: seeded[1])"
                ).run()
            }
            let withFile = try await client.call(.get, "/api/v2/user/history?category=image&limit=100", bearer: key)
            let filed = try #require(withFile.json["items"]?.arrayValue?.first { $0["id"]?.intValue == seeded[1] })
            let resultURL = try #require(filed["result_url"]?.stringValue)
            #expect(resultURL.hasPrefix("http") && resultURL.hasSuffix("/files/r.png"), "\(resultURL)")
            #expect(filed["thumbnail_url"]?.stringValue?.hasSuffix("/files/t.jpg") == true)
            #expect(filed["thumbnail_url"]?.stringValue?.hasPrefix("http") == true)
            #expect(
                try await client.call(.get, "/api/v2/user/history?status=completed&category=text", bearer: key).json[
                    "total"] == 5)
            let badQuery = try await client.call(
                .get, "/api/v2/user/history?limit=101&page=0&category=poetry&status=done&favorites_only=maybe",
                bearer: key)
            #expect(badQuery.status == .unprocessableContent)
            #expect(
                Set(badQuery.json["details"]?["fields"]?.objectValue?.keys ?? [:].keys) == [
                    "limit", "page", "category", "status", "favorites_only",
                ])

            // Favourite toggles; rating 1–5; both only on the caller's own live generations.
            let target = seeded[3]
            let on = try await client.call(.post, "/api/v2/user/history/\(target)/favorite", bearer: key)
            #expect(on.status == .ok && on.json == ["id": .int(target), "is_favorited": true])
            #expect(
                try await client.call(.post, "/api/v2/user/history/\(seeded[4])/favorite", bearer: key).json[
                    "is_favorited"] == true)
            #expect(
                try await client.call(.post, "/api/v2/user/history/\(seeded[4])/favorite", bearer: key).json[
                    "is_favorited"] == false)
            let favorites = try await client.call(.get, "/api/v2/user/history?favorites_only=true", bearer: key)
            #expect(favorites.json["total"] == 1 && favorites.json["items"]?.arrayValue?.first?["is_favorited"] == true)
            let rated = try await client.call(
                .post, "/api/v2/user/history/\(target)/rate", bearer: key, json: #"{"rating": 5}"#)
            #expect(rated.status == .ok && rated.json["user_rating"] == 5)
            for rating in ["0", "6", "4.5", "\"5\""] {
                let refused = try await client.call(
                    .post, "/api/v2/user/history/\(target)/rate", bearer: key, json: #"{"rating": \#(rating)}"#)
                #expect(refused.status == .unprocessableContent, "\(rating)")
            }
            #expect(
                try await client.call(.post, "/api/v2/user/history/\(foreign)/favorite", bearer: key).status
                    == .notFound)
            #expect(
                try await client.call(
                    .post, "/api/v2/user/history/\(foreign)/rate", bearer: key, json: #"{"rating": 1}"#
                ).status == .notFound)

            // Soft delete: gone from the history and from the status route, never anyone else's.
            #expect(try await client.call(.delete, "/api/v2/user/history/\(foreign)", bearer: key).status == .notFound)
            #expect(try await client.call(.delete, "/api/v2/user/history/\(target)", bearer: key).status == .noContent)
            #expect(try await client.call(.delete, "/api/v2/user/history/\(target)", bearer: key).status == .notFound)
            #expect(try await client.call(.get, "/api/v2/generate/\(target)", bearer: key).status == .notFound)
            #expect(
                try await client.call(.get, "/api/v2/user/history?favorites_only=1", bearer: key).json["total"] == 0)
            #expect(try await client.call(.get, "/api/v2/user/history", bearer: key).json["total"] == 24)
            #expect(
                try await client.call(.post, "/api/v2/user/history/\(target)/favorite", bearer: key).status == .notFound
            )
            #expect(try await client.call(.get, "/api/v2/user/history", bearer: otherKey).json["total"] == 1)
        }
    }

    @Test(arguments: databases)
    func statsCountCompletedGenerations(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let app = try await TestApp.make(database, clock: clock)
        let (account, key) = try await app.account(plan: "vip")
        let now = clock.nowMilliseconds()
        let old = now - 40 * 86_400_000
        let rows: [(String, String, GenerationStatus, Int64, Int64)] = [
            ("gpt-5-nano", "text", .completed, 1, now), ("gpt-5", "text", .completed, 2, old),
            ("dall-e-3", "image", .completed, 5, now),
            ("sora-2", "video", .completed, 42, old), ("musicgen", "music", .completed, 9, now),
            ("whisper", "stt", .completed, 2, now),
            ("upscale", "image_tool", .completed, 1, now), ("el-dubbing", "audio_tool", .completed, 60, old),
            ("gpt-5", "text", .failed, 2, now), ("sora-2", "video", .pending, 42, now),
        ]
        for (model, category, status, tokens, at) in rows {
            _ = try await Self.seed(
                app, accountID: account.id, model: model, category: category, status: status, tokens: tokens,
                createdAt: at, prompt: model)
        }
        try await app.test { client in
            let stats = try await client.call(.get, "/api/v2/user/stats", bearer: key)
            #expect(stats.status == .ok)
            #expect(stats.json["total_generations"] == 8 && stats.json["tokens_spent_total"] == 122)
            #expect(
                stats.json["breakdown"] == [
                    "text": ["count": 2, "tokens": 3], "image": ["count": 1, "tokens": 5],
                    "video": ["count": 1, "tokens": 42],
                    "audio": ["count": 2, "tokens": 11], "tools": ["count": 2, "tokens": 61],
                ])
            #expect(stats.json["recent_30d"] == ["generations": 5, "tokens_spent": 18])
            #expect(stats.json["by_category"]?["audio_tool"] == ["count": 1, "tokens": 60])
        }
    }
}
