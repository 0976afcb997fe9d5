/// xAI Grok (`POST /v1/chat/completions`, bearer key): OpenAI's Chat Completions. Reasoning models
/// may stream `reasoning_content`; every chunk repeats a running `usage`; errors come either as
/// OpenAI's `{"error": {…}}` or as `{"code": "…", "error": "…"}`.
public enum XAIChatMapping: OpenAICompatibleMapping {
    public static let providerID = "xai"
    public static let auth = ProviderEndpoint.Auth.bearer
    public static let defaultBaseURL = "https://api.x.ai"
    public static let chatPath = "/v1/chat/completions"

    /// xAI counts reasoning tokens apart from `completion_tokens` (its `total_tokens` is the sum of all three).
    public static let completionTokensIncludeReasoning = false

    /// Reasoning models (Grok 4 except its `non-reasoning` variants, `grok-3-mini`, `grok-code`)
    /// refuse `stop` and the repetition penalties; only `grok-3-mini` takes `reasoning_effort`.
    /// Usage comes on every chunk, so no `stream_options` is sent.
    public static func parameters(for model: String) -> OpenAIParameterPolicy {
        var policy = OpenAIParameterPolicy.standard
        policy.streamUsage = false
        if isReasoningModel(model) {
            policy.stop = false
            policy.options = model.lowercased().hasPrefix("grok-3-mini") ? ["reasoning_effort"] : []
        }
        return policy
    }

    static func isReasoningModel(_ model: String) -> Bool {
        let model = model.lowercased()
        if model.contains("non-reasoning") { return false }
        return model.hasPrefix("grok-4") || model.hasPrefix("grok-3-mini") || model.hasPrefix("grok-code")
    }

    /// xAI answers a wrong key with a 400 whose text names the API key; everything else as OpenAI.
    public static func failure(status: Int, body: [UInt8], retryAfter: Double?) -> ProviderFailure {
        if let error = WireJSON.decodeIfPossible(XAIWire.ErrorBody.self, from: body), let message = error.error {
            if status == 400, message.lowercased().contains("api key") {
                return ProviderFailure(.unauthorized, "The provider refused our credentials.", status: status)
            }
            return .fromStatus(status, retryAfter: retryAfter)
        }
        return openAIFailure(status: status, body: body, retryAfter: retryAfter)
    }
}
