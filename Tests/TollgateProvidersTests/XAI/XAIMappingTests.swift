import Testing
import TollgateCore

@testable import TollgateProviders

@Suite("xAI mapping")
struct XAIMappingTests {
    @Test("grok-4 maps to the recorded body: images as image_url parts, no stop (reasoning model)")
    func request() throws {
        let request = try XAIChatMapping.request(SampleConversation.request(model: "grok-4"), stream: false)
        #expect(request.path == "/v1/chat/completions")
        #expect(XAIChatMapping.defaultBaseURL == "https://api.x.ai")
        #expect(XAIChatMapping.auth == .bearer)
        #expect(try request.json() == Fixture.json("xai/request.json"))
    }

    @Test("non-reasoning models keep stop; a stream sends no stream_options (usage comes on every chunk)")
    func streamRequest() throws {
        let request = try XAIChatMapping.request(
            SampleConversation.request(model: "grok-4-fast-non-reasoning"), stream: true)
        let expected = try Fixture.json("xai/request.json")
            .setting("model", "grok-4-fast-non-reasoning").setting("stop", ["END"]).setting("stream", true)
        #expect(try request.json() == expected)
    }

    @Test("penalties pass for non-reasoning models only; reasoning_effort only for grok-3-mini")
    func options() throws {
        var chat = ChatRequest(
            model: "grok-4-fast-non-reasoning", messages: [ChatMessage(role: .user, text: "Hi")],
            options: ["frequency_penalty": 0.5, "reasoning_effort": "high"])
        #expect(try XAIChatMapping.request(chat, stream: false).json()["frequency_penalty"] == 0.5)
        #expect(try XAIChatMapping.request(chat, stream: false).json()["reasoning_effort"] == nil)
        chat.model = "grok-4"
        #expect(
            try XAIChatMapping.request(chat, stream: false).json() == [
                "model": "grok-4", "messages": [["role": "user", "content": "Hi"]],
            ])
        chat.model = "grok-3-mini"
        #expect(
            try XAIChatMapping.request(chat, stream: false).json() == [
                "model": "grok-3-mini", "messages": [["role": "user", "content": "Hi"]], "reasoning_effort": "high",
            ])
    }

    @Test(
        "reasoning models are told apart",
        arguments: [
            ("grok-4", true), ("grok-4-0709", true), ("grok-4-1-fast-reasoning", true), ("grok-3-mini", true),
            ("grok-code-fast-1", true), ("grok-4-fast-non-reasoning", false), ("grok-3", false),
            ("grok-2-vision-1212", false),
        ])
    func reasoningModels(_ model: String, _ reasoning: Bool) {
        #expect(XAIChatMapping.isReasoningModel(model) == reasoning)
    }

    @Test("reasoning tokens, counted apart from completion_tokens by xAI, are added to output")
    func response() throws {
        let result = try XAIChatMapping.response(Fixture.bytes("xai/response.json"))
        #expect(
            result
                == ChatResult(
                    text: "126 slashed by 3 equals... **42**! Zaphod out! 🚀",
                    usage: TokenUsage(inputTokens: 26, outputTokens: 472, reasoningTokens: 304), finishReason: "stop"))
    }

    @Test(
        "the reference stream: reasoning and text deltas, the running usage once, finish on [DONE]",
        arguments: [1, 7, 100_000])
    func stream(chunkSize: Int) throws {
        let outcome = try StreamReplay.run(XAIChatMapping.self, fixture: "xai/stream.sse", chunkSize: chunkSize)
        #expect(outcome.failure == nil)
        #expect(
            outcome.events == [
                .reasoningDelta("The"), .delta("Ah"), .delta(","), .delta(" the"),
                .usage(TokenUsage(inputTokens: 41, outputTokens: 3)), .finish(nil),
            ])
    }

    @Test("an error object inside the stream throws")
    func streamError() throws {
        let outcome = try StreamReplay.run(XAIChatMapping.self, fixture: "xai/stream-error.sse")
        #expect(outcome.events == [.delta("Ah")])
        #expect(outcome.failure?.kind == .upstreamError)
    }

    @Test("xAI's string-shaped error inside a stream throws too")
    func streamStringError() {
        var state = XAIChatMapping.makeStreamState()
        let data = #"{"code": "Internal error", "error": "Service temporarily unavailable."}"#
        let thrown = failure { try XAIChatMapping.streamEvent(ServerSentEvent(data: data), state: &state) }
        #expect(thrown?.kind == .upstreamError)
        #expect(thrown?.message.contains("temporarily") == false)
    }

    @Test(
        "both error shapes map to failure kinds",
        arguments: [
            ("error-400.json", 400, ProviderFailure.Kind.rejected),
            ("error-400-api-key.json", 400, .unauthorized),
            ("error-401-openai-shape.json", 401, .unauthorized),
            ("error-403.json", 403, .unauthorized),
            ("error-429.json", 429, .rateLimited),
            ("error-500.json", 500, .upstreamError),
        ])
    func errors(file: String, status: Int, kind: ProviderFailure.Kind) throws {
        let body = try Fixture.bytes("xai/" + file)
        let failure = XAIChatMapping.failure(status: status, body: body, retryAfter: nil)
        #expect(failure.kind == kind)
        #expect(failure.status == status)
        for text in JSON.strings(in: try JSON.parse(body)) where text.count >= 8 {
            #expect(!failure.message.contains(text))
        }
    }
}
