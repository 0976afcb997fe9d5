import Foundation
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// The ledger under real HTTP concurrency (SPEC §9, issue "Token ledger"): exact balances, and
/// idempotency keys that never hold twice.
@Suite struct BillingConcurrencyTests {
    static let databases = TestDatabase.available

    @Test(arguments: databases)
    func tenTokensTwoHundredRequests(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database)
        // Elite (API access, no rate limit) with 10 tokens left.
        let account = try await fixture.app.services.accounts.create(email: "ten@example.com", planCode: "elite")
        _ = try await fixture.app.services.ledger.grant(
            accountID: account.id, tokens: -2_990, bucket: .subscription, reason: "leave 10")
        let key = try await fixture.app.services.keys.create(accountID: account.id, name: "load").key
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await TestHTTP.request(
                        .POST, fixture.gateway.url + "/api/v2/generate", key: key,
                        json: #"{"model": "gpt-5-nano", "prompt": "request \#(index)"}"#
                    ).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 200 }.count == 10)
        #expect(statuses.filter { $0 == 402 }.count == 190)
        #expect(try await fixture.app.services.accounts.find(id: account.id).availableTokens == 0)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func fiftySimultaneousRequestsWithOneIdempotencyKey(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database)
        let before = try await fixture.balance()
        let body = #"{"model": "gpt-5-nano", "prompt": "once only [[sim latency_ms=300]]"}"#
        let replies = try await withThrowingTaskGroup(of: TestHTTP.Reply.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await fixture.post("/api/v2/generate", body, headers: [("Idempotency-Key", "order-42")])
                }
            }
            return try await group.reduce(into: [TestHTTP.Reply]()) { $0.append($1) }
        }
        #expect(replies.allSatisfy { $0.status == 200 })
        #expect(Set(replies.compactMap { $0.json["id"]?.intValue }).count == 1)
        #expect(Set(replies.map(\.body)).count == 1)
        #expect(try await fixture.balance() == before - 1)
        let generations = try await fixture.app.services.store.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM generations").first()?.decode(column: "n", as: Int.self)
        }
        #expect(generations == 1)

        // The same key with another body is a conflict; a new key is a new generation.
        let other = try await fixture.post(
            "/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "different"}"#,
            headers: [("Idempotency-Key", "order-42")])
        #expect(other.status == 409 && other.json["error"] == "conflict")
        // Key order in the body does not matter.
        let reordered = try await fixture.post(
            "/api/v2/generate", #"{"prompt": "once only [[sim latency_ms=300]]", "model": "gpt-5-nano"}"#,
            headers: [("Idempotency-Key", "order-42")])
        #expect(reordered.status == 200 && reordered.json["id"] == replies[0].json["id"])
        #expect(try await fixture.balance() == before - 1)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// An idempotent request refused for its balance answers 402 with the balance and keeps nothing: not the
    /// key (the same key works once tokens arrive), not a window count, not a hold.
    @Test(arguments: databases)
    func idempotentRefusalKeepsNothing(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database, plan: "vip")
        _ = try await fixture.app.services.ledger.grant(
            accountID: fixture.account.id, tokens: -1500, bucket: .subscription, reason: "empty")
        let body = #"{"model": "gpt-5-nano", "prompt": "retry me"}"#
        let refused = try await fixture.post("/api/v2/generate", body, headers: [("Idempotency-Key", "pay-later")])
        #expect(refused.status == 402 && refused.json["error"] == "insufficient_tokens")
        #expect(refused.json["details"]?["available"] == 0 && refused.json["details"]?["required"] == 1)
        #expect(refused.headers.first(name: "X-RateLimit-Remaining-Hour") == "100")
        _ = try await fixture.app.services.ledger.grant(
            accountID: fixture.account.id, tokens: 5, bucket: .package, reason: "top up")
        let accepted = try await fixture.post("/api/v2/generate", body, headers: [("Idempotency-Key", "pay-later")])
        #expect(accepted.status == 200 && accepted.json["status"] == "completed", "\(accepted.body)")
        #expect(accepted.headers.first(name: "X-RateLimit-Remaining-Hour") == "99")
        #expect(try await fixture.balance() == 4)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// A retried `stream: true` request gets the stream it would have had — the same generation's events, its
    /// whole text as one delta — not the JSON object, and is charged once.
    @Test func anIdempotentStreamReplaysAsAStream() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        let before = try await fixture.balance()
        let body = #"{"model": "gpt-5-nano", "prompt": "stream once", "stream": true}"#
        let first = try await fixture.post("/api/v2/generate", body, headers: [("Idempotency-Key", "stream-1")])
        let again = try await fixture.post("/api/v2/generate", body, headers: [("Idempotency-Key", "stream-1")])
        for reply in [first, again] {
            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "Content-Type")?.hasPrefix("text/event-stream") == true)
            #expect(reply.body.hasSuffix("data: [DONE]\n\n"))
        }
        #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
        func events(_ body: String) throws -> [[String: JSONValue]] {
            try body.components(separatedBy: "\n\n").compactMap { line in
                guard line.hasPrefix("data: {") else { return nil }
                return try JSONValue(parsing: String(line.dropFirst(6))).objectValue
            }
        }
        let original = try events(first.body), replayed = try events(again.body)
        #expect(replayed.map { $0["type"]?.stringValue } == ["generation_start", "content_delta", "generation_end"])
        #expect(replayed.first?["id"] == original.first?["id"])
        let text = original.compactMap { $0["delta"]?.stringValue }.joined()
        #expect(!text.isEmpty && replayed[1]["delta"]?.stringValue == text)
        #expect(replayed.last?["tokens_spent"] == original.last?["tokens_spent"])
        #expect(try await fixture.balance() == before - 1)
        await fixture.stop()
    }
}
