import Testing
import TollgateCore

@testable import TollgateProviders

@Suite("ElevenLabs media requests")
struct ElevenLabsMediaRequestTests {
    typealias Make = CatalogMediaRequest

    static let rachel = "21m00Tcm4TlvDq8ikWAM"
    static let source = "https://example.com/interview.mp3"

    private func json(_ request: UpstreamRequest) throws -> JSONValue { try request.json().mediaNormalized }

    @Test("Flash TTS with defaults: Rachel, mp3_44100_128, the catalog's voice settings")
    func flashDefaults() throws {
        let request = try ElevenLabsMediaMapping.submitRequest(
            Make.make("elevenlabs-flash", params: ["text": "Hello there."]))
        #expect(request.method == "POST")
        #expect(request.path == "/v1/text-to-speech/\(Self.rachel)?output_format=mp3_44100_128")
        let expected: JSONValue = [
            "text": "Hello there.", "model_id": "eleven_flash_v2_5",
            "voice_settings": ["stability": 0.5, "similarity_boost": 0.75, "speed": 1.0],
        ]
        #expect(try json(request) == expected.mediaNormalized)
    }

    @Test("Multilingual v2: a voice name, wav and the settings given")
    func multilingual() throws {
        let request = try ElevenLabsMediaMapping.submitRequest(
            Make.make(
                "elevenlabs-v2",
                params: [
                    "text": "Hola.", "voice_id": "adam", "format": "wav", "speed": 1.1, "stability": 0.3,
                    "similarity_boost": 0.9,
                ]))
        #expect(request.path == "/v1/text-to-speech/pNInz6obpgDQGcFmaJgB?output_format=wav_44100")
        let expected: JSONValue = [
            "text": "Hola.", "model_id": "eleven_multilingual_v2",
            "voice_settings": ["stability": 0.3, "similarity_boost": 0.9, "speed": 1.1],
        ]
        #expect(try json(request) == expected.mediaNormalized)
    }

    @Test(
        "premade voice names map to their ids in any case; anything else passes through as an id",
        arguments: [
            ("rachel", "21m00Tcm4TlvDq8ikWAM"), ("Adam", "pNInz6obpgDQGcFmaJgB"), ("BELLA", "EXAVITQu4vr4xnSDxMaL"),
            ("josh", "TxGEqnHWrfWFTfGW9XjX"), ("george", "JBFqnCBsd6RMkjVDRZzb"),
            ("JBFqnCBsd6RMkjVDRZzb", "JBFqnCBsd6RMkjVDRZzb"), ("myClonedVoice42", "myClonedVoice42"),
        ])
    func voices(name: String, id: String) throws {
        let request = try ElevenLabsMediaMapping.submitRequest(
            Make.make(
                "elevenlabs-flash", params: ["text": "x", "voice_id": .string(name)]))
        #expect(request.path == "/v1/text-to-speech/\(id)?output_format=mp3_44100_128")
    }

    @Test("a voice id never breaks out of its path segment; ogg asks for Opus")
    func voicePathSafety() throws {
        let request = try ElevenLabsMediaMapping.submitRequest(
            Make.make(
                "elevenlabs-flash", params: ["text": "x", "voice_id": "../v1/user?x=1", "format": "ogg"]))
        #expect(request.path == "/v1/text-to-speech/..%2Fv1%2Fuser%3Fx%3D1?output_format=opus_48000_128")
    }

    @Test("TTS without text or prompt is refused; the prompt stands in for text")
    func ttsText() throws {
        var request = try Make.make("elevenlabs-v2", params: ["text": "x"])
        request.params["text"] = nil
        #expect(failure { try ElevenLabsMediaMapping.submitRequest(request) }?.kind == .rejected)
        request.prompt = "From the prompt"
        #expect(try json(ElevenLabsMediaMapping.submitRequest(request))["text"] == "From the prompt")
    }

    @Test("sound effects: the prompt as text, the v2 model, duration, influence and loop")
    func soundEffect() throws {
        let request = try ElevenLabsMediaMapping.submitRequest(
            Make.make(
                "elevenlabs-sfx", prompt: "A heavy wooden door creaking open",
                params: ["duration_seconds": 2.5, "loop": true]))
        #expect(request.path == "/v1/sound-generation?output_format=mp3_44100_128")
        let expected: JSONValue = [
            "text": "A heavy wooden door creaking open", "model_id": "eleven_text_to_sound_v2", "duration_seconds": 2.5,
            "prompt_influence": 0.3, "loop": true,
        ]
        #expect(try json(request) == expected.mediaNormalized)
        let auto = try json(ElevenLabsMediaMapping.submitRequest(Make.make("elevenlabs-sfx", prompt: "Rain")))
        #expect(auto["duration_seconds"] == nil)  // the model picks the length
    }

