import TollgateCore

extension OpenAIMediaMapping {
    /// `POST /v1/audio/speech`: our `text` (or the prompt) is the input, `voice_id` the voice, `format`
    /// the `response_format`; `speed` and `instructions` only where the catalog offers them.
    static func speechRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        guard let text = string(request, "text") ?? request.prompt, !text.isEmpty else {
            throw ProviderFailure(.rejected, "The model needs text to speak.")
        }
        let body = OpenAIMediaWire.SpeechBody(
            model: request.model, input: text, voice: string(request, "voice_id") ?? "alloy",
            responseFormat: OpenAIMediaWire.speechFormat(string(request, "format")).responseFormat,
            speed: request.params["speed"]?.doubleValue, instructions: string(request, "instructions"))
        return UpstreamRequest(path: "/v1/audio/speech", body: try WireJSON.encode(body))
    }

    /// The speech answer's body is the audio itself, in the format asked for.
    static func speechResult(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure) -> MediaResult
    {
        try audioResult(response, contentType: OpenAIMediaWire.speechFormat(string(request, "format")).contentType)
    }

    /// Bytes of audio from a 2xx answer; a JSON or empty body there is not audio.
    static func audioResult(_ response: UpstreamResponse, contentType: String) throws(ProviderFailure) -> MediaResult {
        let declared = response.header("content-type")?.lowercased() ?? ""
        guard !response.body.isEmpty, !declared.hasPrefix("application/json"), !declared.hasPrefix("text/") else {
            throw ProviderFailure(.malformed, "The provider's answer was not audio.")
        }
        return MediaResult(file: .data(response.body, contentType: contentType))
    }

    /// `POST /v1/audio/transcriptions`, multipart: the `file`, `model`, `response_format=json` and the
    /// `language` if given. The audio must be bytes the gateway holds: OpenAI fetches no URLs.
    static func transcriptionRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        guard case .data(let bytes, let contentType, let filename)? = audioInput(request) else {
            throw ProviderFailure(.rejected, "The model needs an uploaded audio file.")
        }
        var form = MultipartForm()
        form.addFile("file", bytes: bytes, contentType: contentType, filename: filename)
        form.add("model", request.model)
        form.add("response_format", "json")
        form.add("language", string(request, "language").flatMap { $0.isEmpty ? nil : $0 })
        return form.request(path: "/v1/audio/transcriptions")
    }

    /// The transcript; Whisper also reports the audio's length (`usage.seconds`).
    static func transcriptionResult(_ body: [UInt8]) throws(ProviderFailure) -> MediaResult {
        let transcription = try WireJSON.decode(OpenAIMediaWire.Transcription.self, from: body)
        let seconds = transcription.usage?.type == "duration" ? transcription.usage?.seconds : nil
        return MediaResult(text: transcription.text, durationSeconds: seconds)
    }

    /// The audio input, by whichever name the caller's route used (`audio` for uploads, `audio_url`
    /// for a fetched URL, `file` as OpenAI names it).
    static func audioInput(_ request: MediaRequest) -> MediaInput? {
        request.inputs["audio"] ?? request.inputs["audio_url"] ?? request.inputs["file"]
    }
}
