import Foundation
import TollgateCore

extension ElevenLabsMediaMapping {
    /// `POST /v1/speech-to-speech/{voice_id}?output_format=mp3_44100_128`, multipart: the `audio`, the
    /// `model_id` and `remove_background_noise`.
    static func voiceChangerRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        let audio = try uploadedAudio(request)
        var form = MultipartForm()
        form.addFile("audio", bytes: audio.bytes, contentType: audio.contentType, filename: audio.filename)
        form.add("model_id", request.model)
        form.add("remove_background_noise", request.params["remove_background_noise"]?.boolValue.map(String.init))
        let voice = ElevenLabsWire.pathSegment(ElevenLabsVoices.voiceID(string(request, "voice_id")))
        return form.request(path: "/v1/speech-to-speech/\(voice)?output_format=mp3_44100_128")
    }

    /// `POST /v1/audio-isolation`, multipart: the `audio` alone (the answer is MP3).
    static func voiceIsolatorRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        let audio = try uploadedAudio(request)
        var form = MultipartForm()
        form.addFile("audio", bytes: audio.bytes, contentType: audio.contentType, filename: audio.filename)
        return form.request(path: "/v1/audio-isolation")
    }

    /// `POST /v1/speech-to-text`, multipart: the `file`, `model_id`, `language_code` if given and
    /// `diarize`.
    static func transcriptionRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        let audio = try uploadedAudio(request)
        var form = MultipartForm()
        form.add("model_id", request.model)
        form.addFile("file", bytes: audio.bytes, contentType: audio.contentType, filename: audio.filename)
        form.add("language_code", string(request, "language").flatMap { $0.isEmpty ? nil : $0 })
        form.add("diarize", String(request.params["diarize"]?.boolValue ?? false))
        return form.request(path: "/v1/speech-to-text")
    }

    /// The transcript; diarized, one `[Speaker N]: …` line per turn (`speaker_0` is Speaker 1).
    static func transcriptionResult(_ body: [UInt8], diarize: Bool) throws(ProviderFailure) -> MediaResult {
        let transcript = try WireJSON.decode(ElevenLabsWire.Transcript.self, from: body)
        guard diarize, let words = transcript.words, words.contains(where: { $0.speakerID != nil }) else {
            return MediaResult(text: transcript.text)
        }
        return MediaResult(text: speakerTurns(words))
    }

    /// The words as speaker turns. A turn changes at the first word or audio event of another speaker;
    /// spaces belong to the turn they sit in. Speakers are numbered from their `speaker_N` id (N + 1),
    /// or in order of appearance when the id has no number.
    static func speakerTurns(_ words: [ElevenLabsWire.Transcript.Word]) -> String {
        var labels: [String: Int] = [:]
        func label(_ id: String) -> Int {
            if let known = labels[id] { return known }
            let number = id.split(separator: "_").last.flatMap { Int($0) }.map { $0 + 1 }
            let assigned = number ?? (labels.values.max() ?? 0) + 1
            labels[id] = assigned
            return assigned
        }
        var turns: [(speaker: String, text: String)] = []
        for word in words {
            let isSpace = word.type == "spacing"
            if let speaker = word.speakerID, !isSpace, turns.last?.speaker != speaker {
                turns.append((speaker, word.text))
            } else if turns.isEmpty {
                if !isSpace { turns.append((word.speakerID ?? "speaker_0", word.text)) }
            } else {
                turns[turns.count - 1].text += word.text
            }
        }
        return turns.map { turn in
            "[Speaker \(label(turn.speaker))]: " + turn.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }.joined(separator: "\n")
    }
}
