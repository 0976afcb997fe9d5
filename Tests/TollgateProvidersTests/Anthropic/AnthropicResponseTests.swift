import Testing

@testable import TollgateProviders

@Suite("Anthropic response, stream and error mapping")
struct AnthropicResponseTests {
    @Test("the reference message maps to text, usage and stop")
    func response() throws {
        let result = try AnthropicChatMapping.response(Fixture.bytes("anthropic/response.json"))
        #expect(
            result
                == ChatResult(
                    text: "Hi! My name is Claude.", usage: TokenUsage(inputTokens: 2095, outputTokens: 503),
                    finishReason: "stop"))
    }

    @Test("thinking blocks become reasoning, redacted thinking is dropped, cached input counts, max_tokens is length")
    func thinkingResponse() throws {
        let result = try AnthropicChatMapping.response(Fixture.bytes("anthropic/response-thinking.json"))
        #expect(
            result
                == ChatResult(
                    text: "Based on my analysis...", reasoning: "Let me analyze this step by step...",
                    usage: TokenUsage(inputTokens: 2060, outputTokens: 4096), finishReason: "length"))
    }

    @Test(
        "stop reasons normalise",
        arguments: [
            ("end_turn", "stop"), ("stop_sequence", "stop"), ("max_tokens", "length"), ("refusal", "content_filter"),
            ("pause_turn", "pause_turn"),
        ])
    func stopReasons(_ reason: String, _ expected: String) {
        #expect(AnthropicChatMapping.finishReason(reason) == expected)
    }

    @Test(
        "the reference stream gives deltas, usage from message_start and message_delta, then finish",
        arguments: [1, 7, 64, 100_000])
    func stream(chunkSize: Int) throws {
        let outcome = try StreamReplay.run(
            AnthropicChatMapping.self, fixture: "anthropic/stream.sse", chunkSize: chunkSize)
        #expect(outcome.failure == nil)
        #expect(
            outcome.events == [
                .delta("Hello"), .delta("!"), .usage(TokenUsage(inputTokens: 25, outputTokens: 15)), .finish("stop"),
            ])
    }

    @Test("a thinking stream gives reasoning deltas and ignores the signature")
    func thinkingStream() throws {
        let outcome = try StreamReplay.run(AnthropicChatMapping.self, fixture: "anthropic/stream-thinking.sse")
        #expect(outcome.failure == nil)
        #expect(
            outcome.events == [
                .reasoningDelta("Let me solve this step by step:\n\n1. First break down 27 * 453"),
                .reasoningDelta("\n2. 453 = 400 + 50 + 3"),
                .delta("27 * 453 = 12,231"),
                .usage(TokenUsage(inputTokens: 42, outputTokens: 1024)),
                .finish("stop"),
            ])
    }

    @Test("an error event throws, after the text before it")
    func streamError() throws {
        let outcome = try StreamReplay.run(AnthropicChatMapping.self, fixture: "anthropic/stream-error.sse")
        #expect(outcome.events == [.delta("Hello")])
        #expect(outcome.failure?.kind == .upstreamError)
        #expect(outcome.failure?.message.contains("Overloaded") == false)
    }

    @Test(
        "stream error types map to failure kinds",
        arguments: [
            ("overloaded_error", ProviderFailure.Kind.upstreamError), ("api_error", .upstreamError),
            ("rate_limit_error", .rateLimited), ("authentication_error", .unauthorized),
            ("invalid_request_error", .rejected), ("something_new", .upstreamError),
        ])
    func streamErrorTypes(_ type: String, _ kind: ProviderFailure.Kind) {
        var state = AnthropicChatMapping.makeStreamState()
        let data = #"{"type": "error", "error": {"type": "\#(type)", "message": "Secret upstream detail"}}"#
        let thrown = failure {
            try AnthropicChatMapping.streamEvent(ServerSentEvent(event: "error", data: data), state: &state)
        }
        #expect(thrown?.kind == kind)
        #expect(thrown?.message.contains("Secret") == false)
    }

    @Test(
        "recorded error bodies map to failure kinds",
        arguments: [
            ("error-400.json", 400, ProviderFailure.Kind.rejected),
            ("error-401.json", 401, .unauthorized),
            ("error-429.json", 429, .rateLimited),
            ("error-500.json", 500, .upstreamError),
            ("error-529.json", 529, .upstreamError),
        ])
    func errors(file: String, status: Int, kind: ProviderFailure.Kind) throws {
        let body = try Fixture.bytes("anthropic/" + file)
        let failure = AnthropicChatMapping.failure(status: status, body: body, retryAfter: 30)
        #expect(failure.kind == kind)
        #expect(failure.status == status)
        if kind == .rateLimited { #expect(failure.retryAfter == 30) }
        for text in JSON.strings(in: try JSON.parse(body)) where text.count >= 8 {
            #expect(!failure.message.contains(text))
        }
    }

    @Test("malformed answers are malformed", arguments: ["", "{", #"{"id": "msg_1"}"#, "upstream connect error"])
    func malformed(_ body: String) {
        #expect(failure { try AnthropicChatMapping.response(Array(body.utf8)) }?.kind == .malformed)
    }

    @Test("a stream event that is not JSON is malformed")
    func malformedEvent() {
        var state = AnthropicChatMapping.makeStreamState()
        #expect(
            failure { try AnthropicChatMapping.streamEvent(ServerSentEvent(event: "ping", data: "{"), state: &state) }?
                .kind == .malformed)
    }
}
