import TollgateCore

extension ElevenLabsMediaMapping {
    /// The language dubbed into (ElevenLabs' `target_lang`, our `target_language`).
    static func targetLanguage(_ request: MediaRequest) throws(ProviderFailure) -> String {
        guard let language = string(request, "target_language") ?? string(request, "target_lang"), !language.isEmpty
        else {
            throw ProviderFailure(.rejected, "The model needs a target language.")
        }
        return language
    }

    /// `POST /v1/dubbing`, multipart: the source as a `file` part (bytes the gateway fetched or was
    /// given) or as `source_url` (a public URL ElevenLabs fetches), `target_lang`, `source_lang`,
    /// `num_speakers` and `drop_background_audio`.
    static func dubbingRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        var form = MultipartForm()
        switch request.inputs["source_url"] ?? audioInput(request) {
        case .data(let bytes, let contentType, let filename)?:
            form.addFile("file", bytes: bytes, contentType: contentType, filename: filename)
        case .url(let url)?:
            form.add("source_url", url)
        case nil:
            throw ProviderFailure(.rejected, "The model needs a source file.")
        }
        form.add("target_lang", try targetLanguage(request))
        form.add("source_lang", string(request, "source_language") ?? "auto")
        form.add("num_speakers", request.params["num_speakers"]?.intValue.map { String($0) })
        form.add("drop_background_audio", request.params["drop_background_audio"]?.boolValue.map(String.init))
        return form.request(path: "/v1/dubbing")
    }

    /// The created project: `{dubbing_id, expected_duration_sec}`; poll it by its id.
    static func dubbingSubmission(_ body: [UInt8]) throws(ProviderFailure) -> MediaSubmission {
        let created = try WireJSON.decode(ElevenLabsWire.DubbingCreated.self, from: body)
        guard !created.dubbingID.isEmpty else {
            throw ProviderFailure(.malformed, "The provider's answer had no job id.")
        }
        return .submitted(upstreamID: created.dubbingID, pollAfterSeconds: nil)
    }

    /// A project's state: `dubbing` runs; `dubbed` links the dubbed file by relative URL and reports the
    /// source's length (`media_metadata.duration`, which the gateway prices dubbing on); `failed` fails
    /// without ElevenLabs' words.
    static func dubbingPoll(_ body: [UInt8], request: MediaRequest) throws(ProviderFailure) -> MediaPoll {
        let dubbing = try WireJSON.decode(ElevenLabsWire.Dubbing.self, from: body)
        switch dubbing.status {
        case "dubbed":
            guard let id = dubbing.dubbingID, !id.isEmpty else {
                throw ProviderFailure(.malformed, "The provider's answer had no job id.")
            }
            let language = try targetLanguage(request)
            let path = "/v1/dubbing/\(ElevenLabsWire.pathSegment(id))/audio/\(ElevenLabsWire.pathSegment(language))"
            let seconds = dubbing.mediaMetadata?.duration
            return .completed(
                MediaResult(file: .url(path, contentType: nil), durationSeconds: seconds, sourceSeconds: seconds))
        case "failed":
            return .failed(ProviderFailure(.upstreamError, "The provider failed to dub the file."))
        default:
            // `dubbing`, and any preparatory state ElevenLabs may add.
            return .running(progress: nil, pollAfterSeconds: nil)
        }
    }
}
