import Foundation
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// The slugs the Elumenta docs use for some models (issue 23): each answers as its catalog model with the params
/// its name implies, on the model's entry, the price and generation; `/models` still lists 52.
@Suite struct ModelAliasTests {
    @Test func documentedSlugsAnswerAsTheirModels() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        let catalog = fixture.app.services.catalog
        for (alias, model) in [
            ("midjourney-v6", "midjourney"), ("midjourney-turbo", "midjourney"), ("mj-video-480p", "midjourney-video"),
            ("mj-video-720p", "midjourney-video"), ("kling-v2.1-pro", "kling-v2.1"), ("luma-flash2", "luma-ray2-flash"),
        ] {
            #expect(catalog.model(alias)?.slug == model, "\(alias)")
            let entry = try await TestHTTP.request(.GET, fixture.gateway.url + "/api/v2/models/\(alias)")
            #expect(entry.status == 200 && entry.json["slug"]?.stringValue == model)
            #expect(entry.json["aliases"]?.arrayValue?.contains { $0["slug"]?.stringValue == alias } == true)
        }
        let list = try await TestHTTP.request(.GET, fixture.gateway.url + "/api/v2/models")
        #expect(list.json["count"] == 52)

        // The implied params price the request: turbo MidJourney is turbo's price, pro Kling is pro's.
        func price(_ slug: String, _ params: String = "{}") async throws -> Int64? {
            try await TestHTTP.request(
                .POST, fixture.gateway.url + "/api/v2/models/\(slug)/calculate-price", json: #"{"params": \#(params)}"#
            ).json["token_cost"]?.intValue
        }
        #expect(try await price("midjourney-turbo") == price("midjourney", #"{"speed": "turbo"}"#))
        #expect(try await price("midjourney-turbo") != price("midjourney"))
        #expect(try await price("kling-v2.1-pro") == price("kling-v2.1", #"{"mode": "pro"}"#))
        #expect(try await price("mj-video-720p") == price("midjourney-video", #"{"resolution": "720p"}"#))

        // Generating under an alias charges the implied params' price; contradicting them is a 422.
        let before = try await fixture.balance()
        let turbo = try await fixture.post("/api/v2/generate", #"{"model": "midjourney-turbo", "prompt": "a fox"}"#)
        #expect(turbo.status == 200 && turbo.json["model_slug"] == "midjourney", "\(turbo.body)")
        let held = try await fixture.balance()
        #expect(try await before - held == price("midjourney", #"{"speed": "turbo"}"#))
        let contradiction = try await fixture.post(
            "/api/v2/generate", #"{"model": "midjourney-turbo", "prompt": "a fox", "params": {"speed": "relax"}}"#)
        #expect(contradiction.status == 422 && contradiction.json["details"]?["fields"]?["params.speed"] != nil)
        await fixture.stop()
    }

    @Test func anAliasMustNotShadowASlugNorImplyBadParams() throws {
        let catalog = try Catalog.bundled()
        var models = catalog.models
        let base = try #require(catalog.model("midjourney"))
        func rebuilt(_ aliases: [ModelAlias]) -> ModelEntry {
            ModelEntry(
                slug: base.slug, name: base.name, category: base.category, provider: base.provider,
                upstreamModel: base.upstreamModel, tier: base.tier, mode: base.mode, vision: base.vision,
                deadlineSeconds: base.deadlineSeconds, description: base.description, price: base.price,
                params: base.params, fallbacks: base.fallbacks, aliases: aliases)
        }
        let position = try #require(models.firstIndex { $0.slug == "midjourney" })
        models[position] = rebuilt([ModelAlias(slug: "dall-e-3")])
        #expect(throws: CatalogError.self) { try Catalog(models: models) }
        models[position] = rebuilt([ModelAlias(slug: "mj-bad", params: ["speed": "warp"])])
        #expect(throws: CatalogError.self) { try Catalog(models: models) }
    }
}
