/// OpenAI Chat Completions (`POST /v1/chat/completions`, bearer key).
public enum OpenAIChatMapping: OpenAICompatibleMapping {
    public static let providerID = "openai"
    public static let auth = ProviderEndpoint.Auth.bearer
    public static let defaultBaseURL = "https://api.openai.com"
    public static let chatPath = "/v1/chat/completions"

    /// Reasoning models (GPT-5 family, o-series) take `max_completion_tokens`, `reasoning_effort`
    /// and (GPT-5) `verbosity`, and refuse non-default `temperature`/`top_p` and any `stop`.
    public static func parameters(for model: String) -> OpenAIParameterPolicy {
        guard isReasoningModel(model) else { return .standard }
        return OpenAIParameterPolicy(
            sampling: false, maxCompletionTokens: true, stop: false, streamUsage: true,
            options: ["reasoning_effort", "verbosity"])
    }

    /// `gpt-5…`, `o1…`, `o3…`, `o4…`.
    static func isReasoningModel(_ model: String) -> Bool {
        let model = model.lowercased()
        if model.hasPrefix("gpt-5") { return true }
        guard model.first == "o", let digit = model.dropFirst().first else { return false }
        return digit.isNumber
    }
}
