import Foundation
import Logging
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// `POST /api/v2/generate` for text models against the simulator: answers, billing, errors, input.
@Suite struct GenerateTests {
    static let databases = TestDatabase.available

    @Test(arguments: databases)
    func completesChargesAndCanBePolled(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database)
        let before = try await fixture.balance()
        let reply = try await fixture.post("/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "Say hello"}"#)
        #expect(reply.status == 200)
        let body = reply.json
        #expect(body["status"] == "completed")
        #expect(body["model_slug"] == "gpt-5-nano" && body["model"] == "gpt-5-nano")
        #expect(body["result_text"]?.stringValue?.contains("simulated") == true)
        #expect(body["content"] == body["result_text"])
        #expect(body["tokens_spent"] == 1 && body["tokens_used"] == 1)
        #expect(body["balance_remaining"] == .int(before - 1))
        #expect(body["usage"]?["input_tokens"]?.intValue != nil)
        #expect(body["processing_ms"]?.intValue != nil)
        #expect(reply.headers.first(name: "X-RateLimit-Limit-Hour") == "0")
        let id = try #require(body["id"]?.intValue)

        let polled = try await fixture.get("/api/v2/generate/\(id)")
        #expect(polled.status == 200 && polled.json["result_text"] == body["result_text"])
        #expect(try await fixture.get("/api/v2/generate/status/\(id)").json["status"] == "completed")
        #expect(try await fixture.balance() == before - 1)
        #expect(try await fixture.ledgerProblems().isEmpty)

        // Someone else's generation is not found.
        let (_, otherKey) = try await fixture.app.account("other@example.com")
        let foreign = try await TestHTTP.request(.GET, fixture.gateway.url + "/api/v2/generate/\(id)", key: otherKey)
        #expect(foreign.status == 404)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func everyTextProviderAnswers(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database)
        for model in [
            "gpt-5-nano", "claude-haiku-4.5", "gemini-2.5-flash", "deepseek-v3", "grok-4-fast", "deepseek-r1",
        ] {
            let reply = try await fixture.post(
                "/api/v2/generate",
                #"{"model": "\#(model)", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi there"}], "temperature": 0.5, "max_tokens": 50}"#
            )
            #expect(reply.status == 200, "\(model): \(reply.body)")
            #expect(reply.json["result_text"]?.stringValue?.contains("simulated") == true, "\(model)")
        }
        await fixture.stop()
    }

