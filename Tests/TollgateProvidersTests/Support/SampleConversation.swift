@testable import TollgateProviders

/// The conversation every request-mapping test sends: a system prompt, a user turn with text, a
/// remote image and an inline image, an assistant turn, then two user turns in a row.
enum SampleConversation {
    static let remoteImage =
        "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
    static let pngBase64 =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    static let inlineImage = "data:image/png;base64," + pngBase64

    static let messages: [ChatMessage] = [
        ChatMessage(role: .system, text: "You are a helpful assistant."),
        ChatMessage(
            role: .user, parts: [.text("What's in this image?"), .imageURL(remoteImage), .imageURL(inlineImage)]),
        ChatMessage(role: .assistant, text: "A wooden boardwalk through a green meadow."),
        ChatMessage(role: .user, text: "What season is it?"),
        ChatMessage(role: .user, text: "Answer in one word."),
    ]

    /// The sample conversation for `model` with every parameter set.
    static func request(model: String) -> ChatRequest {
        ChatRequest(model: model, messages: messages, temperature: 0.7, maxTokens: 300, topP: 0.9, stop: ["END"])
    }

    /// A text-only conversation (for providers that take no images).
    static func textRequest(model: String) -> ChatRequest {
        ChatRequest(
            model: model,
            messages: [
                ChatMessage(role: .system, text: "You are a helpful assistant."),
                ChatMessage(role: .user, text: "What is the capital of France?"),
                ChatMessage(role: .assistant, text: "Paris."),
                ChatMessage(role: .user, text: "And of Italy?"),
            ],
            temperature: 0.7, maxTokens: 300, topP: 0.9, stop: ["END"])
    }
}
