import TollgateCore

/// ElevenLabs' audio models: speech (Flash, Multilingual v2), sound effects, voice changer, voice
/// isolator, dialogue, music, transcription (Scribe) and dubbing. Every one answers at once with the
/// audio (or the transcript) except dubbing, a job polled at `GET /v1/dubbing/{id}`.
///
/// A finished dub is returned as a **relative** URL, `/v1/dubbing/{id}/audio/{language}`: the file
/// needs our key, so the caller resolves it against the endpoint's base URL before downloading.
public enum ElevenLabsMediaMapping: MediaMapping {
    public static let providerID = "elevenlabs"
    public static let auth = ProviderEndpoint.Auth.header("xi-api-key")
    public static let defaultBaseURL = "https://api.elevenlabs.io"

    /// Which API a slug speaks.
    enum Kind {
        case speech, soundEffect, voiceChanger, voiceIsolator, dialogue, music, transcription, dubbing
    }

    static let kinds: [String: Kind] = [
        "elevenlabs-flash": .speech, "elevenlabs-v2": .speech,
        "elevenlabs-sfx": .soundEffect,
        "el-voice-changer": .voiceChanger,
        "el-voice-isolator": .voiceIsolator,
        "el-dialogue": .dialogue,
        "elevenlabs-music": .music,
        "elevenlabs-scribe": .transcription,
        "el-dubbing": .dubbing,
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
        case .speech: try speechRequest(request)
        case .soundEffect: try soundEffectRequest(request)
        case .voiceChanger: try voiceChangerRequest(request)
        case .voiceIsolator: try voiceIsolatorRequest(request)
        case .dialogue: try dialogueRequest(request)
        case .music: try musicRequest(request)
        case .transcription: try transcriptionRequest(request)
        case .dubbing: try dubbingRequest(request)
        }
    }

    public static func submitResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure)
        -> MediaSubmission
    {
        guard (200..<300).contains(response.status) else { throw failure(response) }
        switch try kind(request) {
        case .transcription:
            return .completed(
                try transcriptionResult(response.body, diarize: request.params["diarize"]?.boolValue ?? false))
        case .dubbing:
            return try dubbingSubmission(response.body)
        case .speech, .dialogue:
            return .completed(
                try audioResult(
                    response, contentType: ElevenLabsWire.outputFormat(string(request, "format")).contentType))
        case .soundEffect, .voiceChanger, .voiceIsolator, .music:
            return .completed(try audioResult(response, contentType: "audio/mpeg"))
        }
    }

    public static func pollRequest(upstreamID: String, request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest
    {
        guard try kind(request) == .dubbing else {
            throw ProviderFailure(.unsupported, "This model has no jobs to poll.")
        }
        return UpstreamRequest(method: "GET", path: "/v1/dubbing/" + ElevenLabsWire.pathSegment(upstreamID))
    }

    /// The job's state; a non-2xx poll throws (the poll failed, not necessarily the job).
    public static func pollResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure)
        -> MediaPoll
    {
        guard try kind(request) == .dubbing else {
            throw ProviderFailure(.unsupported, "This model has no jobs to poll.")
        }
        guard (200..<300).contains(response.status) else { throw failure(response) }
        return try dubbingPoll(response.body, request: request)
    }

    /// The failure for a non-2xx answer: ElevenLabs' `detail.status` where it says more than the
    /// HTTP status (an empty quota, a refused music prompt), else the status alone.
    static func failure(_ response: UpstreamResponse) -> ProviderFailure {
        let status = response.status
        let code = WireJSON.decodeIfPossible(ElevenLabsWire.ErrorEnvelope.self, from: response.body)?.status
        switch code {
        case "quota_exceeded":
            return ProviderFailure(.unauthorized, "The provider account has no quota left.", status: status)
        case "invalid_api_key":
            return ProviderFailure(.unauthorized, "The provider refused our credentials.", status: status)
        case "bad_prompt", "bad_composition_plan":
            return ProviderFailure(.contentPolicy, "The provider refused the content.", status: status)
        case "too_many_concurrent_requests", "system_busy":
            return ProviderFailure(
                .rateLimited, "The provider is rate limiting requests.", status: status,
                retryAfter: response.header("retry-after").flatMap(Double.init))
        default:
            return .fromStatus(status, retryAfter: response.header("retry-after").flatMap(Double.init))
        }
    }

    /// Bytes of audio from a 2xx answer; a JSON, text or empty body there is not audio.
    static func audioResult(_ response: UpstreamResponse, contentType: String) throws(ProviderFailure) -> MediaResult {
        let declared = response.header("content-type")?.lowercased() ?? ""
        guard !response.body.isEmpty, !declared.hasPrefix("application/json"), !declared.hasPrefix("text/") else {
            throw ProviderFailure(.malformed, "The provider's answer was not audio.")
        }
        return MediaResult(file: .data(response.body, contentType: contentType))
    }

    /// A string param.
    static func string(_ request: MediaRequest, _ name: String) -> String? {
        request.params[name]?.stringValue
    }

    /// A number param.
    static func number(_ request: MediaRequest, _ name: String) -> Double? {
        request.params[name]?.doubleValue
    }

    /// The text to voice: the `text` param, else the prompt.
    static func text(_ request: MediaRequest) throws(ProviderFailure) -> String {
        guard let text = string(request, "text") ?? request.prompt, !text.isEmpty else {
            throw ProviderFailure(.rejected, "The model needs text.")
        }
        return text
    }

    /// The source audio, by whichever name the caller's route used (`audio` for uploads, `audio_url`
    /// for a fetched URL).
    static func audioInput(_ request: MediaRequest, alsoNamed names: [String] = []) -> MediaInput? {
        for name in ["audio", "audio_url", "file"] + names {
            if let input = request.inputs[name] { return input }
        }
        return nil
    }

    /// The source audio as bytes to upload: ElevenLabs takes these endpoints' files only inline.
    static func uploadedAudio(_ request: MediaRequest) throws(ProviderFailure) -> (
        bytes: [UInt8], contentType: String, filename: String
    ) {
        guard case .data(let bytes, let contentType, let filename)? = audioInput(request) else {
            throw ProviderFailure(.rejected, "The model needs an uploaded audio file.")
        }
        return (bytes, contentType, filename)
    }
}