    @Test("voice changer: multipart audio and model to /v1/speech-to-speech/{voice}")
    func voiceChanger() throws {
        let request = try ElevenLabsMediaMapping.submitRequest(
            Make.make(
                "el-voice-changer", params: ["audio_url": .string(Self.source), "voice_id": "bella"],
                inputs: ["audio_url": Make.audio()]))
        #expect(request.path == "/v1/speech-to-speech/EXAVITQu4vr4xnSDxMaL?output_format=mp3_44100_128")
        let form = try MultipartReader(request)
        #expect(form.fields == ["model_id": "eleven_multilingual_sts_v2", "remove_background_noise": "false"])
        #expect(
            form["audio"]
                == MultipartReader.Part(
                    name: "audio", filename: "meeting.mp3", contentType: "audio/mpeg", body: Make.mp3))
    }

    @Test("voice isolator: only the audio part, uploaded under `audio`")
    func voiceIsolator() throws {
        let request = try ElevenLabsMediaMapping.submitRequest(
            Make.make(
                "el-voice-isolator", params: ["audio_url": .string(Self.source)], inputs: ["audio": Make.audio()]))
        #expect(request.path == "/v1/audio-isolation")
        let form = try MultipartReader(request)
        #expect(form.parts.map(\.name) == ["audio"])
        #expect(form["audio"]?.body == Make.mp3)
    }

    @Test(
        "audio tools need the file's bytes: nothing, or a bare URL, is refused",
        arguments: ["el-voice-changer", "el-voice-isolator", "elevenlabs-scribe"])
    func audioToolsNeedBytes(slug: String) throws {
        let params: [String: JSONValue] = slug == "elevenlabs-scribe" ? [:] : ["audio_url": .string(Self.source)]
        let none = try Make.make(slug, params: params)
        #expect(failure { try ElevenLabsMediaMapping.submitRequest(none) }?.kind == .rejected)
        let url = try Make.make(slug, params: params, inputs: ["audio_url": .url(Self.source)])
        #expect(failure { try ElevenLabsMediaMapping.submitRequest(url) }?.kind == .rejected)
    }

    @Test("dialogue: every line with its voice id, the v3 model")
    func dialogue() throws {
        let request = try ElevenLabsMediaMapping.submitRequest(
            Make.make(
                "el-dialogue",
                params: [
                    "inputs": [
                        ["text": "Knock knock.", "voice_id": "rachel"],
                        ["text": "Who's there?", "voice_id": "customVoice1"],
                    ]
                ]))
        #expect(request.path == "/v1/text-to-dialogue?output_format=mp3_44100_128")
        let expected: JSONValue = [
            "inputs": [
                ["text": "Knock knock.", "voice_id": .string(Self.rachel)],
                ["text": "Who's there?", "voice_id": "customVoice1"],
            ],
            "model_id": "eleven_v3",
        ]
        #expect(try json(request) == expected.mediaNormalized)
    }

    @Test("music: the prompt, the length in milliseconds, the model and force_instrumental")
    func music() throws {
        let request = try ElevenLabsMediaMapping.submitRequest(
            Make.make(
                "elevenlabs-music", prompt: "Lo-fi beat with jazzy piano",
                params: ["duration": 45, "force_instrumental": true]))
        #expect(request.path == "/v1/music?output_format=mp3_44100_128")
        let expected: JSONValue = [
            "prompt": "Lo-fi beat with jazzy piano", "music_length_ms": 45000, "model_id": "music_v1",
            "force_instrumental": true,
        ]
        #expect(try json(request) == expected.mediaNormalized)
        let defaults = try json(ElevenLabsMediaMapping.submitRequest(Make.make("elevenlabs-music", prompt: "Calm")))
        #expect(defaults["music_length_ms"] == .double(30000))
        #expect(defaults["force_instrumental"] == false)
    }

    @Test("Scribe: multipart model_id, file, language_code and diarize")
    func scribe() throws {
        let request = try ElevenLabsMediaMapping.submitRequest(
            Make.make(
                "elevenlabs-scribe", params: ["language": "en", "diarize": true], inputs: ["audio": Make.audio()]))
        #expect(request.path == "/v1/speech-to-text")
        let form = try MultipartReader(request)
        #expect(form.fields == ["model_id": "scribe_v1", "language_code": "en", "diarize": "true"])
        #expect(
            form["file"]
                == MultipartReader.Part(
                    name: "file", filename: "meeting.mp3", contentType: "audio/mpeg", body: Make.mp3))
        let plain = try MultipartReader(
            ElevenLabsMediaMapping.submitRequest(
                Make.make(
                    "elevenlabs-scribe", inputs: ["audio_url": Make.audio()])))
        #expect(plain.fields == ["model_id": "scribe_v1", "diarize": "false"])
    }

    @Test("dubbing a fetched file: multipart file, target and source languages, speakers, background")
    func dubbingUpload() throws {
        let request = try ElevenLabsMediaMapping.submitRequest(
            Make.make(
                "el-dubbing", params: ["source_url": .string(Self.source), "target_language": "es"],
                inputs: ["source_url": Make.audio(filename: "interview.mp3")]))
        #expect(request.path == "/v1/dubbing")
        let form = try MultipartReader(request)
        #expect(
            form.fields == [
                "target_lang": "es", "source_lang": "auto", "num_speakers": "0", "drop_background_audio": "false",
            ])
        #expect(
            form["file"]
                == MultipartReader.Part(
                    name: "file", filename: "interview.mp3", contentType: "audio/mpeg", body: Make.mp3))
    }

    @Test("dubbing a public URL sends source_url instead of a file; uploads under `audio` work too")
    func dubbingURL() throws {
        let byURL = try MultipartReader(
            ElevenLabsMediaMapping.submitRequest(
                Make.make(
                    "el-dubbing",
                    params: ["source_url": .string(Self.source), "target_language": "de", "source_language": "en"],
                    inputs: ["source_url": .url(Self.source)])))
        #expect(byURL["file"] == nil)
        #expect(byURL.fields["source_url"] == Self.source)
        #expect(byURL.fields["source_lang"] == "en")
        #expect(byURL.fields["target_lang"] == "de")
        let upload = try MultipartReader(
            ElevenLabsMediaMapping.submitRequest(
                Make.make(
                    "el-dubbing", params: ["source_url": .string(Self.source), "target_language": "fr"],
                    inputs: ["audio": Make.audio()])))
        #expect(upload["file"]?.body == Make.mp3)
        let none = try Make.make("el-dubbing", params: ["source_url": .string(Self.source), "target_language": "fr"])
        #expect(failure { try ElevenLabsMediaMapping.submitRequest(none) }?.kind == .rejected)
    }

    @Test("a dub is polled with GET /v1/dubbing/{id}; other models have no jobs")
    func pollRequest() throws {
        let dubbing = try Make.make(
            "el-dubbing", params: ["source_url": .string(Self.source), "target_language": "es"])
        #expect(
            try ElevenLabsMediaMapping.pollRequest(upstreamID: "21m00Tcm4TlvDq8ikWAM", request: dubbing)
                == UpstreamRequest(method: "GET", path: "/v1/dubbing/21m00Tcm4TlvDq8ikWAM"))
        let tts = try Make.make("elevenlabs-flash", params: ["text": "x"])
        #expect(failure { try ElevenLabsMediaMapping.pollRequest(upstreamID: "x", request: tts) }?.kind == .unsupported)
    }

    @Test("the mapping serves exactly the catalog's ElevenLabs models, and is registered with its key header")
    func catalogCoverage() throws {
        let catalogSlugs = Set(CatalogMediaRequest.catalog.models(provider: "elevenlabs").map(\.slug))
        #expect(ElevenLabsMediaMapping.slugs == catalogSlugs)
        #expect(
            ProviderRegistry.mediaMappings.contains {
                ObjectIdentifier($0) == ObjectIdentifier(ElevenLabsMediaMapping.self)
            })
        let endpoint = try #require(ProviderRegistry.defaultEndpoint(providerID: "elevenlabs", apiKey: "k"))
        #expect(endpoint.baseURL == "https://api.elevenlabs.io")
        #expect(endpoint.auth == .header("xi-api-key"))
    }
}
