import TollgateCore

/// Anthropic Messages (`POST /v1/messages`, key in `x-api-key`, `anthropic-version: 2023-06-01`).
public enum AnthropicChatMapping: ChatMapping {
    public typealias StreamState = AnthropicStreamState

    public static let providerID = "anthropic"
    public static let auth = ProviderEndpoint.Auth.header("x-api-key")
    public static let defaultBaseURL = "https://api.anthropic.com"
    /// The API version every request pins.
    static let apiVersion = "2023-06-01"
    /// Anthropic requires `max_tokens`; this is sent when the request sets none.
    static let defaultMaxTokens = 4096

    /// System text goes top-level; consecutive same-role turns are merged (Anthropic requires them to
    /// alternate); `temperature` is clamped to Anthropic's 0…1 and, when given, `top_p` is left out
    /// (current Claude models refuse both at once); the `top_k` option is passed on.
    public static func request(_ chat: ChatRequest, stream: Bool) throws(ProviderFailure) -> UpstreamRequest {
        var messages: [AnthropicWire.Message] = []
        for turn in chat.alternatingTurns { messages.append(try wireMessage(turn)) }
        var body = AnthropicWire.MessagesBody(
            model: chat.model, maxTokens: chat.maxTokens ?? defaultMaxTokens, system: chat.systemText,
            messages: messages)
        body.temperature = chat.temperature.map { min(max($0, 0), 1) }
        body.topP = chat.temperature == nil ? chat.topP : nil
        body.topK = chat.options["top_k"]?.intValue.map { Int($0) }
        if let stop = chat.stop, !stop.isEmpty { body.stopSequences = stop }
        if stream { body.stream = true }
        return UpstreamRequest(
            path: "/v1/messages", headers: [("anthropic-version", apiVersion)], body: try WireJSON.encode(body))
    }

    private static func wireMessage(_ message: ChatMessage) throws(ProviderFailure) -> AnthropicWire.Message {
        let role = message.role == .assistant ? "assistant" : "user"
        if message.parts.count == 1, case .text(let text) = message.parts[0] {
            return AnthropicWire.Message(role: role, content: .text(text))
        }
        var blocks: [AnthropicWire.Block] = []
        for part in message.parts {
            switch part {
            case .text(let text):
                blocks.append(.text(text))
            case .imageURL(let url):
                switch try ImageReference(url) {
                case .inline(let mediaType, let data): blocks.append(.image(.base64(mediaType: mediaType, data: data)))
                case .remote(let url, _): blocks.append(.image(.url(url)))
                }
            }
        }
        return AnthropicWire.Message(role: role, content: .blocks(blocks))
    }

    public static func response(_ body: [UInt8]) throws(ProviderFailure) -> ChatResult {
        let message = try WireJSON.decode(AnthropicWire.MessageResponse.self, from: body)
        guard let content = message.content else {
            throw ProviderFailure(.malformed, "The provider's answer had no content.")
        }
        let text = content.filter { $0.type == "text" }.compactMap(\.text).joined()
        let reasoning = content.filter { $0.type == "thinking" }.compactMap(\.thinking).joined()
        let usage = message.usage.map {
            TokenUsage(inputTokens: $0.totalInputTokens ?? 0, outputTokens: $0.outputTokens ?? 0)
        }
        return ChatResult(
            text: text, reasoning: reasoning.isEmpty ? nil : reasoning, usage: usage,
            finishReason: message.stopReason.map(finishReason))
    }

    /// Anthropic's `stop_reason` in Tollgate's words; unknown reasons pass through.
    static func finishReason(_ stopReason: String) -> String {
        switch stopReason {
        case "end_turn", "stop_sequence": "stop"
        case "max_tokens", "model_context_window_exceeded": "length"
        case "refusal": "content_filter"
        default: stopReason
        }
    }

    public static func failure(status: Int, body: [UInt8], retryAfter: Double?) -> ProviderFailure {
        let error = WireJSON.decodeIfPossible(AnthropicWire.ErrorEnvelope.self, from: body)?.error
        return failure(errorType: error?.type, status: status, retryAfter: retryAfter)
            ?? .fromStatus(status, retryAfter: retryAfter)
    }

    /// The failure an Anthropic error `type` names (HTTP answers and stream `error` events alike).
    static func failure(errorType: String?, status: Int?, retryAfter: Double?) -> ProviderFailure? {
        let suffix = status.map { " (HTTP \($0))" } ?? ""
        switch errorType {
        case "overloaded_error":
            return ProviderFailure(.upstreamError, "The provider is over capacity\(suffix).", status: status)
        case "api_error":
            return ProviderFailure(.upstreamError, "The provider failed\(suffix).", status: status)
        case "rate_limit_error":
            return ProviderFailure(
                .rateLimited, "The provider is rate limiting requests.", status: status, retryAfter: retryAfter)
        case "authentication_error", "permission_error":
            return ProviderFailure(.unauthorized, "The provider refused our credentials.", status: status)
        case "billing_error":
            return ProviderFailure(.unauthorized, "The provider account has a billing problem.", status: status)
        case "invalid_request_error", "not_found_error", "request_too_large":
            return ProviderFailure(.rejected, "The provider rejected the request.", status: status)
        case "timeout_error":
            return ProviderFailure(.timeout, "The provider timed out.", status: status)
        default:
            return nil
        }
    }
}
