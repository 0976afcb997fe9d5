/// A provider speaking OpenAI's Chat Completions (OpenAI itself, DeepSeek, xAI): the wire and the
/// three mappings are written once here; a conforming type states its path and parameter policy and
/// overrides only what its provider does differently.
public protocol OpenAICompatibleMapping: ChatMapping where StreamState == OpenAIStreamState {
    /// The Chat Completions path, e.g. `/v1/chat/completions`.
    static var chatPath: String { get }
    /// Which parameters `model` accepts.
    static func parameters(for model: String) -> OpenAIParameterPolicy
    /// Whether `completion_tokens` already counts reasoning tokens (true for OpenAI and DeepSeek).
    static var completionTokensIncludeReasoning: Bool { get }
}

extension OpenAICompatibleMapping {
    public static func parameters(for model: String) -> OpenAIParameterPolicy { .standard }

    public static var completionTokensIncludeReasoning: Bool { true }

    /// The provider-neutral counts of a wire usage.
    static func tokenUsage(_ usage: OpenAIWire.Usage) -> TokenUsage {
        usage.tokenUsage(reasoningInCompletion: completionTokensIncludeReasoning)
    }

    public static func request(_ chat: ChatRequest, stream: Bool) throws(ProviderFailure) -> UpstreamRequest {
        try chatCompletionsRequest(chat, stream: stream)
    }

    /// The Chat Completions request for `chat`, shaped by the model's parameter policy.
    static func chatCompletionsRequest(_ chat: ChatRequest, stream: Bool) throws(ProviderFailure) -> UpstreamRequest {
        let policy = parameters(for: chat.model)
        var body = OpenAIWire.ChatBody(model: chat.model, messages: chat.messages.map(wireMessage))
        body.options = chat.options.filter { policy.options.contains($0.key) && !$0.value.isNull }
        if policy.sampling {
            body.temperature = chat.temperature
            body.topP = chat.topP
        }
        if policy.maxCompletionTokens {
            body.maxCompletionTokens = chat.maxTokens
        } else {
            body.maxTokens = chat.maxTokens
        }
        if policy.stop, let stop = chat.stop, !stop.isEmpty { body.stop = stop }
        if stream {
            body.stream = true
            if policy.streamUsage { body.streamOptions = OpenAIWire.StreamOptions(includeUsage: true) }
        }
        return UpstreamRequest(path: chatPath, body: try WireJSON.encode(body.json))
    }

    private static func wireMessage(_ message: ChatMessage) -> OpenAIWire.Message {
        let hasImage = message.parts.contains { if case .imageURL = $0 { true } else { false } }
        guard hasImage else { return OpenAIWire.Message(role: message.role.rawValue, content: .text(message.text)) }
        let parts = message.parts.map { part -> OpenAIWire.Part in
            switch part {
            case .text(let text): .text(text)
            case .imageURL(let url): .imageURL(url)
            }
        }
        return OpenAIWire.Message(role: message.role.rawValue, content: .parts(parts))
    }

    public static func response(_ body: [UInt8]) throws(ProviderFailure) -> ChatResult {
        let completion = try OpenAIWire.Completion(json: body)
        guard let choice = completion.choices.first(where: { ($0.index ?? 0) == 0 }), let message = choice.message
        else {
            throw ProviderFailure(.malformed, "The provider's answer had no choices.")
        }
        let reasoning = message.reasoningContent.flatMap { $0.isEmpty ? nil : $0 }
        return ChatResult(
            text: message.content ?? message.refusal ?? "", reasoning: reasoning,
            usage: completion.usage.map(tokenUsage), finishReason: choice.finishReason)
    }

    public static func failure(status: Int, body: [UInt8], retryAfter: Double?) -> ProviderFailure {
        openAIFailure(status: status, body: body, retryAfter: retryAfter)
    }

    /// The failure for an OpenAI-shaped error answer: its `code`/`type` first, then the HTTP status.
    static func openAIFailure(status: Int, body: [UInt8], retryAfter: Double?) -> ProviderFailure {
        let error = WireJSON.decodeIfPossible(OpenAIWire.ErrorEnvelope.self, from: body)?.error
        return classified(error, status: status) ?? .fromStatus(status, retryAfter: retryAfter)
    }

    /// The failure an error object's `code` or `type` names, if it names one the status would misread.
    static func classified(_ error: OpenAIWire.ErrorBody?, status: Int?) -> ProviderFailure? {
        let words = [error?.code, error?.type].compactMap { $0 }
        if words.contains(where: { $0 == "content_filter" || $0 == "content_policy_violation" }) {
            return ProviderFailure(.contentPolicy, "The provider refused the content.", status: status)
        }
        // A 429 that no wait will cure: our account is out of credit.
        if words.contains("insufficient_quota") {
            return ProviderFailure(.unauthorized, "The provider account has no quota left.", status: status)
        }
        return nil
    }
}