    @Test(arguments: databases)
    func providerFailuresAreNotBilledAndHideTheUpstream(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database) { $0.providers["openai"] = Self.timeouts(read: 3) }
        let before = try await fixture.balance()
        let failed = try await fixture.post(
            "/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "x [[sim error=500]]"}"#)
        #expect(failed.status == 500)
        #expect(failed.json["error"] == "provider_error")
        let id = try #require(failed.json["details"]?["generation_id"]?.intValue)
        #expect(!failed.body.lowercased().contains("simulat"))
        #expect(try await fixture.generation(id)?.status == .failed)

        let limited = try await fixture.post(
            "/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "x [[sim error=429]]"}"#)
        #expect(limited.status == 503 && limited.json["error"] == "model_unavailable")

        let slow = try await fixture.post(
            "/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "x [[sim latency_ms=8000]]"}"#)
        #expect(slow.status == 504 && slow.json["error"] == "provider_timeout")

        let anthropic = try await fixture.post(
            "/api/v2/generate", #"{"model": "claude-haiku-4.5", "prompt": "x [[sim error=529]]"}"#)
        #expect(anthropic.status == 500 && anthropic.json["error"] == "provider_error")

        #expect(try await fixture.balance() == before)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func aRefusedProviderKeyMeansTheModelIsUnavailable(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database) {
            $0.providers["openai"] = ProviderSettings(apiKey: "sim-invalid-key")
        }
        let reply = try await fixture.post("/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "hi"}"#)
        #expect(reply.status == 503 && reply.json["error"] == "model_unavailable")
        #expect(!reply.body.contains("sim-invalid-key"))
        await fixture.stop()
    }

    @Test(arguments: databases)
    func badInputIsRefusedBeforeAnyHold(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database)
        let cases: [(String, Int, String)] = [
            (#"{"prompt": "hi"}"#, 400, "bad_request"),
            (#"{"model": "nope", "prompt": "hi"}"#, 404, "not_found"),
            (#"{"model": "gpt-5-nano"}"#, 400, "bad_request"),
            (#"{"model": "gpt-5-nano", "prompt": "hi", "temperature": 3}"#, 422, "validation_error"),
            (
                #"{"model": "gpt-5-nano", "prompt": "hi", "temperature": 1, "params": {"temperature": 0.5}}"#, 422,
                "validation_error"
            ),
            (#"{"model": "gpt-5-nano", "prompt": "hi", "wat": 1}"#, 422, "validation_error"),
            (#"{"model": "gpt-5-nano", "messages": [{"role": "robot", "content": "hi"}]}"#, 422, "validation_error"),
            (
                #"{"model": "gpt-5-nano", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://x/y.png"}}]}]}"#,
                422, "validation_error"
            ),
            (#"{"model": "dall-e-3", "prompt": "cat", "stream": true}"#, 422, "validation_error"),
        ]
        for (json, status, code) in cases {
            let reply = try await fixture.post("/api/v2/generate", json)
            #expect(reply.status == status, "\(json): \(reply.body)")
            #expect(reply.json["error"] == .string(code), "\(json)")
        }
        let temperature = try await fixture.post(
            "/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "hi", "temperature": 3}"#)
        #expect(temperature.json["details"]?["fields"]?["params.temperature"] != nil)
        let vision = try await fixture.post(
            "/api/v2/generate",
            #"{"model": "gpt-5", "messages": [{"role": "user", "content": [{"type": "text", "text": "what is it?"}, {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}]}]}"#
        )
        #expect(vision.status == 200)
        let count = try await fixture.app.services.store.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM generations").first()?.decode(column: "n", as: Int.self)
        }
        #expect(count == 1)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func plansBalancesAndLimits(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database, plan: "vip")
        // Short balance: 402 with what it costs and what is there.
        _ = try await fixture.app.services.ledger.grant(
            accountID: fixture.account.id, tokens: -1_497, bucket: .subscription, reason: "t")
        let short = try await fixture.post("/api/v2/generate", #"{"model": "gpt-5.2-pro", "prompt": "hi"}"#)
        #expect(short.status == 402)
        #expect(short.json["error"] == "insufficient_tokens")
        #expect(short.json["details"]?["required"] == 39 && short.json["details"]?["available"] == 3)
        let ok = try await fixture.post("/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "hi"}"#)
        #expect(ok.status == 200)
        #expect(ok.headers.first(name: "X-RateLimit-Limit-Hour") == "100")
        #expect(ok.headers.first(name: "X-RateLimit-Remaining-Hour") == "99")
        #expect(ok.headers.first(name: "X-RateLimit-Remaining-Day") == "999")

        // Starter reaches only Starter-tier models.
        let starter = try await fixture.app.services.accounts.create(email: "free@example.com", planCode: "free")
        let input = try NativeGenerateRequest.parse(
            ["model": "gpt-5", "prompt": "hi"], catalog: fixture.app.services.catalog, forceStream: false)
        let refused = await #expect(throws: APIError.self) {
            _ = try await fixture.app.services.generations.generate(
                GenerationCall(
                    principal: Principal(accountID: starter.id, keyID: nil, plan: "free"), input: input,
                    waitsForResult: false,
                    logger: fixture.app.services.logger))
        }
        #expect(refused?.code == "insufficient_plan" && refused?.details["required_plan"] == "basic")
        await fixture.stop()
    }

    static func timeouts(read: Double) -> ProviderSettings {
        var settings = ProviderSettings()
        settings.readTimeoutSeconds = read
        return settings
    }
}

/// A model whose provider has no key is shown as unavailable, and asking for it is logged with the provider
/// (issue 22: a bare 503 and a silent log while /models listed it as working).
@Suite struct ModelAvailabilityTests {
    @Test func modelsSayWhichProvidersAreConfigured() async throws {
        let lines = LogLines()
        var logger = Logger(label: "tollgate") { _ in lines.handler }
        logger.logLevel = .warning
        // Only OpenAI has a key (the simulator's address, so nothing leaves the machine).
        let simulator = try await RunningSimulator.start()
        let app = try await TestApp.make(.sqlite, logger: logger) { configuration in
            configuration.logLevel = .warning
            var openAI = ProviderSettings()
            openAI.apiKey = "sk-test"
            openAI.baseURL = simulator.url + "/openai"
            configuration.providers["openai"] = openAI
        }
        let (_, key) = try await app.account()
        let gateway = try await RunningGateway.start(app.services)
        let models = try await TestHTTP.request(.GET, gateway.url + "/api/v2/models")
        let list = models.json["models"]?.arrayValue ?? []
        #expect(list.first { $0["slug"] == "gpt-5-nano" }?["available"] == true)
        #expect(list.first { $0["slug"] == "claude-haiku-4.5" }?["available"] == false)
        let one = try await TestHTTP.request(.GET, gateway.url + "/api/v2/models/claude-haiku-4.5")
        #expect(one.json["available"] == false)
        let refused = try await TestHTTP.request(
            .POST, gateway.url + "/api/v2/generate", key: key, json: #"{"model": "claude-haiku-4.5", "prompt": "hi"}"#)
        #expect(refused.status == 503 && refused.json["error"] == "model_unavailable")
        let logged = lines.all.first { $0.message.hasPrefix("model unavailable") }
        #expect(logged?.metadata["provider"] == "anthropic" && logged?.metadata["model"] == "claude-haiku-4.5")
        await gateway.stop()
        await simulator.stop()
        await app.scratch.remove()
    }
}
