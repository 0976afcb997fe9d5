import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("OpenAI media")
struct OpenAIMediaTests {
    @Test func dallE3AnswersALinkAndARevisedPrompt() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let body = MediaRequests.json([
                "model": "dall-e-3", "prompt": "A red fox", "size": "1792x1024", "quality": "hd",
            ])
            let response = try await client.execute(
                uri: "/openai/v1/images/generations", method: .post, headers: MediaRequests.bearer, body: body)
            #expect(response.status == .ok)
            let json = try jsonObject(response.body)
            #expect(json.int("created") ?? 0 > 1_700_000_000)
            let image = try #require(json.objects("data")?.first)
            #expect(image.string("revised_prompt") == "[simulated openai dall-e-3] A red fox")
            let url = try #require(image.string("url"))
            #expect(url.hasSuffix("-1792x1024.png"))
            #expect(image["b64_json"] == nil)
            let file = try await client.execute(uri: MediaRequests.path(of: url), method: .get)
            #expect(file.headers[.contentType] == "image/png")
            #expect(starts(file.body.bytes, with: Magic.png))
        }
    }

    @Test func responseFormatB64JSONInlinesThePNG() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let body = MediaRequests.json(["model": "dall-e-3", "prompt": "A fox", "response_format": "b64_json"])
            let response = try await client.execute(
                uri: "/openai/v1/images/generations", method: .post, headers: MediaRequests.bearer, body: body)
            let image = try #require(try jsonObject(response.body).objects("data")?.first)
            #expect(image["url"] == nil)
            let encoded = try #require(image.string("b64_json"))
            let data = try #require(Data(base64Encoded: encoded))
            #expect(starts(Array(data), with: Magic.png))
        }
    }

    @Test(arguments: [("jpeg", Magic.jpeg), ("webp", Array("RIFF".utf8)), ("png", Magic.png)])
    func gptImageAlwaysAnswersBase64InItsOutputFormat(format: String, magic: [UInt8]) async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let body = MediaRequests.json([
                "model": "gpt-image-1.5", "prompt": "A fox", "size": "1024x1536", "quality": "low",
                "output_format": format,
            ])
            let response = try await client.execute(
                uri: "/openai/v1/images/generations", method: .post, headers: MediaRequests.bearer, body: body)
            #expect(response.status == .ok)
            let json = try jsonObject(response.body)
            #expect(json.string("output_format") == format)
            #expect(json.string("size") == "1024x1536")
            #expect(json.string("quality") == "low")
            #expect(json.object("usage")?.int("total_tokens") ?? 0 > 0)
            let image = try #require(json.objects("data")?.first)
            #expect(image["revised_prompt"] == nil && image["url"] == nil)
            let encoded = try #require(image.string("b64_json"))
            let data = try #require(Data(base64Encoded: encoded))
            #expect(starts(Array(data), with: magic))
        }
    }

    @Test func imageEditsTakeAFormWithAnImage() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let form = MediaRequests.form(
                [("model", "gpt-image-1.5"), ("prompt", "Add a hat [[sim latency_ms=1]]"), ("size", "1024x1024")],
                files: [("image", "in.png", "image/png", PNGImage.make(width: 2, height: 2, color: (0, 0, 0)))],
                headers: [.authorization: "Bearer sk-test"])
            let response = try await client.execute(
                uri: "/openai/v1/images/edits", method: .post, headers: form.headers, body: form.body)
            #expect(response.status == .ok)
            #expect(try jsonObject(response.body).objects("data")?.first?.string("b64_json") != nil)

            let missing = MediaRequests.form(
                [("model", "gpt-image-1.5"), ("prompt", "x")], headers: [.authorization: "Bearer sk-test"])
            let refused = try await client.execute(
                uri: "/openai/v1/images/edits", method: .post, headers: missing.headers, body: missing.body)
            #expect(refused.status == .badRequest)
            #expect(try jsonObject(refused.body).object("error")?.string("param") == "image")
        }
    }

    @Test func imageRefusalsUseOpenAIsShapes() async throws {
        let (app, simulator) = makeSimulator()
        try await app.test(.router) { client in
            let path = "/openai/v1/images/generations"
            let noKey = try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/json"],
                body: MediaRequests.json(["prompt": "x"]))
            #expect(noKey.status == .unauthorized)
            #expect(try jsonObject(noKey.body).object("error")?.string("type") == "invalid_request_error")

            let noPrompt = try await client.execute(
                uri: path, method: .post, headers: MediaRequests.bearer, body: MediaRequests.json(["model": "dall-e-3"])
            )
            #expect(noPrompt.status == .badRequest)

            let policy = try await client.execute(
                uri: path, method: .post, headers: MediaRequests.bearer,
                body: MediaRequests.json(["model": "dall-e-3", "prompt": "x [[sim job_fail=nsfw]]"]))
            #expect(policy.status == .badRequest)
            #expect(try jsonObject(policy.body).object("error")?.string("code") == "content_policy_violation")

            let blocked = try await client.execute(
                uri: path, method: .post, headers: MediaRequests.bearer,
                body: MediaRequests.json(["model": "gpt-image-1.5", "prompt": "x [[sim job_fail=nsfw]]"]))
            #expect(try jsonObject(blocked.body).object("error")?.string("code") == "moderation_blocked")

            let injected = try await client.execute(
                uri: path, method: .post, headers: MediaRequests.bearer,
                body: MediaRequests.json(["model": "dall-e-3", "prompt": "x [[sim error=429]]"]))
            #expect(injected.status == .tooManyRequests)
            #expect(try jsonObject(injected.body).object("error")?.string("code") == "rate_limit_exceeded")
        }
        #expect(simulator.stats.errorsInjected == 1)
    }

    @Test(arguments: [
        ("mp3", "audio/mpeg", Magic.mp3), ("wav", "audio/wav", Magic.riff), ("opus", "audio/ogg", Magic.ogg),
    ])
    func speechAnswersAudioInTheAskedFormat(format: String, type: String, magic: [UInt8]) async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let body = MediaRequests.json([
                "model": "gpt-4o-mini-tts", "input": "One two three four five", "voice": "alloy",
                "response_format": format,
            ])
            let response = try await client.execute(
                uri: "/openai/v1/audio/speech", method: .post, headers: MediaRequests.bearer, body: body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == type)
            #expect(starts(response.body.bytes, with: magic))
            #expect(abs(AudioDuration.seconds(of: response.body.bytes) - 2) < 0.05)
        }
    }

    @Test func speechNeedsInputAndVoice() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            for body: JSONObject in [
                ["model": "tts-1", "voice": "alloy"], ["model": "tts-1", "input": "hi"],
                ["model": "tts-1", "input": "hi", "voice": "alloy", "response_format": "m4a"],
            ] {
                let response = try await client.execute(
                    uri: "/openai/v1/audio/speech", method: .post, headers: MediaRequests.bearer,
                    body: MediaRequests.json(body))
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func transcriptionTakesAMultipartUpload() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let form = MediaRequests.form(
                [("model", "whisper-1"), ("response_format", "json")],
                files: [("file", "speech.wav", "audio/wav", AudioFile.wav(seconds: 7))],
                headers: [.authorization: "Bearer sk-test"])
            let response = try await client.execute(
                uri: "/openai/v1/audio/transcriptions", method: .post, headers: form.headers, body: form.body)
            #expect(response.status == .ok)
            let json = try jsonObject(response.body)
            #expect(json.string("text")?.hasPrefix("[simulated openai whisper-1] ") == true)
            #expect(json.object("usage")?.string("type") == "duration")
            #expect(json.object("usage")?.int("seconds") == 7)

            let gpt = MediaRequests.form(
                [("model", "gpt-4o-transcribe"), ("prompt", "Hello there [[sim latency_ms=1]]")],
                files: [("file", "a.mp3", "audio/mpeg", AudioFile.mp3(seconds: 2))],
                headers: [.authorization: "Bearer sk-test"])
            let tokens = try jsonObject(
                try await client.execute(
                    uri: "/openai/v1/audio/transcriptions", method: .post, headers: gpt.headers, body: gpt.body
                ).body)
            #expect(tokens.string("text") == "[simulated openai gpt-4o-transcribe] Hello there")
            #expect(tokens.object("usage")?.string("type") == "tokens")

            let text = MediaRequests.form(
                [("model", "whisper-1"), ("response_format", "text")],
                files: [("file", "a.wav", "audio/wav", AudioFile.wav(seconds: 1))],
                headers: [.authorization: "Bearer sk-test"])
            let plain = try await client.execute(
                uri: "/openai/v1/audio/transcriptions", method: .post, headers: text.headers, body: text.body)
            #expect(plain.headers[.contentType]?.hasPrefix("text/plain") == true)

            let noFile = MediaRequests.form([("model", "whisper-1")], headers: [.authorization: "Bearer sk-test"])
            let refused = try await client.execute(
                uri: "/openai/v1/audio/transcriptions", method: .post, headers: noFile.headers, body: noFile.body)
            #expect(refused.status == .badRequest)
            #expect(try jsonObject(refused.body).object("error")?.string("param") == "file")
        }
    }

    @Test func soraJobsRunQueuedInProgressCompleted() async throws {
        let clock = JobClock()
        let (app, simulator) = makeSimulator(quickJobs(2000), clock: clock)
        try await app.test(.router) { client in
            let body = MediaRequests.json(["model": "sora-2", "prompt": "A wave", "seconds": "8", "size": "1280x720"])
            let created = try await client.execute(
                uri: "/openai/v1/videos", method: .post, headers: MediaRequests.bearer, body: body)
            #expect(created.status == .ok)
            #expect(created.headers[.init("openai-poll-after-ms")!] == "500")
            let video = try jsonObject(created.body)
            let id = try #require(video.string("id"))
            #expect(id.hasPrefix("video_"))
            #expect(video.string("object") == "video")
            #expect(video.string("status") == "queued")
            #expect(video.int("progress") == 0)
            #expect(
                video.string("seconds") == "8" && video.string("size") == "1280x720"
                    && video.string("model") == "sora-2")
            #expect(video.isNull("error") && video.isNull("completed_at"))

            let early = try await client.execute(
                uri: "/openai/v1/videos/\(id)/content", method: .get, headers: MediaRequests.bearer)
            #expect(early.status == .notFound)

            clock.advance(milliseconds: 700)
            let running = try jsonObject(
                try await client.execute(uri: "/openai/v1/videos/\(id)", method: .get, headers: MediaRequests.bearer)
                    .body)
            #expect(running.string("status") == "in_progress")
            #expect((1...99).contains(running.int("progress") ?? 0))

            clock.advance(milliseconds: 1500)
            let done = try jsonObject(
                try await client.execute(uri: "/openai/v1/videos/\(id)", method: .get, headers: MediaRequests.bearer)
                    .body)
            #expect(done.string("status") == "completed")
            #expect(done.int("progress") == 100)
            #expect(done.int("completed_at") != nil && done.int("expires_at") != nil)

            let content = try await client.execute(
                uri: "/openai/v1/videos/\(id)/content", method: .get, headers: MediaRequests.bearer)
            #expect(content.headers[.contentType] == "video/mp4")
            #expect(Magic.isMP4(content.body.bytes))
            #expect(AudioDuration.seconds(of: content.body.bytes) == 8)
            let thumbnail = try await client.execute(
                uri: "/openai/v1/videos/\(id)/content?variant=thumbnail", method: .get, headers: MediaRequests.bearer)
            #expect(thumbnail.headers[.contentType] == "image/webp")
            #expect(Magic.isWebP(thumbnail.body.bytes))
        }
        #expect(simulator.stats.jobsCreated == 1)
        #expect(simulator.stats.jobsCompleted == 1)
        #expect(simulator.stats.jobPolls == 2)
    }

    @Test func soraFailuresAndRefusals() async throws {
        let (app, simulator) = makeSimulator(quickJobs())
        try await app.test(.router) { client in
            let body = MediaRequests.json(["model": "sora-2", "prompt": "A wave [[sim job_fail=nsfw]]"])
            let id = try #require(
                try jsonObject(
                    try await client.execute(
                        uri: "/openai/v1/videos", method: .post, headers: MediaRequests.bearer, body: body
                    ).body
                ).string("id"))
            let failed = try jsonObject(
                try await client.execute(uri: "/openai/v1/videos/\(id)", method: .get, headers: MediaRequests.bearer)
                    .body)
            #expect(failed.string("status") == "failed")
            #expect(failed.object("error")?.string("code") == "moderation_blocked")

            let generic = MediaRequests.json(["model": "sora-2", "prompt": "A wave"])
            var headers = MediaRequests.bearer
            headers[.init("x-sim-job-fail")!] = "1"
            let other = try #require(
                try jsonObject(
                    try await client.execute(uri: "/openai/v1/videos", method: .post, headers: headers, body: generic)
                        .body
                ).string("id"))
            let otherFailed = try jsonObject(
                try await client.execute(uri: "/openai/v1/videos/\(other)", method: .get, headers: MediaRequests.bearer)
                    .body)
            #expect(otherFailed.object("error")?.string("code") == "internal_error")

            let unknown = try await client.execute(
                uri: "/openai/v1/videos/video_nope", method: .get, headers: MediaRequests.bearer)
            #expect(unknown.status == .notFound)
            let refused = try await client.execute(
                uri: "/openai/v1/videos/\(id)", method: .get, headers: [.authorization: "Bearer sim-invalid-key"])
            #expect(refused.status == .unauthorized)
            let badSeconds = try await client.execute(
                uri: "/openai/v1/videos", method: .post, headers: MediaRequests.bearer,
                body: MediaRequests.json(["prompt": "x", "seconds": "5"]))
            #expect(badSeconds.status == .badRequest)
            #expect(try jsonObject(badSeconds.body).object("error")?.string("param") == "seconds")
        }
        #expect(simulator.stats.jobsFailed == 2)
    }

    @Test func videosTakeAFormWithAnInputReference() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let form = MediaRequests.form(
                [("model", "sora-2"), ("prompt", "Animate it"), ("seconds", "4"), ("size", "720x1280")],
                files: [("input_reference", "frame.jpg", "image/jpeg", JPEGImage.make(width: 720, height: 1280))],
                headers: [.authorization: "Bearer sk-test"])
            let response = try await client.execute(
                uri: "/openai/v1/videos", method: .post, headers: form.headers, body: form.body)
            #expect(response.status == .ok)
            #expect(try jsonObject(response.body).string("size") == "720x1280")
        }
    }
}
