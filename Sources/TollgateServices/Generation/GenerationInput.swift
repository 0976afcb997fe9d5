import TollgateCore
import TollgateProviders

/// A validated generation request, whatever API surface it came in on.
public struct GenerationInput: Sendable {
    public var model: ModelEntry
    /// Params resolved against the catalog: checked, defaults filled.
    public var params: [String: JSONValue]
    /// The conversation, for text models.
    public var messages: [ChatMessage]
    /// The user's prompt as stored in history (never logged).
    public var prompt: String?
    public var stream: Bool
    public var callbackURL: String?

    public init(
        model: ModelEntry, params: [String: JSONValue], messages: [ChatMessage], prompt: String?, stream: Bool,
        callbackURL: String?
    ) {
        self.model = model
        self.params = params
        self.messages = messages
        self.prompt = prompt
        self.stream = stream
        self.callbackURL = callbackURL
    }

    /// The provider-neutral chat request for a text model, for one route's upstream model.
    func chatRequest(model upstreamModel: String) -> ChatRequest {
        var options = params
        for key in ["temperature", "max_tokens", "top_p", "stop", "system_prompt"] { options[key] = nil }
        return ChatRequest(
            model: upstreamModel, messages: messages,
            temperature: params["temperature"]?.doubleValue,
            maxTokens: params["max_tokens"]?.intValue.map { Int($0) },
            topP: params["top_p"]?.doubleValue,
            stop: params["stop"]?.arrayValue?.compactMap(\.stringValue),
            options: options)
    }
}
