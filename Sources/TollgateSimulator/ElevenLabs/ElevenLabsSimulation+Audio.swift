import Foundation
import Hummingbird

extension ElevenLabsSimulation {
    /// The `output_format` query (`mp3_44100_128` by default) → the generated format and content type;
    /// `nil` for a format the simulator does not make (`ulaw_8000`, `alaw_8000`).
    static func outputFormat(_ name: String?) -> (format: ResultFile.Format, contentType: String)? {
        let name = name ?? "mp3_44100_128"
        if name.hasPrefix("mp3_") { return (.mp3, "audio/mpeg") }
        if name.hasPrefix("wav_") { return (.wav, "audio/wav") }
        if name.hasPrefix("opus_") { return (.ogg, "audio/ogg") }
        if name.hasPrefix("pcm_") { return (.pcm, "audio/pcm") }
        return nil
    }

    /// Answers `seconds` of audio in the call's `output_format`, or its refusal.
    func audio(_ call: MediaCall, stem: String, seconds: Double, headers: HTTPFields = [:]) -> Response {
        guard let format = Self.outputFormat(call.query("output_format")) else {
            return errorResponse(.invalidRequest("Invalid output_format: \(call.query("output_format") ?? "")"))
        }
        if let failure = call.knobs.jobFail {
            return syncFailure(failure)
        }
        var fields = headers
        fields[.init("request-id")!] = call.hexID(length: 20)
        let file = ResultFile(stem: "elevenlabs-\(stem)-\(call.sequence)", format: format.format, seconds: seconds)
        return self.file(file.bytes(), contentType: format.contentType, headers: fields)
    }

    /// `POST /v1/text-to-speech/{voice_id}`: JSON `{text, model_id, voice_settings}`.
    func textToSpeech(_ call: MediaCall) -> Response {
        guard let text = call.string("text"), !text.isEmpty else { return missing("text") }
        var headers = HTTPFields()
        headers[.init("x-character-count")!] = String(text.count)
        let speed = call.json?["voice_settings"]?["speed"]?.doubleValue ?? 1
        return audio(
            call, stem: "tts", seconds: MediaOpenAI.readingSeconds(text) / max(0.5, min(2, speed)), headers: headers)
    }

    /// `POST /v1/sound-generation`: JSON `{text, duration_seconds, prompt_influence, loop, model_id}`.
    func soundGeneration(_ call: MediaCall) -> Response {
        guard let text = call.string("text"), !text.isEmpty else { return missing("text") }
        let seconds = min(30, max(0.5, call.double("duration_seconds") ?? 3))
        return audio(call, stem: "sfx", seconds: seconds)
    }

    /// `POST /v1/speech-to-speech/{voice_id}` and `/v1/audio-isolation`: a form with an `audio` file →
    /// audio as long as the upload.
    func audioTransform(_ call: MediaCall, stem: String) -> Response {
        guard let upload = call.form?.part("audio"), upload.isFile else { return missing("audio") }
        return audio(call, stem: stem, seconds: max(0.1, AudioDuration.seconds(of: upload.bytes)))
    }

    /// `POST /v1/text-to-dialogue`: JSON `{inputs: [{text, voice_id}], model_id}`.
    func dialogue(_ call: MediaCall) -> Response {
        guard let inputs = call.json?["inputs"]?.arrayValue, !inputs.isEmpty else { return missing("inputs") }
        let texts = inputs.compactMap { $0["text"]?.stringValue }
        guard texts.count == inputs.count, inputs.allSatisfy({ $0["voice_id"]?.stringValue != nil }) else {
            return missing("voice_id")
        }
        return audio(call, stem: "dialogue", seconds: MediaOpenAI.readingSeconds(texts.joined(separator: " ")))
    }

    /// `POST /v1/music`: JSON `{prompt, music_length_ms, model_id, force_instrumental}` (or a
    /// `composition_plan`); the song's id in `song-id`.
    func music(_ call: MediaCall) -> Response {
        guard call.string("prompt")?.isEmpty == false || call.json?["composition_plan"] != nil else {
            return missing("prompt")
        }
        let seconds = min(300, max(3, (call.double("music_length_ms") ?? 30000) / 1000))
        var headers = HTTPFields()
        headers[.init("song-id")!] = call.hexID(length: 20)
        return audio(call, stem: "music", seconds: seconds, headers: headers)
    }

    /// `POST /v1/speech-to-text`: a form with `model_id` and a `file` (or `cloud_storage_url`) →
    /// the transcript, its words spread over the audio's length (two speakers with `diarize=true`).
    func speechToText(_ call: MediaCall) -> Response {
        guard let form = call.form else { return missing("model_id") }
        guard let model = form.field("model_id"), !model.isEmpty else { return missing("model_id") }
        let upload = form.part("file")
        let url = form.field("cloud_storage_url")
        guard upload?.isFile == true || url != nil else {
            return errorResponse(.invalidRequest("Either file or cloud_storage_url must be provided."))
        }
        if let failure = call.knobs.jobFail { return syncFailure(failure) }
        let seconds = upload.map { AudioDuration.seconds(of: $0.bytes) } ?? url.flatMap { Self.urlSeconds($0) } ?? 10
        let source = upload?.filename ?? url.map { String($0.split(separator: "/").last ?? "") } ?? "audio"
        let text = MediaAnswer.text(
            provider: id, model: model, prompt: "audio \(source) of \(ResultFile.secondsText(seconds)) seconds")
        let diarize = form.field("diarize") == "true"
        let tokens = text.split(separator: " ")
        var words: [ElevenLabsWire.Word] = []
        let step = max(0.01, seconds / Double(max(1, tokens.count)))
        for (index, token) in tokens.enumerated() {
            let start = Double(index) * step
            let speaker = diarize && index >= tokens.count / 2 ? "speaker_1" : "speaker_0"
            if index > 0 {
                words.append(.init(text: " ", start: start, end: start, type: "spacing", speakerID: speaker))
            }
            words.append(
                .init(text: String(token), start: start, end: start + step * 0.9, type: "word", speakerID: speaker))
        }
        let language = form.field("language_code").map { $0.isEmpty ? "eng" : $0 } ?? "eng"
        return json(
            ElevenLabsWire.Transcript(
                languageCode: language, languageProbability: 0.98, text: text, words: words,
                transcriptionID: call.hexID(length: 20)))
    }

    /// The length a link to the simulator's file route names (`…-300s.mp3` → 300).
    static func urlSeconds(_ url: String) -> Double? {
        let name = String(url.split(separator: "/").last ?? "").split(separator: "?").first.map(String.init) ?? ""
        guard let file = ResultFile(name: name), file.namesLength else { return nil }
        return file.seconds
    }
}
