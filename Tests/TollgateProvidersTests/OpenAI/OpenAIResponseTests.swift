import Testing

@testable import TollgateProviders

@Suite("OpenAI response, stream and error mapping")
struct OpenAIResponseTests {
    @Test("the reference chat.completion maps to text, usage and finish reason")
    func response() throws {
        let result = try OpenAIChatMapping.response(Fixture.bytes("openai/response.json"))
        #expect(
            result
                == ChatResult(
                    text: "Hello! How can I assist you today?",
                    usage: TokenUsage(inputTokens: 19, outputTokens: 10, reasoningTokens: 0), finishReason: "stop"))
    }

    @Test("a GPT-5 answer cut at the limit keeps its reasoning tokens and says length")
    func lengthResponse() throws {
        let result = try OpenAIChatMapping.response(Fixture.bytes("openai/response-length.json"))
        #expect(result.finishReason == "length")
        #expect(result.usage == TokenUsage(inputTokens: 1117, outputTokens: 300, reasoningTokens: 256))
    }

    @Test(
        "the recorded stream gives deltas, .finish on finish_reason, then the usage chunk",
        arguments: [1, 7, 64, 100_000])
    func stream(chunkSize: Int) throws {
        let outcome = try StreamReplay.run(OpenAIChatMapping.self, fixture: "openai/stream.sse", chunkSize: chunkSize)
        #expect(outcome.failure == nil)
        #expect(
            outcome.events == [
                .delta("Hello"), .delta("! How can I"), .delta(" assist you today?"), .finish("stop"),
                .usage(TokenUsage(inputTokens: 19, outputTokens: 10, reasoningTokens: 0)),
            ])
    }

    @Test("[DONE] without a finish_reason still finishes, once")
    func doneFinishes() throws {
        var state = OpenAIChatMapping.makeStreamState()
        let chunk = #"{"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#
        #expect(try OpenAIChatMapping.streamEvent(ServerSentEvent(data: chunk), state: &state) == [.delta("Hi")])
        #expect(try OpenAIChatMapping.streamEvent(ServerSentEvent(data: "[DONE]"), state: &state) == [.finish(nil)])
        #expect(try OpenAIChatMapping.streamEvent(ServerSentEvent(data: "[DONE]"), state: &state) == [])
    }

    @Test("an error object inside the stream throws after the text before it")
    func streamError() throws {
        let outcome = try StreamReplay.run(OpenAIChatMapping.self, fixture: "openai/stream-error.sse")
        #expect(outcome.events == [.delta("Hello")])
        #expect(outcome.failure?.kind == .upstreamError)
    }

    @Test(
        "recorded error bodies map to failure kinds",
        arguments: [
            ("error-400.json", 400, ProviderFailure.Kind.rejected),
            ("error-400-content-policy.json", 400, .contentPolicy),
            ("error-401.json", 401, .unauthorized),
            ("error-429.json", 429, .rateLimited),
            ("error-429-quota.json", 429, .unauthorized),
            ("error-500.json", 500, .upstreamError),
        ])
    func errors(file: String, status: Int, kind: ProviderFailure.Kind) throws {
        let body = try Fixture.bytes("openai/" + file)
        let failure = OpenAIChatMapping.failure(status: status, body: body, retryAfter: 2)
        #expect(failure.kind == kind)
        #expect(failure.status == status)
        for text in JSON.strings(in: try JSON.parse(body)) where text.count >= 8 {
            #expect(!failure.message.contains(text))
        }
    }

    @Test("a rate limit keeps the Retry-After seconds")
    func retryAfter() throws {
        let failure = OpenAIChatMapping.failure(
            status: 429, body: try Fixture.bytes("openai/error-429.json"), retryAfter: 1.75)
        #expect(failure.retryAfter == 1.75)
        #expect(failure.allowsFallback)
    }

    @Test(
        "malformed answers are malformed",
        arguments: [
            "", "not json", #"{"choices": ["#, #"{"choices": []}"#, "<html>502</html>", "[]", #"{"choices": "none"}"#,
            #"{"choices": [{"index": 0, "message": {"content": 5}}]}"#,
            #"{"choices": [{"index": "0", "message": {"content": "Hi"}}]}"#,
            #"{"choices": [{"index": 0, "message": {"content": "Hi"}}], "usage": {"prompt_tokens": "3"}}"#,
            #"{"choices": [{"index": 0, "message": {"content": "Hi"}}], "usage": {"prompt_tokens": 2.5}}"#,
        ])
    func malformed(_ body: String) {
        #expect(failure { try OpenAIChatMapping.response(Array(body.utf8)) }?.kind == .malformed)
    }

    @Test("a malformed stream chunk is malformed")
    func malformedChunk() {
        var state = OpenAIChatMapping.makeStreamState()
        #expect(
            failure {
                try OpenAIChatMapping.streamEvent(ServerSentEvent(data: #"{"choices":[{"delta":"#), state: &state)
            }?.kind == .malformed)
    }
}
