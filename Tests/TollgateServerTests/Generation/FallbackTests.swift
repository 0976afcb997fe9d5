import Foundation
import Testing
import TollgateCore
import TollgateSimulator
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Fallback routes [ext]: when a model's provider fails with a 5xx, a 429, a timeout or a broken
/// connection before anything reached the client, the next route answers.
@Suite struct FallbackTests {
    static let databases = TestDatabase.available

    /// A catalog whose gpt-5-nano falls back to xAI, and an OpenAI endpoint nobody listens on.
    static func start(_ database: TestDatabase) async throws -> GatewayFixture {
        try await GatewayFixture.start(database) { configuration in
            configuration.catalogFile = try? Self.catalogWithFallback(directory: configuration.dataDirectory)
            configuration.providers["openai"] = ProviderSettings(baseURL: "http://127.0.0.1:1")
        }
    }

    static func catalogWithFallback(directory: String) throws -> String {
        let url = try #require(Catalog.bundledURL)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var models = try #require(json["models"] as? [[String: Any]])
        for index in models.indices where models[index]["slug"] as? String == "gpt-5-nano" {
            models[index]["fallbacks"] = [["provider": "xai", "upstream_model": "grok-4-fast-non-reasoning"]]
        }
        json["models"] = models
        let path = directory + "/catalog-fallback.json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: databases)
    func theNextRouteAnswersWhenTheFirstIsDown(_ database: TestDatabase) async throws {
        let fixture = try await Self.start(database)
        let reply = try await fixture.post("/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "hello"}"#)
        #expect(reply.status == 200)
        #expect(reply.json["result_text"]?.stringValue?.contains("xai") == true)
        let lines = try await TestHTTP.stream(
            fixture.gateway.url + "/api/v2/generate/stream", key: fixture.key,
            json: #"{"model": "gpt-5-nano", "prompt": "hello"}"#)
        #expect(StreamTests.types(lines).last == "generation_end")
        let streamed = StreamTests.events(lines).compactMap { $0["delta"]?.stringValue }.joined()
        #expect(streamed.contains("xai"))
        // A model without fallbacks on the same dead provider fails, unbilled.
        let before = try await fixture.balance()
        let failed = try await fixture.post("/api/v2/generate", #"{"model": "gpt-5", "prompt": "hello"}"#)
        #expect(failed.status == 500 && failed.json["error"] == "provider_error")
        #expect(try await fixture.balance() == before)
        await fixture.stop()
    }

    /// A stream whose first route goes silent before any content (the upstream answered 200, then nothing
    /// for longer than its read timeout) is given up on and the next route answers; unbilled for the first.
    @Test(arguments: databases)
    func theNextRouteAnswersWhenTheFirstStallsBeforeAnyContent(_ database: TestDatabase) async throws {
        var stalling = SimulatorKnobs()
        stalling.stallAfter = 0
        let silent = try await RunningSimulator.start(defaults: stalling)
        let fixture = try await GatewayFixture.start(database) { configuration in
            configuration.catalogFile = try? Self.catalogWithFallback(directory: configuration.dataDirectory)
            var openAI = ProviderSettings(baseURL: silent.url + "/openai")
            openAI.readTimeoutSeconds = 1
            configuration.providers["openai"] = openAI
        }
        let before = try await fixture.balance()
        let lines = try await TestHTTP.stream(
            fixture.gateway.url + "/api/v2/generate/stream", key: fixture.key,
            json: #"{"model": "gpt-5-nano", "prompt": "hello"}"#)
        #expect(StreamTests.types(lines).last == "generation_end", "\(lines)")
        let streamed = StreamTests.events(lines).compactMap { $0["delta"]?.stringValue }.joined()
        #expect(streamed.contains("xai"))
        #expect(silent.stats.streamsStarted == 1)
        #expect(try await fixture.eventually { silent.stats.streamsCancelled == 1 })
        #expect(try await fixture.balance() == before - 1)
        await fixture.stop()
        await silent.stop()
    }
}
