import TollgateCore

/// OpenAI's media models: images (DALL·E 3, GPT Image), speech (TTS), transcription (Whisper,
/// GPT-4o Transcribe) and video (Sora). Images, speech and transcription answer at once; Sora is a job
/// polled at `GET /v1/videos/{id}`.
///
/// A finished Sora video is returned as a **relative** URL, `/v1/videos/{id}/content` (and
/// `…?variant=thumbnail`): the file needs our key, so the caller resolves it against the endpoint's
/// base URL before downloading, which keeps any egress relay in front of OpenAI in the path.
public enum OpenAIMediaMapping: MediaMapping {
    public static let providerID = "openai"
    public static let auth = ProviderEndpoint.Auth.bearer
    public static let defaultBaseURL = "https://api.openai.com"

    /// Which API a slug speaks.
    enum Kind {
        case image, speech, transcription, video
    }

    static let kinds: [String: Kind] = [
        "dall-e-3": .image, "gpt-image-1.5": .image,
        "openai-tts": .speech, "openai-tts-hd": .speech, "gpt-4o-mini-tts": .speech,
        "whisper": .transcription, "gpt-4o-transcribe": .transcription,
        "sora-2": .video,
    ]

    public static var slugs: Set<String> { Set(kinds.keys) }
    /// Audio and image inputs go up as multipart files.
    public static var takesInputBytes: Bool { true }

    static func kind(_ request: MediaRequest) throws(ProviderFailure) -> Kind {
        guard let kind = kinds[request.slug] else {
            throw ProviderFailure(.unsupported, "This provider does not serve the model.")
        }
        return kind
    }

    public static func submitRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        switch try kind(request) {
        case .image: try imageRequest(request)
        case .speech: try speechRequest(request)
        case .transcription: try transcriptionRequest(request)
        case .video: try videoRequest(request)
        }
    }

    public static func submitResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure)
        -> MediaSubmission
    {
        guard (200..<300).contains(response.status) else { throw failure(response) }
        switch try kind(request) {
        case .image: return .completed(try imageResult(response.body, request: request))
        case .speech: return .completed(try speechResult(response, request: request))
        case .transcription: return .completed(try transcriptionResult(response.body))
        case .video: return try videoSubmission(response)
        }
    }

    public static func pollRequest(upstreamID: String, request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest
    {
        guard try kind(request) == .video else {
            throw ProviderFailure(.unsupported, "This model has no jobs to poll.")
        }
        return UpstreamRequest(method: "GET", path: "/v1/videos/" + OpenAIMediaWire.pathSegment(upstreamID))
    }

    /// The job's state; a non-2xx poll throws (the poll failed, not necessarily the job).
    public static func pollResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure)
        -> MediaPoll
    {
        guard try kind(request) == .video else {
            throw ProviderFailure(.unsupported, "This model has no jobs to poll.")
        }
        guard (200..<300).contains(response.status) else { throw failure(response) }
        return try videoPoll(response)
    }

    /// The failure for a non-2xx answer: OpenAI's `error.code`/`type` first (the chat mapping's rules,
    /// plus the GPT image models' `moderation_blocked`), then the HTTP status.
    static func failure(_ response: UpstreamResponse) -> ProviderFailure {
        let error = WireJSON.decodeIfPossible(OpenAIWire.ErrorEnvelope.self, from: response.body)?.error
        if let refused = contentRefusal(error, status: response.status) { return refused }
        let retryAfter = response.header("retry-after").flatMap(Double.init)
        return OpenAIChatMapping.openAIFailure(status: response.status, body: response.body, retryAfter: retryAfter)
    }

    /// `contentPolicy` when an error object names a moderation refusal.
    static func contentRefusal(_ error: OpenAIWire.ErrorBody?, status: Int?) -> ProviderFailure? {
        let words = [error?.code, error?.type].compactMap { $0 }
        let refusals: Set<String> = ["moderation_blocked", "content_policy_violation", "content_filter"]
        guard words.contains(where: refusals.contains) else { return nil }
        return ProviderFailure(.contentPolicy, "The provider refused the content.", status: status)
    }

    /// The prompt, or a caller error when there is none.
    static func prompt(_ request: MediaRequest) throws(ProviderFailure) -> String {
        guard let prompt = request.prompt, !prompt.isEmpty else {
            throw ProviderFailure(.rejected, "The model needs a prompt.")
        }
        return prompt
    }

    /// A string param.
    static func string(_ request: MediaRequest, _ name: String) -> String? {
        request.params[name]?.stringValue
    }
}
