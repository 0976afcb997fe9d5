/// DeepSeek (`POST /chat/completions`, bearer key): OpenAI's Chat Completions with its own quirks.
/// `deepseek-reasoner` answers with `reasoning_content` beside `content` (read by the shared wire),
/// takes no sampling parameters, and no DeepSeek model takes images.
public enum DeepSeekChatMapping: OpenAICompatibleMapping {
    public static let providerID = "deepseek"
    public static let auth = ProviderEndpoint.Auth.bearer
    public static let defaultBaseURL = "https://api.deepseek.com"
    public static let chatPath = "/chat/completions"

    /// `deepseek-reasoner` takes no sampling parameters or penalties (they have no effect), so they
    /// are left out.
    public static func parameters(for model: String) -> OpenAIParameterPolicy {
        var policy = OpenAIParameterPolicy.standard
        if model.lowercased().hasPrefix("deepseek-reasoner") {
            policy.sampling = false
            policy.options = []
        }
        return policy
    }

    /// Refuses image parts (DeepSeek's chat API is text-only), then maps as OpenAI does.
    public static func request(_ chat: ChatRequest, stream: Bool) throws(ProviderFailure) -> UpstreamRequest {
        let hasImage = chat.messages.contains { $0.parts.contains { if case .imageURL = $0 { true } else { false } } }
        if hasImage { throw ProviderFailure(.rejected, "This provider does not accept images.") }
        return try chatCompletionsRequest(chat, stream: stream)
    }

    /// DeepSeek's statuses: 402 is our balance running out (the model is unavailable, not the
    /// caller's fault); 422 invalid parameters; 503 overloaded; the rest as OpenAI.
    public static func failure(status: Int, body: [UInt8], retryAfter: Double?) -> ProviderFailure {
        if status == 402 {
            return ProviderFailure(.unauthorized, "The provider account has insufficient balance.", status: status)
        }
        return openAIFailure(status: status, body: body, retryAfter: retryAfter)
    }
}
