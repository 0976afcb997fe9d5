import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TollgateCore
import TollgateStore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Per-plan rate limits (SPEC §8): exact under concurrency, fixed UTC windows that roll over with the
/// clock, the five headers on every authenticated response, reads that never count.
@Suite struct RateLimitTests {
    static let databases = TestDatabase.available
    static let hourLimit = HTTPField.Name("X-RateLimit-Limit-Hour")!
    static let hourLeft = HTTPField.Name("X-RateLimit-Remaining-Hour")!
    static let dayLimit = HTTPField.Name("X-RateLimit-Limit-Day")!
    static let dayLeft = HTTPField.Name("X-RateLimit-Remaining-Day")!
    static let hourReset = HTTPField.Name("X-RateLimit-Reset-Hour")!

    @Test(arguments: databases)
    func vipBurstOf150GetsExactly100(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database, plan: "vip")
        let replies = try await Self.burst(150, on: fixture)
        #expect(replies.filter { $0.status == 200 }.count == 100)
        let refused = replies.filter { $0.status == 429 }
        #expect(refused.count == 50)
        for reply in refused {
            #expect(reply.json["error"] == "rate_limit_exceeded" && reply.json["plan"] == "vip")
            #expect(reply.json["limit_hour"] == 100 && reply.json["limit_day"] == 1000)
            #expect(reply.json["retry_after"]?.intValue.map { $0 > 0 && $0 <= 3600 } == true)
            #expect(reply.headers.first(name: "Retry-After") == reply.json["retry_after"]?.intValue.map(String.init))
            #expect(reply.headers.first(name: "X-RateLimit-Remaining-Hour") == "0")
        }
        let balance = try await fixture.get("/api/v2/balance")
        #expect(balance.headers.first(name: "X-RateLimit-Limit-Hour") == "100")
        #expect(balance.headers.first(name: "X-RateLimit-Remaining-Hour") == "0")
        #expect(balance.headers.first(name: "X-RateLimit-Remaining-Day") == "900")
        #expect(try await fixture.balance() == 1500 - 100)
        await fixture.stop()
    }

    /// A request refused for its balance is not counted in the windows (on PostgreSQL the admission is one
    /// statement that fails as a whole), under concurrency too.
    @Test(arguments: databases)
    func refusalsForBalanceAreNotCounted(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database, plan: "vip")
        _ = try await fixture.app.services.ledger.grant(
            accountID: fixture.account.id, tokens: -1497, bucket: .subscription, reason: "test: leave 3 tokens")
        let replies = try await Self.burst(20, on: fixture)
        #expect(replies.filter { $0.status == 200 }.count == 3)
        let refused = replies.filter { $0.status == 402 }
        #expect(refused.count == 17)
        #expect(
            refused.allSatisfy {
                $0.json["error"] == "insufficient_tokens" && $0.json["details"]?["available"] == 0
                    && $0.json["details"]?["required"] == 1
            })
        let balance = try await fixture.get("/api/v2/balance")
        #expect(balance.headers.first(name: "X-RateLimit-Remaining-Hour") == "97")
        #expect(balance.headers.first(name: "X-RateLimit-Remaining-Day") == "997")
        #expect(try await fixture.balance() == 0)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// `count` simultaneous gpt-5-nano generations; their replies in the order they came.
    static func burst(_ count: Int, on fixture: GatewayFixture) async throws -> [TestHTTP.Reply] {
        try await withThrowingTaskGroup(of: TestHTTP.Reply.self) { group in
            for index in 0..<count {
                group.addTask {
                    try await fixture.post("/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "burst \#(index)"}"#)
                }
            }
            return try await group.reduce(into: [TestHTTP.Reply]()) { $0.append($1) }
        }
    }

    /// A plan book whose VIP plan allows 3 generations an hour and 5 a day.
    static func tightPlans(in directory: String) throws -> String {
        var book = try PlanBook.bundled()
        let index = try #require(book.plans.firstIndex { $0.code == "vip" })
        book.plans[index].limitHour = 3
        book.plans[index].limitDay = 5
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let path = directory + "/plans.json"
        try encoder.encode(book).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: databases)
    func windowsRollOverAtTheHourAndAtUTCMidnight(_ database: TestDatabase) async throws {
        // 2026-05-28 20:26:40 UTC: 2000 s to the next hour, 3 h 33 min 20 s to midnight.
        let clock = TestClock(1_780_000_000_000)
        let simulator = try await RunningSimulator.start()
        let plansDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("plans-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: plansDirectory, withIntermediateDirectories: true)
        let plansFile = try Self.tightPlans(in: plansDirectory)
        let app = try await TestApp.make(database, clock: clock) { configuration in
            configuration.simulatorURL = simulator.url
            configuration.plansFile = plansFile
        }
        let (_, key) = try await app.account(plan: "vip")
        try await app.test { client in
            func generate() async throws -> TestResponse {
                try await client.call(
                    .post, "/api/v2/generate", bearer: key, json: #"{"model": "gpt-5-nano", "prompt": "hi"}"#)
            }
            func standing(_ response: TestResponse) -> [String?] {
                [Self.hourLimit, Self.hourLeft, Self.dayLimit, Self.dayLeft, Self.hourReset].map {
                    response.headers[$0]
                }
            }
            let hourEnd = "1780002000"

            var firstID: Int64 = 0
            for left in [2, 1, 0] {
                let answer = try await generate()
                #expect(answer.status == .ok)
                #expect(standing(answer) == ["3", String(left), "5", String(left + 2), hourEnd])
                firstID = firstID == 0 ? answer.json["id"]?.intValue ?? 0 : firstID
            }
            // Status polls, catalog and account reads show the standing but never count.
            for path in [
                "/api/v2/generate/\(firstID)", "/api/v2/generate/status/\(firstID)", "/api/v2/models",
                "/api/v2/models/gpt-5-nano",
                "/api/v2/balance", "/api/v2/user/balance", "/api/v2/user/me", "/api/v2/user/settings",
                "/api/v2/user/history",
                "/api/v2/user/stats", "/api/v2/keys",
            ] {
                let read = try await client.call(.get, path, bearer: key)
                #expect(read.status == .ok, "\(path)")
                #expect(standing(read) == ["3", "0", "5", "2", hourEnd], "\(path)")
            }

            let hourFull = try await generate()
            #expect(hourFull.status == .tooManyRequests)
            #expect(hourFull.json["retry_after"] == 2000 && hourFull.headers[.retryAfter] == "2000")
            #expect(
                hourFull.json["limit_hour"] == 3 && hourFull.json["limit_day"] == 5 && hourFull.json["plan"] == "vip")
            #expect(standing(hourFull) == ["3", "0", "5", "2", hourEnd])

            // 21:00:00 — a new hour window; the day goes on.
            clock.advance(milliseconds: 2_000_000)
            let nextHourEnd = "1780005600"
            #expect(standing(try await generate()) == ["3", "2", "5", "1", nextHourEnd])
            #expect(standing(try await generate()) == ["3", "1", "5", "0", nextHourEnd])
            let dayFull = try await generate()
            #expect(dayFull.status == .tooManyRequests)
            #expect(dayFull.json["retry_after"] == 10_800 && dayFull.json["details"]?["window"] == "day")
            #expect(standing(dayFull) == ["3", "1", "5", "0", nextHourEnd])

            // 23:59:59 — still the same day; 00:00:00 — a new day.
            clock.advance(milliseconds: 10_799_000)
            #expect(try await generate().status == .tooManyRequests)
            clock.advance(milliseconds: 1000)
            let midnight = try await generate()
            #expect(midnight.status == .ok)
            #expect(standing(midnight) == ["3", "2", "5", "4", "1780016400"])
        }
        await simulator.stop()
        try? FileManager.default.removeItem(atPath: plansDirectory)
    }

    @Test(arguments: databases)
    func everyAuthenticatedAnswerCarriesTheHeaders(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let (_, elite) = try await app.account("elite@example.com", plan: "elite")
        let (_, vip) = try await app.account("vip@example.com", plan: "vip")
        try await app.test { client in
            // Elite: unlimited, shown as 0 limits (as /user/me shows them) with remaining never read as exhausted.
            let balance = try await client.call(.get, "/api/v2/balance", bearer: elite)
            #expect(balance.headers[Self.hourLimit] == "0" && balance.headers[Self.hourLeft] == "2147483647")
            #expect(balance.headers[Self.dayLimit] == "0" && balance.headers[Self.dayLeft] == "2147483647")
            #expect(balance.headers[Self.hourReset].flatMap(Int64.init).map { $0 > 0 } == true)

            // Error answers too, in the native and the compatible shapes.
            let missing = try await client.call(.get, "/api/v2/generate/999999", bearer: vip)
            #expect(
                missing.status == .notFound && missing.headers[Self.hourLimit] == "100"
                    && missing.headers[Self.dayLeft] == "1000")
            let invalid = try await client.call(
                .patch, "/api/v2/user/settings", bearer: vip, json: #"{"language": "fr"}"#)
            #expect(invalid.status == .unprocessableContent && invalid.headers[Self.hourLimit] == "100")
            let compat = try await client.call(
                .post, "/v1/chat/completions", bearer: vip, json: #"{"model": "no-such-model", "messages": []}"#)
            #expect(compat.status.code >= 400 && compat.headers[Self.hourLimit] == "100")
            #expect(compat.json["error"]?["message"] != nil)
            #expect(try await client.call(.get, "/v1/models", bearer: vip).headers[Self.hourLimit] == "100")

            // Anonymous answers carry none.
            try await client.execute(uri: "/api/v2/models", method: .get) { response in
                #expect(response.status == .ok && response.headers[Self.hourLimit] == nil)
            }
            try await client.execute(uri: "/api/v2/balance", method: .get) { response in
                #expect(response.status == .unauthorized && response.headers[Self.hourLimit] == nil)
            }
        }
    }

    @Test(arguments: databases)
    func sweeperPrunesEndedWindows(_ database: TestDatabase) async throws {
        let clock = TestClock(1_780_000_000_000)
        let app = try await TestApp.make(database, clock: clock)
        let (account, _) = try await app.account(plan: "vip")
        let store = app.services.store
        let today = RateWindows(now: clock.nowMilliseconds())
        try await store.transaction { db in
            for start in [
                today.hourStart, today.hourStart - 3_600_000, today.dayStart - 2 * 3_600_000,
                today.dayStart - 3 * 86_400_000,
            ] {
                _ = try await store.rateWindows.increment(
                    accountID: account.id, windows: [WindowCount(kind: "h", windowStart: start, limit: 10)], on: db)
            }
            for start in [today.dayStart, today.dayStart - 86_400_000] {
                _ = try await store.rateWindows.increment(
                    accountID: account.id, windows: [WindowCount(kind: "d", windowStart: start, limit: 10)], on: db)
            }
        }
        try await app.services.rateLimits.prune()
        let left = try await store.read { db in
            try await db.raw("SELECT window_start FROM rate_windows ORDER BY window_start").all()
                .map { try $0.decode(column: "window_start", as: Int64.self) }
        }
        #expect(left == [today.dayStart, today.hourStart - 3_600_000, today.hourStart])
        #expect(try await app.services.rateLimits.state(accountID: account.id, planCode: "vip").usedHour == 1)
        await app.close()
    }
}
