import Testing
import TollgateCore

@testable import TollgateProviders

@Suite("ElevenLabs media answers, jobs and errors")
struct ElevenLabsMediaResponseTests {
    typealias Make = CatalogMediaRequest

    static let dubbingID = "21m00Tcm4TlvDq8ikWAM"
    static let source = "https://example.com/interview.mp4"

    private func dubbing(_ target: String = "es") throws -> MediaRequest {
        try Make.make("el-dubbing", params: ["source_url": .string(Self.source), "target_language": .string(target)])
    }

    private func poll(_ fixture: String, _ request: MediaRequest? = nil) throws -> MediaPoll {
        try ElevenLabsMediaMapping.pollResponse(Make.json("elevenlabs/" + fixture), request: request ?? dubbing())
    }

    @Test(
        "TTS: the body is the audio, typed by the format asked for",
        arguments: [
            ("mp3", "audio/mpeg"), ("wav", "audio/wav"), ("ogg", "audio/ogg"),
        ])
    func speech(format: String, contentType: String) throws {
        for slug in ["elevenlabs-flash", "elevenlabs-v2"] {
            let request = try Make.make(slug, params: ["text": "Hi", "format": .string(format)])
            #expect(
                try ElevenLabsMediaMapping.submitResponse(
                    Make.binary(Make.mp3, contentType: "audio/mpeg"), request: request)
                    == .completed(MediaResult(file: .data(Make.mp3, contentType: contentType))))
        }
    }

    @Test("sound effects, voice changer, isolator, dialogue and music answer with MP3 bytes")
    func audioTools() throws {
        let requests = try [
            Make.make("elevenlabs-sfx", prompt: "Thunder"),
            Make.make("el-voice-changer", params: ["audio_url": .string(Self.source)], inputs: ["audio": Make.audio()]),
            Make.make(
                "el-voice-isolator", params: ["audio_url": .string(Self.source)], inputs: ["audio": Make.audio()]),
            Make.make("el-dialogue", params: ["inputs": [["text": "Hi", "voice_id": "adam"]]]),
            Make.make("elevenlabs-music", prompt: "Calm piano"),
        ]
        for request in requests {
            #expect(
                try ElevenLabsMediaMapping.submitResponse(
                    Make.binary(Make.mp3, contentType: "audio/mpeg"), request: request)
                    == .completed(MediaResult(file: .data(Make.mp3, contentType: "audio/mpeg"))))
        }
    }

    @Test("a 200 that is JSON, text or empty is not audio")
    func notAudio() throws {
        let request = try Make.make("elevenlabs-sfx", prompt: "Thunder")
        for answer in [
            Make.binary(Array(#"{"detail":"odd"}"#.utf8), contentType: "application/json"),
            Make.binary(Array("odd".utf8), contentType: "text/html"),
            Make.binary([], contentType: "audio/mpeg"),
        ] {
            #expect(failure { try ElevenLabsMediaMapping.submitResponse(answer, request: request) }?.kind == .malformed)
        }
    }

    @Test("Scribe without diarization gives the plain text")
    func scribePlain() throws {
        let request = try Make.make("elevenlabs-scribe", inputs: ["audio": Make.audio()])
        #expect(
            try ElevenLabsMediaMapping.submitResponse(Make.json("elevenlabs/speech-to-text.json"), request: request)
                == .completed(MediaResult(text: "Hello world!")))
        #expect(
            try ElevenLabsMediaMapping.submitResponse(
                Make.json("elevenlabs/speech-to-text-diarized.json"), request: request)
                == .completed(MediaResult(text: "Good morning. Hi, how are you? (laughter) Fine, thanks.")))
    }

    @Test("Scribe with diarization renders one [Speaker N]: line per turn, speaker_0 as Speaker 1")
    func scribeDiarized() throws {
        let request = try Make.make("elevenlabs-scribe", params: ["diarize": true], inputs: ["audio": Make.audio()])
        #expect(
            try ElevenLabsMediaMapping.submitResponse(
                Make.json("elevenlabs/speech-to-text-diarized.json"), request: request)
                == .completed(
                    MediaResult(
                        text: """
                            [Speaker 1]: Good morning.
                            [Speaker 2]: Hi, how are you?
                            [Speaker 1]: (laughter) Fine, thanks.
                            """)))
        // One speaker (the reference example says speaker_1): one line.
        #expect(
            try ElevenLabsMediaMapping.submitResponse(Make.json("elevenlabs/speech-to-text.json"), request: request)
                == .completed(MediaResult(text: "[Speaker 2]: Hello world!")))
    }

    @Test("speaker ids without a number are numbered in order of appearance")
    func speakerNames() {
        typealias Word = ElevenLabsWire.Transcript.Word
        let words = [
            Word(text: "Yes.", type: "word", speakerID: "alice"), Word(text: " ", type: "spacing", speakerID: "alice"),
            Word(text: "No.", type: "word", speakerID: "bob"),
        ]
        #expect(ElevenLabsMediaMapping.speakerTurns(words) == "[Speaker 1]: Yes.\n[Speaker 2]: No.")
    }

    @Test("a created dub is submitted by its dubbing_id")
    func dubbingSubmitted() throws {
        #expect(
            try ElevenLabsMediaMapping.submitResponse(Make.json("elevenlabs/dubbing-created.json"), request: dubbing())
                == .submitted(upstreamID: Self.dubbingID, pollAfterSeconds: nil))
    }

    @Test("a dub runs dubbing → dubbed, ending with the relative audio URL and the source's length")
    func dubbingLifecycle() throws {
        #expect(try poll("dubbing-in-progress.json") == .running(progress: nil, pollAfterSeconds: nil))
        #expect(
            try poll("dubbing-dubbed.json")
                == .completed(
                    MediaResult(
                        file: .url("/v1/dubbing/\(Self.dubbingID)/audio/es", contentType: nil), durationSeconds: 127.5,
                        sourceSeconds: 127.5)))
        guard case .completed(let german) = try poll("dubbing-dubbed.json", dubbing("de")) else {
            Issue.record("expected a completed dub")
            return
        }
        #expect(german.file == .url("/v1/dubbing/\(Self.dubbingID)/audio/de", contentType: nil))
    }

    @Test("a failed dub fails the job without ElevenLabs' words")
    func dubbingFailed() throws {
        guard case .failed(let failure) = try poll("dubbing-failed.json") else {
            Issue.record("expected the job to fail")
            return
        }
        #expect(failure.kind == .upstreamError)
        #expect(!failure.message.contains("no speech"))
    }

    @Test(
        "recorded error bodies map to failure kinds, on submit and on poll",
        arguments: [
            ("error-401.json", 401, ProviderFailure.Kind.unauthorized),
            ("error-401-quota.json", 401, .unauthorized),
            ("error-400-voice.json", 400, .rejected),
            ("error-400-bad-prompt.json", 400, .contentPolicy),
            ("error-422.json", 422, .rejected),
            ("error-429.json", 429, .rateLimited),
            ("error-429-busy.json", 429, .rateLimited),
            ("error-500.json", 500, .upstreamError),
        ])
    func errors(file: String, status: Int, kind: ProviderFailure.Kind) throws {
        let answer = try Make.json("elevenlabs/" + file, status: status)
        for request in try [
            Make.make("elevenlabs-flash", params: ["text": "x"]), Make.make("elevenlabs-music", prompt: "x"),
            Make.make("elevenlabs-scribe", inputs: ["audio": Make.audio()]), dubbing(),
        ] {
            let failure = failure { try ElevenLabsMediaMapping.submitResponse(answer, request: request) }
            #expect(failure?.kind == kind)
            #expect(failure?.status == status)
            for text in JSON.strings(in: try JSON.parse(answer.body)) where text.contains(" ") {
                #expect(failure?.message.contains(text) == false)
            }
        }
        #expect(failure { try ElevenLabsMediaMapping.pollResponse(answer, request: try dubbing()) }?.kind == kind)
    }

    @Test("an empty quota says so; rate limits keep Retry-After; a non-JSON 503 is the provider's failure")
    func statusDetails() throws {
        let request = try Make.make("elevenlabs-flash", params: ["text": "x"])
        let quota = failure {
            try ElevenLabsMediaMapping.submitResponse(
                Make.json("elevenlabs/error-401-quota.json", status: 401), request: request)
        }
        #expect(quota?.message.contains("quota") == true)
        #expect(quota?.allowsFallback == false)
        let limited = try Make.json("elevenlabs/error-429.json", status: 429, headers: [("Retry-After", "4")])
        let limit = failure { try ElevenLabsMediaMapping.submitResponse(limited, request: request) }
        #expect(limit?.retryAfter == 4)
        #expect(limit?.allowsFallback == true)
        let html = UpstreamResponse(status: 503, body: Array("<html>Service Unavailable</html>".utf8))
        #expect(failure { try ElevenLabsMediaMapping.submitResponse(html, request: request) }?.kind == .upstreamError)
    }
}
