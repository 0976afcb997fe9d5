import TollgateCore

extension ElevenLabsMediaMapping {
    /// `POST /v1/text-to-speech/{voice_id}?output_format=…` with `{text, model_id, voice_settings}`;
    /// a premade voice name becomes its id.
    static func speechRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        let settings = ElevenLabsWire.VoiceSettings(
            stability: number(request, "stability"), similarityBoost: number(request, "similarity_boost"),
            speed: number(request, "speed"))
        let body = ElevenLabsWire.SpeechBody(
            text: try text(request), modelID: request.model,
            voiceSettings: settings == ElevenLabsWire.VoiceSettings() ? nil : settings)
        let voice = ElevenLabsWire.pathSegment(ElevenLabsVoices.voiceID(string(request, "voice_id")))
        return UpstreamRequest(
            path: "/v1/text-to-speech/\(voice)?output_format="
                + ElevenLabsWire.outputFormat(string(request, "format")).outputFormat,
            body: try WireJSON.encode(body))
    }

    /// `POST /v1/sound-generation?output_format=mp3_44100_128` with `{text, model_id, duration_seconds,
    /// prompt_influence, loop}`; the prompt describes the sound.
    static func soundEffectRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        let body = ElevenLabsWire.SoundBody(
            text: try text(request), modelID: request.model, durationSeconds: number(request, "duration_seconds"),
            promptInfluence: number(request, "prompt_influence"), loop: request.params["loop"]?.boolValue)
        return UpstreamRequest(
            path: "/v1/sound-generation?output_format=mp3_44100_128", body: try WireJSON.encode(body))
    }

    /// `POST /v1/text-to-dialogue?output_format=…` with `{inputs: [{text, voice_id}], model_id}`, from
    /// the `inputs` param (voice names become ids).
    static func dialogueRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        let lines = try (request.params["inputs"]?.arrayValue ?? []).map { item throws(ProviderFailure) in
            guard let text = item.objectValue?["text"]?.stringValue, !text.isEmpty else {
                throw ProviderFailure(.rejected, "Every dialogue line needs text.")
            }
            return ElevenLabsWire.DialogueLine(
                text: text, voiceID: ElevenLabsVoices.voiceID(item.objectValue?["voice_id"]?.stringValue))
        }
        guard !lines.isEmpty else { throw ProviderFailure(.rejected, "The model needs dialogue lines.") }
        let body = ElevenLabsWire.DialogueBody(inputs: lines, modelID: request.model)
        return UpstreamRequest(
            path: "/v1/text-to-dialogue?output_format="
                + ElevenLabsWire.outputFormat(string(request, "format")).outputFormat,
            body: try WireJSON.encode(body))
    }

    /// `POST /v1/music?output_format=mp3_44100_128` with `{prompt, music_length_ms, model_id,
    /// force_instrumental}`; our `duration` is in seconds. ElevenLabs answers with the song at once.
    static func musicRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        guard let prompt = request.prompt, !prompt.isEmpty else {
            throw ProviderFailure(.rejected, "The model needs a prompt.")
        }
        let body = ElevenLabsWire.MusicBody(
            prompt: prompt, musicLengthMS: request.params["duration"]?.intValue.map { $0 * 1000 },
            modelID: request.model,
            forceInstrumental: request.params["force_instrumental"]?.boolValue)
        return UpstreamRequest(path: "/v1/music?output_format=mp3_44100_128", body: try WireJSON.encode(body))
    }
}
