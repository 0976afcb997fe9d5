import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("ElevenLabs")
struct ElevenLabsSimulatorTests {
    var formHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.init("xi-api-key")!] = "xi-test"
        return headers
    }

    @Test(arguments: [
        ("mp3_44100_128", "audio/mpeg", Magic.mp3), ("wav_44100", "audio/wav", Magic.riff),
        ("opus_48000_128", "audio/ogg", Magic.ogg),
    ])
    func textToSpeechAnswersAudio(format: String, type: String, magic: [UInt8]) async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let body = MediaRequests.json(["text": "One two three four five", "model_id": "eleven_flash_v2_5"])
            let response = try await client.execute(
                uri: "/elevenlabs/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb?output_format=\(format)", method: .post,
                headers: MediaRequests.elevenLabs, body: body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == type)
            #expect(response.headers[.init("x-character-count")!] == "23")
            #expect(starts(response.body.bytes, with: magic))
        }
    }

    @Test func jsonAudioEndpointsAnswerAudio() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let cases: [(String, JSONObject, Double)] = [
                ("/elevenlabs/v1/text-to-speech/voice", ["text": "Hi there", "model_id": "eleven_multilingual_v2"], 1),
                ("/elevenlabs/v1/sound-generation", ["text": "Door slam", "duration_seconds": 4], 4),
                (
                    "/elevenlabs/v1/text-to-dialogue",
                    [
                        "inputs": [
                            ["text": "One two three four five", "voice_id": "a"],
                            ["text": "six seven eight nine ten", "voice_id": "b"],
                        ], "model_id": "eleven_v3",
                    ], 4
                ),
                (
                    "/elevenlabs/v1/music", ["prompt": "Calm piano", "music_length_ms": 12000, "model_id": "music_v1"],
                    12
                ),
            ]
            for (path, body, seconds) in cases {
                let response = try await client.execute(
                    uri: path, method: .post, headers: MediaRequests.elevenLabs, body: MediaRequests.json(body))
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == "audio/mpeg")
                #expect(abs(AudioDuration.seconds(of: response.body.bytes) - seconds) < 0.05, "\(path)")
            }
            let missing = try await client.execute(
                uri: "/elevenlabs/v1/sound-generation", method: .post, headers: MediaRequests.elevenLabs,
                body: MediaRequests.json(["duration_seconds": 2]))
            #expect(missing.status.code == 422)
            #expect(
                (try jsonObject(missing.body)["detail"] as? [JSONObject])?.first?["loc"] as? [String] == [
                    "body", "text",
                ])
        }
    }

    @Test func multipartAudioToolsAnswerAudioAsLongAsTheUpload() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            for path in ["/elevenlabs/v1/speech-to-speech/voice", "/elevenlabs/v1/audio-isolation"] {
                let form = MediaRequests.form(
                    [("model_id", "eleven_multilingual_sts_v2")],
                    files: [("audio", "in.wav", "audio/wav", AudioFile.wav(seconds: 3))], headers: formHeaders)
                let response = try await client.execute(
                    uri: path, method: .post, headers: form.headers, body: form.body)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "audio/mpeg")
                #expect(abs(AudioDuration.seconds(of: response.body.bytes) - 3) < 0.05)
            }
            let empty = MediaRequests.form([("model_id", "x")], headers: formHeaders)
            let refused = try await client.execute(
                uri: "/elevenlabs/v1/audio-isolation", method: .post, headers: empty.headers, body: empty.body)
            #expect(refused.status.code == 422)
        }
    }

    @Test func speechToTextAnswersWordsWithSpeakers() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let form = MediaRequests.form(
                [("model_id", "scribe_v1"), ("diarize", "true"), ("tag_audio_events", "true [[sim latency_ms=1]]")],
                files: [("file", "talk.mp3", "audio/mpeg", AudioFile.mp3(seconds: 6))], headers: formHeaders)
            let response = try await client.execute(
                uri: "/elevenlabs/v1/speech-to-text", method: .post, headers: form.headers, body: form.body)
            #expect(response.status == .ok)
            let transcript = try jsonObject(response.body)
            #expect(transcript.string("language_code") == "eng")
            let text = try #require(transcript.string("text"))
            #expect(text.hasPrefix("[simulated elevenlabs scribe_v1]"))
            let words = try #require(transcript.objects("words"))
            #expect(words.compactMap { $0.string("text") }.joined() == text)
            #expect(Set(words.compactMap { $0.string("type") }) == ["word", "spacing"])
            #expect(Set(words.compactMap { $0.string("speaker_id") }) == ["speaker_0", "speaker_1"])
        }
    }

    @Test func dubbingRunsThenServesTheDubbedAudio() async throws {
        // Long enough that the early fetch below still comes before the job ends on a loaded machine.
        let (app, simulator) = makeSimulator(quickJobs(8000))
        try await app.test(.router) { client in
            let form = MediaRequests.form(
                [("target_lang", "es"), ("source_lang", "en"), ("name", "talk")],
                files: [("file", "talk.mp3", "audio/mpeg", AudioFile.mp3(seconds: 90))], headers: formHeaders)
            let created = try jsonObject(
                try await client.execute(
                    uri: "/elevenlabs/v1/dubbing", method: .post, headers: form.headers, body: form.body
                ).body)
            let id = try #require(created.string("dubbing_id"))
            #expect(created["expected_duration_sec"] != nil)

            let dubbing = try jsonObject(
                try await client.execute(uri: "/elevenlabs/v1/dubbing/\(id)", method: .get, headers: formHeaders).body)
            #expect(dubbing.string("status") == "dubbing")
            #expect(dubbing["target_languages"] as? [String] == ["es"])
            let metadata = try #require(dubbing.object("media_metadata"))
            #expect(abs((metadata["duration"] as? Double ?? 0) - 90) < 0.05)
            #expect(metadata.string("content_type") == "audio/mpeg")
            let early = try await client.execute(
                uri: "/elevenlabs/v1/dubbing/\(id)/audio/es", method: .get, headers: formHeaders)
            #expect(early.status.code == 425)

            try await Task.sleep(for: .milliseconds(8100))
            let dubbed = try jsonObject(
                try await client.execute(uri: "/elevenlabs/v1/dubbing/\(id)", method: .get, headers: formHeaders).body)
            #expect(dubbed.string("status") == "dubbed")
            let audio = try await client.execute(
                uri: "/elevenlabs/v1/dubbing/\(id)/audio/es", method: .get, headers: formHeaders)
            #expect(audio.status == .ok)
            #expect(audio.headers[.contentType] == "audio/mpeg")
            #expect(abs(AudioDuration.seconds(of: audio.body.bytes) - 90) < 0.05)
            let wrongLanguage = try await client.execute(
                uri: "/elevenlabs/v1/dubbing/\(id)/audio/fr", method: .get, headers: formHeaders)
            #expect(wrongLanguage.status == .notFound)
        }
        #expect(simulator.stats.jobsCompleted == 1)
        #expect(simulator.stats.jobPolls == 2)
    }

    @Test func dubbingBySourceURLReadsTheLengthFromTheLink() async throws {
        let (app, _) = makeSimulator(quickJobs())
        try await app.test(.router) { client in
            let form = MediaRequests.form(
                [
                    ("target_lang", "de"), ("name", "clip [[sim job_fail=1]]"),
                    ("source_url", "http://127.0.0.1:9/files/source-1280x720-300s.mp4"),
                ], headers: formHeaders)
            let id = try #require(
                try jsonObject(
                    try await client.execute(
                        uri: "/elevenlabs/v1/dubbing", method: .post, headers: form.headers, body: form.body
                    ).body
                ).string("dubbing_id"))
            let failed = try jsonObject(
                try await client.execute(uri: "/elevenlabs/v1/dubbing/\(id)", method: .get, headers: formHeaders).body)
            #expect(failed.string("status") == "failed")
            #expect(failed.string("error")?.isEmpty == false)
            #expect(failed.object("media_metadata")?["duration"] as? Double == 300)
            #expect(failed.object("media_metadata")?.string("content_type") == "video/mp4")
        }
    }

    @Test func refusalsUseTheDetailShape() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let body = MediaRequests.json(["text": "Hi"])
            let missing = try await client.execute(
                uri: "/elevenlabs/v1/text-to-speech/voice", method: .post, headers: MediaRequests.bearer, body: body)
            #expect(missing.status == .unauthorized)
            #expect(try jsonObject(missing.body).object("detail")?.string("status") == "needs_authorization")
            var invalid = HTTPFields()
            invalid[.init("xi-api-key")!] = "sim-invalid-key"
            let refused = try await client.execute(
                uri: "/elevenlabs/v1/text-to-speech/voice", method: .post, headers: invalid, body: body)
            #expect(try jsonObject(refused.body).object("detail")?.string("status") == "invalid_api_key")
            let policy = try await client.execute(
                uri: "/elevenlabs/v1/music", method: .post, headers: MediaRequests.elevenLabs,
                body: MediaRequests.json(["prompt": "x [[sim job_fail=nsfw]]"]))
            #expect(policy.status == .badRequest)
            #expect(try jsonObject(policy.body).object("detail")?.string("status") == "bad_prompt")
            let unknown = try await client.execute(
                uri: "/elevenlabs/v1/dubbing/nope", method: .get, headers: formHeaders)
            #expect(unknown.status == .notFound)
        }
    }
}
