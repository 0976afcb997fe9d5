import Testing

@testable import TollgateProviders

@Suite("Gemini response, stream and error mapping")
struct GeminiResponseTests {
    @Test("a generateContent answer maps to text, usage (thinking counted as output) and stop")
    func response() throws {
        let result = try GeminiChatMapping.response(Fixture.bytes("gemini/response.json"))
        #expect(
            result
                == ChatResult(
                    text:
                        "AI learns patterns from data to make predictions or decisions without being explicitly programmed for each case.",
                    usage: TokenUsage(inputTokens: 8, outputTokens: 1088, reasoningTokens: 1069), finishReason: "stop"))
    }

    @Test("thought parts become reasoning; MAX_TOKENS is length")
    func thoughts() throws {
        let result = try GeminiChatMapping.response(Fixture.bytes("gemini/response-thoughts.json"))
        #expect(
            result
                == ChatResult(
                    text: "Summer, judging by",
                    reasoning: "**Weighing the visual cues**\n\nThe grass is lush and green and the sky is clear.",
                    usage: TokenUsage(inputTokens: 1290, outputTokens: 300, reasoningTokens: 296),
                    finishReason: "length"))
    }

    @Test("a blocked prompt (promptFeedback, no candidates) is a content-policy failure")
    func blockedPrompt() throws {
        let body = try Fixture.bytes("gemini/response-blocked.json")
        #expect(failure { try GeminiChatMapping.response(body) }?.kind == .contentPolicy)
    }

    @Test("a candidate stopped for safety has no text and finishes with content_filter")
    func safetyStop() throws {
        let result = try GeminiChatMapping.response(Fixture.bytes("gemini/response-safety.json"))
        #expect(
            result
                == ChatResult(
                    text: "", usage: TokenUsage(inputTokens: 9, outputTokens: 0), finishReason: "content_filter"))
    }

    @Test(
        "finish reasons normalise",
        arguments: [
            ("STOP", "stop"), ("MAX_TOKENS", "length"), ("SAFETY", "content_filter"),
            ("PROHIBITED_CONTENT", "content_filter"),
            ("BLOCKLIST", "content_filter"), ("RECITATION", "content_filter"), ("SPII", "content_filter"),
            ("OTHER", "other"),
        ])
    func finishReasons(_ reason: String, _ expected: String) {
        #expect(GeminiChatMapping.finishReason(reason) == expected)
    }

    @Test(
        "the recorded CRLF stream gives thought and text deltas, then usage once and finish",
        arguments: [1, 7, 64, 100_000])
    func stream(chunkSize: Int) throws {
        let outcome = try StreamReplay.run(GeminiChatMapping.self, fixture: "gemini/stream.sse", chunkSize: chunkSize)
        #expect(outcome.failure == nil)
        #expect(
            outcome.events == [
                .reasoningDelta("**Recalling the capital**\n\nThe user asks for the capital of France."),
                .delta("The"), .delta(" capital of France is Paris"), .delta("."),
                .usage(TokenUsage(inputTokens: 8, outputTokens: 509, reasoningTokens: 501)), .finish("stop"),
            ])
    }

    @Test("an error inside the stream throws after the text before it")
    func streamError() throws {
        let outcome = try StreamReplay.run(GeminiChatMapping.self, fixture: "gemini/stream-error.sse")
        #expect(outcome.events == [.delta("The")])
        #expect(outcome.failure?.kind == .upstreamError)
        #expect(outcome.failure?.message.contains("overloaded") == false)
    }

    @Test("a stream whose prompt is blocked throws a content-policy failure")
    func streamBlocked() throws {
        let outcome = try StreamReplay.run(GeminiChatMapping.self, fixture: "gemini/stream-blocked.sse")
        #expect(outcome.events.isEmpty)
        #expect(outcome.failure?.kind == .contentPolicy)
    }

    @Test(
        "recorded error bodies map to failure kinds",
        arguments: [
            ("error-400.json", 400, ProviderFailure.Kind.rejected),
            ("error-400-api-key.json", 400, .unauthorized),
            ("error-403.json", 403, .unauthorized),
            ("error-429.json", 429, .rateLimited),
            ("error-500.json", 500, .upstreamError),
            ("error-503.json", 503, .upstreamError),
        ])
    func errors(file: String, status: Int, kind: ProviderFailure.Kind) throws {
        let body = try Fixture.bytes("gemini/" + file)
        let failure = GeminiChatMapping.failure(status: status, body: body, retryAfter: nil)
        #expect(failure.kind == kind)
        #expect(failure.status == status)
        for text in JSON.strings(in: try JSON.parse(body)) where text.count >= 8 {
            #expect(!failure.message.contains(text))
        }
    }

    @Test("a 429 without Retry-After takes the RetryInfo delay; a header wins over it")
    func retryDelay() throws {
        let body = try Fixture.bytes("gemini/error-429.json")
        #expect(GeminiChatMapping.failure(status: 429, body: body, retryAfter: nil).retryAfter == 23)
        #expect(GeminiChatMapping.failure(status: 429, body: body, retryAfter: 5).retryAfter == 5)
    }

    @Test("malformed answers are malformed", arguments: ["", "[", #"{"candidates": "#, "{}", "<html></html>"])
    func malformed(_ body: String) {
        #expect(failure { try GeminiChatMapping.response(Array(body.utf8)) }?.kind == .malformed)
    }
}
