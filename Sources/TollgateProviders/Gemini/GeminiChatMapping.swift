import TollgateCore

/// Google Gemini (`POST /v1beta/models/{model}:generateContent`, streamed with
/// `:streamGenerateContent?alt=sse`; key in `x-goog-api-key`).
public enum GeminiChatMapping: ChatMapping {
    public typealias StreamState = GeminiStreamState

    public static let providerID = "google"
    public static let auth = ProviderEndpoint.Auth.header("x-goog-api-key")
    public static let defaultBaseURL = "https://generativelanguage.googleapis.com"

    /// System text as `systemInstruction`; turns as `user`/`model` contents (consecutive same-role
    /// turns merged); images inline (`data:` URLs) or by URI; parameters (and the `top_k` option) in
    /// `generationConfig`.
    public static func request(_ chat: ChatRequest, stream: Bool) throws(ProviderFailure) -> UpstreamRequest {
        var contents: [GeminiWire.Content] = []
        for turn in chat.alternatingTurns {
            var parts: [GeminiWire.Part] = []
            for part in turn.parts { parts.append(try wirePart(part)) }
            contents.append(GeminiWire.Content(role: turn.role == .assistant ? "model" : "user", parts: parts))
        }
        var body = GeminiWire.GenerateContentBody(contents: contents)
        if let system = chat.systemText { body.systemInstruction = GeminiWire.Content(parts: [.text(system)]) }
        let config = GeminiWire.GenerationConfig(
            temperature: chat.temperature, maxOutputTokens: chat.maxTokens, topP: chat.topP,
            topK: chat.options["top_k"]?.intValue.map { Int($0) },
            stopSequences: chat.stop.flatMap { $0.isEmpty ? nil : $0 })
        if config != GeminiWire.GenerationConfig() { body.generationConfig = config }
        let model = chat.model.hasPrefix("models/") ? String(chat.model.dropFirst("models/".count)) : chat.model
        let path =
            stream
            ? "/v1beta/models/\(model):streamGenerateContent?alt=sse"
            : "/v1beta/models/\(model):generateContent"
        return UpstreamRequest(path: path, body: try WireJSON.encode(body))
    }

    private static func wirePart(_ part: ContentPart) throws(ProviderFailure) -> GeminiWire.Part {
        switch part {
        case .text(let text):
            return .text(text)
        case .imageURL(let url):
            switch try ImageReference(url) {
            case .inline(let mediaType, let data): return .inlineData(mimeType: mediaType, data: data)
            case .remote(let url, let mediaType): return .fileData(mimeType: mediaType, fileURI: url)
            }
        }
    }

    public static func response(_ body: [UInt8]) throws(ProviderFailure) -> ChatResult {
        let response = try WireJSON.decode(GeminiWire.GenerateContentResponse.self, from: body)
        guard let candidate = try firstCandidate(response) else {
            throw ProviderFailure(.malformed, "The provider's answer had no candidates.")
        }
        let parts = candidate.content?.parts ?? []
        let text = parts.filter { $0.thought != true }.compactMap(\.text).joined()
        let reasoning = parts.filter { $0.thought == true }.compactMap(\.text).joined()
        return ChatResult(
            text: text, reasoning: reasoning.isEmpty ? nil : reasoning, usage: response.usageMetadata?.tokenUsage,
            finishReason: candidate.finishReason.map(finishReason))
    }

    /// The first candidate; a prompt blocked before any candidate is a content-policy failure.
    static func firstCandidate(_ response: GeminiWire.GenerateContentResponse) throws(ProviderFailure) -> GeminiWire
        .Candidate?
    {
        if let candidate = response.candidates?.first { return candidate }
        if response.promptFeedback?.blockReason != nil {
            throw ProviderFailure(.contentPolicy, "The provider refused the content.")
        }
        return nil
    }

    /// A protobuf duration in JSON (`"23s"`, `"1.5s"`) in seconds.
    private static func seconds(_ duration: String) -> Double? {
        guard duration.hasSuffix("s") else { return nil }
        return Double(duration.dropLast())
    }

    /// Gemini's `finishReason` in Tollgate's words; other reasons pass through lowercased.
    static func finishReason(_ reason: String) -> String {
        switch reason {
        case "STOP": "stop"
        case "MAX_TOKENS": "length"
        case "SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "RECITATION", "SPII", "IMAGE_SAFETY": "content_filter"
        default: reason.lowercased()
        }
    }

    public static func failure(status: Int, body: [UInt8], retryAfter: Double?) -> ProviderFailure {
        let error = WireJSON.decodeIfPossible(GeminiWire.ErrorEnvelope.self, from: body)?.error
        return failure(error, status: status, retryAfter: retryAfter) ?? .fromStatus(status, retryAfter: retryAfter)
    }

    /// The failure a Gemini error's `status` (and `ErrorInfo` reason) names.
    static func failure(_ error: GeminiWire.ErrorBody?, status: Int?, retryAfter: Double?) -> ProviderFailure? {
        guard let error else { return nil }
        let status = status ?? error.code
        // A wrong key is a 400 INVALID_ARGUMENT whose ErrorInfo says API_KEY_INVALID.
        if error.details?.contains(where: { $0.reason == "API_KEY_INVALID" }) == true {
            return ProviderFailure(.unauthorized, "The provider refused our credentials.", status: status)
        }
        switch error.status {
        case "RESOURCE_EXHAUSTED":
            let retryAfter = retryAfter ?? error.details?.lazy.compactMap { $0.retryDelay.flatMap(seconds) }.first
            return ProviderFailure(
                .rateLimited, "The provider is rate limiting requests.", status: status, retryAfter: retryAfter)
        case "UNAVAILABLE", "INTERNAL", "UNKNOWN":
            return ProviderFailure(.upstreamError, "The provider failed (HTTP \(status ?? 500)).", status: status)
        case "DEADLINE_EXCEEDED":
            return ProviderFailure(.timeout, "The provider timed out.", status: status)
        case "PERMISSION_DENIED", "UNAUTHENTICATED":
            return ProviderFailure(.unauthorized, "The provider refused our credentials.", status: status)
        case "FAILED_PRECONDITION":
            // Billing or region: our account cannot use the model, whatever the caller sends.
            return ProviderFailure(.unauthorized, "The provider account cannot use this model.", status: status)
        case "INVALID_ARGUMENT", "NOT_FOUND", "OUT_OF_RANGE":
            return ProviderFailure(.rejected, "The provider rejected the request.", status: status)
        default:
            return nil
        }
    }
}
