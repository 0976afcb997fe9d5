import Testing
import TollgateCore

@testable import TollgateProviders

@Suite("Anthropic request mapping")
struct AnthropicRequestTests {
    @Test("a conversation maps to the recorded Messages body: system apart, images as sources, user turns merged")
    func bufferedRequest() throws {
        let request = try AnthropicChatMapping.request(
            SampleConversation.request(model: "claude-sonnet-4-5"), stream: false)
        #expect(request.method == "POST")
        #expect(request.path == "/v1/messages")
        #expect(request.header("anthropic-version") == "2023-06-01")
        #expect(try request.json() == Fixture.json("anthropic/request.json"))
    }

    @Test("the key goes in x-api-key, never in the mapped request")
    func auth() throws {
        #expect(AnthropicChatMapping.auth == .header("x-api-key"))
        let request = try AnthropicChatMapping.request(
            SampleConversation.request(model: "claude-sonnet-4-5"), stream: false)
        #expect(request.header("x-api-key") == nil)
        #expect(request.header("authorization") == nil)
    }

    @Test("a stream sets stream: true and nothing else changes")
    func streamRequest() throws {
        let request = try AnthropicChatMapping.request(
            SampleConversation.request(model: "claude-sonnet-4-5"), stream: true)
        #expect(try request.json() == Fixture.json("anthropic/request.json").setting("stream", .bool(true)))
        #expect(request.path == "/v1/messages")
    }

    @Test("max_tokens is always sent (4096 by default); top_p is kept when no temperature is set")
    func defaults() throws {
        let chat = ChatRequest(model: "claude-haiku-4-5", messages: [ChatMessage(role: .user, text: "Hi")], topP: 0.5)
        let body = try AnthropicChatMapping.request(chat, stream: false).json()
        #expect(
            body
                == .object([
                    "model": .string("claude-haiku-4-5"), "max_tokens": .int(4096), "top_p": .double(0.5),
                    "messages": .array([.object(["role": .string("user"), "content": .string("Hi")])]),
                ]))
    }

    @Test("temperature above Anthropic's range is clamped to 1")
    func clampTemperature() throws {
        let chat = ChatRequest(
            model: "claude-haiku-4-5", messages: [ChatMessage(role: .user, text: "Hi")], temperature: 1.6)
        #expect(try AnthropicChatMapping.request(chat, stream: false).json()["temperature"]?.doubleValue == 1)
    }

    @Test("a data URL that is not base64 is refused")
    func nonBase64DataURL() {
        let chat = ChatRequest(
            model: "claude-haiku-4-5",
            messages: [ChatMessage(role: .user, parts: [.imageURL("data:image/svg+xml,<svg/>")])])
        #expect(failure { try AnthropicChatMapping.request(chat, stream: false) }?.kind == .rejected)
    }

    @Test("the top_k option is passed on; other options are not")
    func topK() throws {
        let chat = ChatRequest(
            model: "claude-haiku-4-5", messages: [ChatMessage(role: .user, text: "Hi")], maxTokens: 64,
            options: ["top_k": 40, "frequency_penalty": 0.5])
        let body = try AnthropicChatMapping.request(chat, stream: false).json()
        #expect(
            body == [
                "model": "claude-haiku-4-5", "max_tokens": 64, "top_k": 40,
                "messages": [["role": "user", "content": "Hi"]],
            ])
    }
}
