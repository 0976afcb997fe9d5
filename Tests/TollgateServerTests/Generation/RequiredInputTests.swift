import Foundation
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// What schemathesis found answering 500 (issue 22): a request missing what its model needs is a 400 or 422
/// before anything is admitted — no generation, no hold, no rate-limit slot — on every surface.
@Suite struct RequiredInputTests {
    @Test func missingOrUnusableInputIsRefusedBeforeAdmission() async throws {
        let fixture = try await GatewayFixture.start(.sqlite, plan: "vip")
        let before = try await fixture.balance()
        let cases: [(path: String, body: String, status: Int, field: String?)] = [
            ("/api/v2/generate", #"{"model": "dall-e-3"}"#, 400, nil),
            ("/api/v2/generate", #"{"model": "elevenlabs-sfx", "params": {"duration_seconds": 3}}"#, 400, nil),
            ("/api/v2/generate", #"{"model": "midjourney", "prompt": " \n "}"#, 422, "prompt"),
            ("/api/v2/generate", #"{"model": "sora-2"}"#, 400, nil),
            ("/api/v2/generate", #"{"model": "whisper", "prompt": "x"}"#, 422, "model"),
            (
                "/api/v2/generate",
                #"{"model": "gemini-3-pro", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/^"}}]}]}"#,
                422, "messages[0].image_url"
            ),
            (
                "/api/v2/generate",
                #"{"model": "gemini-3-pro", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,^^^"}}]}]}"#,
                422, "messages[0].image_url"
            ),
        ]
        for item in cases {
            let reply = try await fixture.post(item.path, item.body)
            #expect(reply.status == item.status, "\(item.body): \(reply.body)")
            if let field = item.field {
                #expect(reply.json["details"]?["fields"]?[field] != nil, "\(item.body): \(reply.body)")
            }
        }
        // The compatible surfaces, in their own shapes.
        let image = try await fixture.post("/v1/images/generations", #"{"model": "midjourney", "prompt": "\n\n"}"#)
        #expect(image.status == 422 && image.json["error"]?["code"] == "validation_error", "\(image.body)")
        let claude = try await fixture.post(
            "/v1/messages",
            #"{"model": "claude-haiku-4.5", "max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "^^"}}]}]}"#
        )
        #expect(claude.status == 422 && claude.json["type"] == "error", "\(claude.body)")
        let empty = try await fixture.post(
            "/v1/messages",
            #"{"model": "claude-haiku-4.5", "max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "url", "url": ""}}]}]}"#
        )
        #expect(empty.status == 422, "\(empty.body)")

        // Nothing was admitted: no generation, no tokens, no rate-limit slot.
        let generations = try await fixture.app.services.store.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM generations").first()?.decode(column: "n", as: Int.self)
        }
        #expect(generations == 0)
        #expect(try await fixture.balance() == before)
        let next = try await fixture.post("/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "hi"}"#)
        #expect(next.status == 200)
        let limit = try #require(next.headers.first(name: "X-RateLimit-Limit-Hour").flatMap(Int.init))
        let remaining = try #require(next.headers.first(name: "X-RateLimit-Remaining-Hour").flatMap(Int.init))
        #expect(limit > 0 && remaining == limit - 1)
        await fixture.stop()
    }
}
