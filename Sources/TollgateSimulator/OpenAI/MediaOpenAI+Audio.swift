import Foundation
import Hummingbird

extension MediaOpenAI {
    /// `response_format` of `/v1/audio/speech` → the generated format and the content type sent.
    /// `aac` and `flac` are answered with WAV bytes under their own content type (the simulator makes
    /// no AAC or FLAC encoder).
    static let speechFormats: [String: (format: ResultFile.Format, contentType: String)] = [
        "mp3": (.mp3, "audio/mpeg"), "opus": (.ogg, "audio/ogg"), "wav": (.wav, "audio/wav"),
        "pcm": (.pcm, "audio/pcm"), "aac": (.wav, "audio/aac"), "flac": (.wav, "audio/flac"),
    ]

    /// `POST /v1/audio/speech`: JSON `{model, input, voice, response_format, speed, instructions}` →
    /// the audio bytes, as long as the text takes to read (2.5 words a second, over `speed`).
    func speech(_ call: MediaCall) -> Response {
        guard let model = call.string("model"), !model.isEmpty else {
            return error(400, "you must provide a model parameter", param: "model")
        }
        guard let input = call.string("input"), !input.isEmpty else {
            return error(
                400, "Missing required parameter: 'input'.", code: "missing_required_parameter", param: "input")
        }
        guard call.string("voice")?.isEmpty == false else {
            return error(
                400, "Missing required parameter: 'voice'.", code: "missing_required_parameter", param: "voice")
        }
        let name = call.string("response_format") ?? "mp3"
        guard let format = Self.speechFormats[name] else {
            return error(
                400, "Invalid value: '\(name)'. Supported values are: 'mp3', 'opus', 'aac', 'flac', 'wav', and 'pcm'.",
                code: "invalid_value", param: "response_format")
        }
        if let failure = call.knobs.jobFail {
            return syncFailure(failure, policyCode: "content_policy_violation")
        }
        let seconds = Self.readingSeconds(input) / max(0.25, min(4, call.double("speed") ?? 1))
        let file = ResultFile(stem: "openai-tts-\(call.sequence)", format: format.format, seconds: seconds)
        return self.file(file.bytes(), contentType: format.contentType)
    }

    /// How long `text` takes to read aloud: 2.5 words a second, at least a second, at most ten minutes.
    static func readingSeconds(_ text: String) -> Double {
        let words = SimulatorDirective.strip(text).split(whereSeparator: { $0 == " " || $0 == "\n" }).count
        return min(600, max(1, (Double(words) / 2.5 * 10).rounded() / 10))
    }

    /// `POST /v1/audio/transcriptions`, a form with `file` and `model` (and `language`, `prompt`,
    /// `response_format`): the transcript says it is simulated and echoes the `prompt` field.
    func transcription(_ call: MediaCall) -> Response {
        guard let form = call.form else {
            return error(400, "Invalid Content-Type header: expected multipart/form-data.")
        }
        guard let model = form.field("model"), !model.isEmpty else {
            return error(400, "you must provide a model parameter", param: "model")
        }
        guard let audio = form.part("file"), audio.isFile else {
            return error(400, "Missing required parameter: 'file'.", code: "missing_required_parameter", param: "file")
        }
        if let failure = call.knobs.jobFail {
            return syncFailure(failure, policyCode: "content_policy_violation")
        }
        let seconds = AudioDuration.seconds(of: audio.bytes)
        let prompt = form.field("prompt").map(SimulatorDirective.strip) ?? ""
        let spoken =
            prompt.isEmpty ? "audio \(audio.filename ?? "file") of \(ResultFile.secondsText(seconds)) seconds" : prompt
        let text = Self.answerText(model: model, prompt: spoken)
        let usage: MediaOpenAIWire.TranscriptionUsage
        if model.hasPrefix("whisper") {
            usage = .init(type: "duration", seconds: Int(seconds.rounded(.up)))
        } else {
            let audioTokens = max(1, Int(seconds * 10)), outputTokens = SimulatedTokens.count(text)
            usage = .init(
                type: "tokens", inputTokens: audioTokens,
                inputTokenDetails: .init(textTokens: 0, audioTokens: audioTokens),
                outputTokens: outputTokens, totalTokens: audioTokens + outputTokens)
        }
        switch form.field("response_format") ?? "json" {
        case "json":
            return json(MediaOpenAIWire.Transcription(text: text, usage: usage))
        case "text":
            return self.file(Array((text + "\n").utf8), contentType: "text/plain; charset=utf-8")
        case "verbose_json":
            let segment = MediaOpenAIWire.VerboseTranscription.Segment(
                id: 0, seek: 0, start: 0, end: seconds, text: text)
            return json(
                MediaOpenAIWire.VerboseTranscription(
                    language: form.field("language") ?? "english", duration: seconds, text: text, segments: [segment],
                    usage: usage))
        case "srt":
            return self.file(
                Array("1\n00:00:00,000 --> \(Self.clock(seconds, separator: ","))\n\(text)\n\n".utf8),
                contentType: "text/plain; charset=utf-8")
        case "vtt":
            return self.file(
                Array("WEBVTT\n\n00:00:00.000 --> \(Self.clock(seconds, separator: "."))\n\(text)\n\n".utf8),
                contentType: "text/plain; charset=utf-8")
        case let other:
            return error(
                400,
                "Invalid value: '\(other)'. Supported values are: 'json', 'text', 'srt', 'verbose_json', and 'vtt'.",
                code: "invalid_value", param: "response_format")
        }
    }

    /// `HH:MM:SS<separator>mmm`.
    private static func clock(_ seconds: Double, separator: String) -> String {
        let milliseconds = Int((seconds * 1000).rounded())
        return String(
            format: "%02d:%02d:%02d", milliseconds / 3_600_000, milliseconds / 60000 % 60, milliseconds / 1000 % 60)
            + separator + String(format: "%03d", milliseconds % 1000)
    }
}
