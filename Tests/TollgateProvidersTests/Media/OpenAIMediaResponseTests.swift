import Testing
import TollgateCore

@testable import TollgateProviders

@Suite("OpenAI media answers, jobs and errors")
struct OpenAIMediaResponseTests {
    typealias Make = CatalogMediaRequest

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
    static let webp: [UInt8] = Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8)
    static let videoID = "video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5"

    private func submit(_ fixture: String, _ request: MediaRequest, headers: [(String, String)] = []) throws
        -> MediaSubmission
    {
        try OpenAIMediaMapping.submitResponse(Make.json("openai-media/" + fixture, headers: headers), request: request)
    }

    private func poll(_ fixture: String, headers: [(String, String)] = []) throws -> MediaPoll {
        try OpenAIMediaMapping.pollResponse(
            Make.json("openai-media/" + fixture, headers: headers), request: Make.make("sora-2", prompt: "x"))
    }

    @Test("DALL·E 3 b64_json decodes to PNG bytes with the requested size and the revised prompt")
    func dallE3Inline() throws {
        let request = try Make.make("dall-e-3", prompt: "otter", params: ["size": "1792x1024"])
        #expect(
            try submit("images-dall-e-3.json", request)
                == .completed(
                    MediaResult(
                        file: .data(Self.png, contentType: "image/png"),
                        text:
                            "A cute baby sea otter floating on its back in calm blue water, holding a small clam, photorealistic.",
                        width: 1792, height: 1024)))
    }

    @Test("a DALL·E 3 url answer is a link to download, still PNG")
    func dallE3Link() throws {
        let result = try submit("images-dall-e-3-url.json", Make.make("dall-e-3", prompt: "cat"))
        guard case .completed(let image) = result, case .url(let url, let type)? = image.file else {
            Issue.record("expected a linked image, got \(result)")
            return
        }
        #expect(url.hasPrefix("https://oaidalleapiprodscus.blob.core.windows.net/private/"))
        #expect(type == "image/png")
        #expect(image.width == 1024 && image.height == 1024)
    }

    @Test("GPT Image answers are inline in the format and size it reports")
    func gptImage() throws {
        let request = try Make.make("gpt-image-1.5", prompt: "fox", params: ["size": "1024x1536"])
        #expect(
            try submit("images-gpt-image.json", request)
                == .completed(
                    MediaResult(
                        file: .data(Self.webp, contentType: "image/webp"), width: 1024, height: 1536)))
    }

    @Test("an Images answer without an image, or with bad base64, is malformed")
    func imageMalformed() throws {
        let request = try Make.make("dall-e-3", prompt: "x")
        #expect(failure { try self.submit("images-empty.json", request) }?.kind == .malformed)
        let bad = UpstreamResponse(status: 200, body: Array(#"{"data":[{"b64_json":"%%%"}]}"#.utf8))
        #expect(failure { try OpenAIMediaMapping.submitResponse(bad, request: request) }?.kind == .malformed)
        let html = UpstreamResponse(status: 200, body: Array("<html>".utf8))
        #expect(failure { try OpenAIMediaMapping.submitResponse(html, request: request) }?.kind == .malformed)
    }

    @Test(
        "speech: the body is the audio, typed by the format asked for",
        arguments: [
            ("mp3", "audio/mpeg"), ("wav", "audio/wav"), ("ogg", "audio/ogg"),
        ])
    func speech(format: String, contentType: String) throws {
        let request = try Make.make("gpt-4o-mini-tts", params: ["text": "Hi", "format": .string(format)])
        let answer = Make.binary(Make.mp3, contentType: "application/octet-stream")
        #expect(
            try OpenAIMediaMapping.submitResponse(answer, request: request)
                == .completed(MediaResult(file: .data(Make.mp3, contentType: contentType))))
    }

    @Test("a 200 speech answer that is JSON, text or empty is not audio")
    func speechNotAudio() throws {
        let request = try Make.make("openai-tts", params: ["text": "Hi"])
        for answer in [
            Make.binary(Array(#"{"ok":true}"#.utf8), contentType: "application/json"),
            Make.binary(Array("oops".utf8), contentType: "text/plain"),
            Make.binary([], contentType: "audio/mpeg"),
        ] {
            #expect(failure { try OpenAIMediaMapping.submitResponse(answer, request: request) }?.kind == .malformed)
        }
    }

    @Test("Whisper's transcript comes with the audio's length; GPT-4o's without")
    func transcripts() throws {
        let text =
            "Imagine the wildest idea that you've ever had, and you're curious about how it might scale to something that's a 100, a 1,000 times bigger."
        let whisper = try Make.make("whisper", inputs: ["audio": Make.audio()])
        #expect(
            try submit("transcription-whisper.json", whisper) == .completed(MediaResult(text: text, durationSeconds: 9))
        )
        let gpt = try Make.make("gpt-4o-transcribe", inputs: ["audio": Make.audio()])
        #expect(try submit("transcription-gpt-4o.json", gpt) == .completed(MediaResult(text: text)))
    }

    @Test("a created Sora job is submitted by id, after OpenAI's suggested delay if it gives one")
    func soraSubmitted() throws {
        let request = try Make.make("sora-2", prompt: "x")
        #expect(try submit("video-queued.json", request) == .submitted(upstreamID: Self.videoID, pollAfterSeconds: nil))
        #expect(
            try submit("video-queued.json", request, headers: [("openai-poll-after-ms", "2500")])
                == .submitted(upstreamID: Self.videoID, pollAfterSeconds: 2.5))
    }

    @Test("a Sora job runs queued → in_progress → completed, ending with relative content URLs")
    func soraLifecycle() throws {
        #expect(try poll("video-queued.json") == .running(progress: 0, pollAfterSeconds: nil))
        #expect(
            try poll("video-in-progress.json", headers: [("openai-poll-after-ms", "10000")])
                == .running(progress: 0.33, pollAfterSeconds: 10))
        let content = "/v1/videos/\(Self.videoID)/content"
        #expect(
            try poll("video-completed.json")
                == .completed(
                    MediaResult(
                        file: .url(content, contentType: "video/mp4"),
                        thumbnail: .url(content + "?variant=thumbnail", contentType: "image/webp"),
                        width: 1280, height: 720, durationSeconds: 8)))
        guard case .completed(let portrait) = try poll("video-completed-portrait.json") else {
            Issue.record("expected a completed job")
            return
        }
        #expect(portrait.width == 720 && portrait.height == 1280 && portrait.durationSeconds == 4)
    }

    @Test("a failed Sora job fails: moderation as contentPolicy, anything else as the provider's failure")
    func soraFailed() throws {
        for (fixture, kind) in [
            ("video-failed.json", ProviderFailure.Kind.upstreamError), ("video-failed-moderation.json", .contentPolicy),
        ] {
            guard case .failed(let failure) = try poll(fixture) else {
                Issue.record("expected \(fixture) to fail the job")
                continue
            }
            #expect(failure.kind == kind)
            for text in JSON.strings(in: try Fixture.json("openai-media/" + fixture)) where text.contains(" ") {
                #expect(!failure.message.contains(text))
            }
        }
        let request = try Make.make("sora-2", prompt: "x")
        #expect(failure { try self.submit("video-failed.json", request) }?.kind == .upstreamError)
    }

    @Test("an unknown job status is malformed, not silently running")
    func soraUnknownStatus() throws {
        let answer = UpstreamResponse(status: 200, body: Array(#"{"id":"video_1","status":"paused"}"#.utf8))
        let request = try Make.make("sora-2", prompt: "x")
        #expect(failure { try OpenAIMediaMapping.pollResponse(answer, request: request) }?.kind == .malformed)
    }

    @Test(
        "recorded error bodies map to failure kinds, on submit and on poll",
        arguments: [
            ("error-content-policy.json", 400, ProviderFailure.Kind.contentPolicy),
            ("error-moderation-blocked.json", 400, .contentPolicy),
            ("error-invalid-size.json", 400, .rejected),
            ("error-401.json", 401, .unauthorized),
            ("error-429.json", 429, .rateLimited),
            ("error-429-quota.json", 429, .unauthorized),
            ("error-500.json", 500, .upstreamError),
        ])
    func errors(file: String, status: Int, kind: ProviderFailure.Kind) throws {
        let answer = try Make.json("openai-media/" + file, status: status, headers: [("Retry-After", "3")])
        for request in try [
            Make.make("dall-e-3", prompt: "x"), Make.make("openai-tts", params: ["text": "x"]),
            Make.make("whisper", inputs: ["audio": Make.audio()]), Make.make("sora-2", prompt: "x"),
        ] {
            let failure = failure { try OpenAIMediaMapping.submitResponse(answer, request: request) }
            #expect(failure?.kind == kind)
            #expect(failure?.status == status)
            for text in JSON.strings(in: try JSON.parse(answer.body)) where text.contains(" ") {
                #expect(failure?.message.contains(text) == false)
            }
        }
        let request = try Make.make("sora-2", prompt: "x")
        #expect(failure { try OpenAIMediaMapping.pollResponse(answer, request: request) }?.kind == kind)
    }

    @Test("a rate limit keeps Retry-After; a non-JSON 502 is the provider's failure")
    func statusOnly() throws {
        let request = try Make.make("openai-tts", params: ["text": "x"])
        let limited = try Make.json("openai-media/error-429.json", status: 429, headers: [("Retry-After", "1.5")])
        #expect(failure { try OpenAIMediaMapping.submitResponse(limited, request: request) }?.retryAfter == 1.5)
        let gateway = UpstreamResponse(status: 502, body: Array("<html>Bad gateway</html>".utf8))
        #expect(failure { try OpenAIMediaMapping.submitResponse(gateway, request: request) }?.kind == .upstreamError)
    }
}
