import Testing
import TollgateCore

@testable import TollgateProviders

@Suite("DeepSeek mapping")
struct DeepSeekMappingTests {
    @Test("deepseek-chat maps to the recorded body at /chat/completions")
    func chatRequest() throws {
        let request = try DeepSeekChatMapping.request(
            SampleConversation.textRequest(model: "deepseek-chat"), stream: false)
        #expect(request.path == "/chat/completions")
        #expect(DeepSeekChatMapping.defaultBaseURL == "https://api.deepseek.com")
        #expect(try request.json() == Fixture.json("deepseek/request.json"))
    }

    @Test("deepseek-reasoner leaves out temperature and top_p; a stream asks for usage")
    func reasonerRequest() throws {
        let request = try DeepSeekChatMapping.request(
            SampleConversation.textRequest(model: "deepseek-reasoner"), stream: true)
        let expected = try Fixture.json("deepseek/request.json")
            .setting("model", "deepseek-reasoner").setting("temperature", nil).setting("top_p", nil)
            .setting("stream", true).setting("stream_options", ["include_usage": true])
        #expect(try request.json() == expected)
    }

    @Test("penalties pass through for deepseek-chat and are left out for deepseek-reasoner")
    func penalties() throws {
        var chat = ChatRequest(
            model: "deepseek-chat", messages: [ChatMessage(role: .user, text: "Hi")],
            options: ["frequency_penalty": 0.5, "presence_penalty": -0.5])
        let body = try DeepSeekChatMapping.request(chat, stream: false).json()
        #expect(body["frequency_penalty"] == 0.5 && body["presence_penalty"] == -0.5)
        chat.model = "deepseek-reasoner"
        let reasoner = try DeepSeekChatMapping.request(chat, stream: false).json()
        #expect(reasoner == ["model": "deepseek-reasoner", "messages": [["role": "user", "content": "Hi"]]])
    }

    @Test("a request with an image part is rejected before it leaves")
    func images() {
        let thrown = failure {
            try DeepSeekChatMapping.request(SampleConversation.request(model: "deepseek-chat"), stream: false)
        }
        #expect(thrown?.kind == .rejected)
    }

    @Test("the reference answer maps; prompt_cache_hit_tokens does not disturb usage")
    func response() throws {
        let result = try DeepSeekChatMapping.response(Fixture.bytes("deepseek/response.json"))
        #expect(
            result
                == ChatResult(
                    text: "Hello! How can I help you today?", usage: TokenUsage(inputTokens: 16, outputTokens: 10),
                    finishReason: "stop"))
    }

    @Test("reasoning_content becomes the result's reasoning")
    func reasonerResponse() throws {
        let result = try DeepSeekChatMapping.response(Fixture.bytes("deepseek/response-reasoner.json"))
        #expect(
            result
                == ChatResult(
                    text: "Hello! How can I assist you today?",
                    reasoning:
                        "Hmm, the user just said \"Hello!\" with an exclamation mark, which suggests a friendly tone. A simple greeting in return is enough.",
                    usage: TokenUsage(inputTokens: 12, outputTokens: 96, reasoningTokens: 84), finishReason: "stop"))
    }

    @Test(
        "the reasoner stream: keep-alives skipped, reasoning then content, usage on the finish chunk before .finish",
        arguments: [1, 7, 100_000])
    func stream(chunkSize: Int) throws {
        let outcome = try StreamReplay.run(
            DeepSeekChatMapping.self, fixture: "deepseek/stream.sse", chunkSize: chunkSize)
        #expect(outcome.failure == nil)
        #expect(
            outcome.events == [
                .reasoningDelta("Hmm, the user just said \"Hello!\""), .reasoningDelta(" A simple greeting."),
                .delta("Hello"), .delta("! How can I help?"),
                .usage(TokenUsage(inputTokens: 12, outputTokens: 40, reasoningTokens: 33)), .finish("stop"),
            ])
    }

    @Test("an error object inside the stream throws")
    func streamError() throws {
        let outcome = try StreamReplay.run(DeepSeekChatMapping.self, fixture: "deepseek/stream-error.sse")
        #expect(outcome.events == [.delta("Hello")])
        #expect(outcome.failure?.kind == .upstreamError)
    }

    @Test(
        "recorded error bodies map to failure kinds",
        arguments: [
            ("error-400.json", 400, ProviderFailure.Kind.rejected),
            ("error-401.json", 401, .unauthorized),
            ("error-402.json", 402, .unauthorized),
            ("error-422.json", 422, .rejected),
            ("error-429.json", 429, .rateLimited),
            ("error-500.json", 500, .upstreamError),
            ("error-503.json", 503, .upstreamError),
        ])
    func errors(file: String, status: Int, kind: ProviderFailure.Kind) throws {
        let body = try Fixture.bytes("deepseek/" + file)
        let failure = DeepSeekChatMapping.failure(status: status, body: body, retryAfter: nil)
        #expect(failure.kind == kind)
        #expect(failure.status == status)
        for text in JSON.strings(in: try JSON.parse(body)) where text.count >= 8 {
            #expect(!failure.message.contains(text))
        }
    }
}
