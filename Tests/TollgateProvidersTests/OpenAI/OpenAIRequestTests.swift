import Testing
import TollgateCore

@testable import TollgateProviders

@Suite("OpenAI request mapping")
struct OpenAIRequestTests {
    @Test("a conversation maps to the recorded Chat Completions body, path and no extra headers")
    func bufferedRequest() throws {
        let request = try OpenAIChatMapping.request(SampleConversation.request(model: "gpt-4o"), stream: false)
        #expect(request.method == "POST")
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers.isEmpty)
        #expect(try request.json() == Fixture.json("openai/request.json"))
    }

    @Test("a stream asks for usage in a final chunk")
    func streamRequest() throws {
        let request = try OpenAIChatMapping.request(SampleConversation.request(model: "gpt-4o"), stream: true)
        let expected = try Fixture.json("openai/request.json")
            .setting("stream", .bool(true))
            .setting("stream_options", .object(["include_usage": .bool(true)]))
        #expect(try request.json() == expected)
    }

    @Test(
        "GPT-5 and o-series models get max_completion_tokens and no temperature, top_p or stop",
        arguments: ["gpt-5", "gpt-5-mini", "gpt-5.1-2025-11-13", "o3", "o4-mini"])
    func reasoningModels(_ model: String) throws {
        let body = try OpenAIChatMapping.request(SampleConversation.request(model: model), stream: false).json()
        let expected = try Fixture.json("openai/request.json")
            .setting("model", .string(model))
            .setting("max_tokens", nil).setting("max_completion_tokens", .int(300))
            .setting("temperature", nil).setting("top_p", nil).setting("stop", nil)
        #expect(body == expected)
    }

    @Test("other models keep max_tokens and sampling", arguments: ["gpt-4o-mini", "gpt-4.1", "omni-moderation-latest"])
    func standardModels(_ model: String) throws {
        let body = try OpenAIChatMapping.request(SampleConversation.request(model: model), stream: false).json()
        #expect(body["max_tokens"] == .int(300))
        #expect(body["temperature"] == .double(0.7))
        #expect(body["max_completion_tokens"] == nil)
    }

    @Test("unset parameters are left out of the body")
    func minimalRequest() throws {
        let chat = ChatRequest(model: "gpt-4o", messages: [ChatMessage(role: .user, text: "Hi")])
        let body = try OpenAIChatMapping.request(chat, stream: false).json()
        #expect(
            body
                == .object([
                    "model": .string("gpt-4o"),
                    "messages": .array([.object(["role": .string("user"), "content": .string("Hi")])]),
                ]))
    }

    @Test("known options pass through by model: reasoning_effort and verbosity for GPT-5, penalties for the rest")
    func options() throws {
        let options: [String: JSONValue] = [
            "reasoning_effort": "low", "verbosity": "high", "frequency_penalty": 0.5, "presence_penalty": nil,
            "bogus": 1,
        ]
        var chat = ChatRequest(model: "gpt-5-nano", messages: [ChatMessage(role: .user, text: "Hi")], options: options)
        let reasoning = try OpenAIChatMapping.request(chat, stream: false).json()
        #expect(
            reasoning == [
                "model": "gpt-5-nano", "messages": [["role": "user", "content": "Hi"]], "reasoning_effort": "low",
                "verbosity": "high",
            ])
        chat.model = "gpt-4o"
        let standard = try OpenAIChatMapping.request(chat, stream: false).json()
        #expect(
            standard == ["model": "gpt-4o", "messages": [["role": "user", "content": "Hi"]], "frequency_penalty": 0.5])
    }
}
