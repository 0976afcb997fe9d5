import Testing
import TollgateCore

@testable import TollgateProviders

/// Replicate's recorded prediction answers and errors, through submission and polling.
@Suite("Replicate submission, polling and errors")
struct ReplicateResponseTests {
    static func flux(size: String = "1024x1024", seed: Int64? = nil) throws -> MediaRequest {
        var params: [String: JSONValue] = ["size": .string(size)]
        if let seed { params["seed"] = .int(seed) }
        return try CatalogMediaRequest.make("flux-1.1-pro", prompt: "black forest gateau cake", params: params)
    }

    @Test("a starting prediction is submitted under its id, polled after the image delay")
    func submitted() throws {
        let submission = try ReplicateMediaMapping.submitResponse(
            CatalogMediaRequest.json("replicate/prediction-starting.json", status: 201), request: Self.flux())
        #expect(submission == .submitted(upstreamID: "gm3qorzdhgbfurvjtvhg6dckhu", pollAfterSeconds: 2))
    }

    @Test(
        "the poll delay follows the category",
        arguments: [
            ("kling-v2.1", 5.0), ("musicgen", 3), ("upscale", 1), ("minimax-tts", 1), ("sd-3.5-large", 2),
        ])
    func pollDelay(slug: String, seconds: Double) throws {
        let request = MediaRequest(
            slug: slug, model: "x/y", category: try #require(CatalogMediaRequest.catalog.model(slug)).category.rawValue,
            prompt: "p", params: [:])
        let submission = try ReplicateMediaMapping.submitResponse(
            CatalogMediaRequest.json("replicate/prediction-starting.json", status: 201), request: request)
        #expect(submission == .submitted(upstreamID: "gm3qorzdhgbfurvjtvhg6dckhu", pollAfterSeconds: seconds))
    }

    @Test("an answer already succeeded (a cached run) completes at once")
    func completedAtSubmit() throws {
        let submission = try ReplicateMediaMapping.submitResponse(
            CatalogMediaRequest.json("replicate/prediction-succeeded-image.json", status: 201), request: Self.flux())
        guard case .completed(let result) = submission else {
            Issue.record("not completed: \(submission)")
            return
        }
        #expect(
            result.file
                == .url(
                    "https://replicate.delivery/czjl/HQZ89fz0ogUSJi2RLpuTyYERDsOKRsbNNJwLMOHdGIEAMvyJA/output.webp",
                    contentType: "image/webp"))
    }

    @Test("a prediction failed at submission throws its failure")
    func failedAtSubmit() throws {
        let thrown = failure {
            try ReplicateMediaMapping.submitResponse(
                CatalogMediaRequest.json("replicate/prediction-failed-sensitive.json", status: 201),
                request: Self.flux())
        }
        #expect(thrown?.kind == .contentPolicy)
    }

    @Test("the poll is a GET of the prediction")
    func pollRequest() throws {
        let upstream = try ReplicateMediaMapping.pollRequest(
            upstreamID: "gm3qorzdhgbfurvjtvhg6dckhu", request: Self.flux())
        #expect(upstream == UpstreamRequest(method: "GET", path: "/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu"))
        #expect(
            failure { try ReplicateMediaMapping.pollRequest(upstreamID: "../account", request: Self.flux()) }?.kind
                == .malformed)
    }

    @Test("starting and processing are running, without progress")
    func running() throws {
        for fixture in ["prediction-starting.json", "prediction-processing.json"] {
            let poll = try ReplicateMediaMapping.pollResponse(
                CatalogMediaRequest.json("replicate/" + fixture), request: Self.flux())
            #expect(poll == .running(progress: nil, pollAfterSeconds: 2))
        }
    }

    @Test("succeeded flux: the URL, its type, the size and the seed the params fixed")
    func succeededImage() throws {
        let poll = try ReplicateMediaMapping.pollResponse(
            CatalogMediaRequest.json("replicate/prediction-succeeded-image.json"), request: Self.flux(seed: 1492))
        #expect(
            poll
                == .completed(
                    MediaResult(
                        file: .url(
                            "https://replicate.delivery/czjl/HQZ89fz0ogUSJi2RLpuTyYERDsOKRsbNNJwLMOHdGIEAMvyJA/output.webp",
                            contentType: "image/webp"),
                        width: 1024, height: 1024, seed: 1492)))
    }

    @Test("a list of URLs gives the first (SD 3.5), with the size from the params")
    func succeededList() throws {
        let request = try CatalogMediaRequest.make("sd-3.5-large", prompt: "a lighthouse", params: ["size": "1344x768"])
        let poll = try ReplicateMediaMapping.pollResponse(
            CatalogMediaRequest.json("replicate/prediction-succeeded-list.json"), request: request)
        #expect(
            poll
                == .completed(
                    MediaResult(
                        file: .url(
                            "https://replicate.delivery/xezq/3XUkQa8Ce5GSeSpm2dPpqvvDt2yP8oBVNmFDYvKVdzbwqfXTA/R8_SD3.5L_00001_.webp",
                            contentType: "image/webp"),
                        width: 1344, height: 768)))
    }

    @Test("succeeded video: mp4, length from the duration param")
    func succeededVideo() throws {
        let frame = "https://example.com/frame.png"
        let request = try CatalogMediaRequest.make(
            "kling-v2.1", prompt: "p", params: ["duration": 5, "image_url": .string(frame)],
            inputs: ["image_url": .url(frame)])
        let poll = try ReplicateMediaMapping.pollResponse(
            CatalogMediaRequest.json("replicate/prediction-succeeded-video.json"), request: request)
        #expect(
            poll
                == .completed(
                    MediaResult(
                        file: .url(
                            "https://replicate.delivery/xezq/bwd9fwRNhVGzNJZ1oJDJj5tUMEQqqXWaEEoZtf2FFflZsaqTB/tmpd1v2cvpi.mp4",
                            contentType: "video/mp4"),
                        durationSeconds: 5)))
    }

    @Test("veo's frame follows resolution and aspect ratio; minimax video is 6 s, 1280x720 from text")
    func videoShapes() throws {
        let veo = try CatalogMediaRequest.make(
            "veo-3.1", prompt: "p", params: ["resolution": "1080p", "aspect_ratio": "9:16", "duration": 6])
        let veoPoll = try ReplicateMediaMapping.pollResponse(
            CatalogMediaRequest.json("replicate/prediction-succeeded-video.json"), request: veo)
        guard case .completed(let veoResult) = veoPoll else {
            Issue.record("not completed")
            return
        }
        #expect((veoResult.width, veoResult.height, veoResult.durationSeconds) == (1080, 1920, 6))

        let minimax = try CatalogMediaRequest.make("minimax-video", prompt: "p")
        let minimaxPoll = try ReplicateMediaMapping.pollResponse(
            CatalogMediaRequest.json("replicate/prediction-succeeded-video.json"), request: minimax)
        guard case .completed(let minimaxResult) = minimaxPoll else {
            Issue.record("not completed")
            return
        }
        #expect(minimaxResult.durationSeconds == 6)
        #expect(minimaxResult.width == 1280 && minimaxResult.height == 720)
        // From an image, the frame is the image's (unknown here).
        let fromImage = try CatalogMediaRequest.make(
            "minimax-video", prompt: "p", params: ["image_url": "https://example.com/a.png"],
            inputs: ["image_url": .url("https://example.com/a.png")])
        guard
            case .completed(let imageResult) = try ReplicateMediaMapping.pollResponse(
                CatalogMediaRequest.json("replicate/prediction-succeeded-video.json"), request: fromImage)
        else {
            Issue.record("not completed")
            return
        }
        #expect(imageResult.width == nil && imageResult.durationSeconds == 6)
    }

    @Test("succeeded musicgen: mp3 of the asked length")
    func succeededAudio() throws {
        let request = try CatalogMediaRequest.make(
            "musicgen", prompt: "triumphant", params: ["duration": 30, "format": "mp3"])
        let poll = try ReplicateMediaMapping.pollResponse(
            CatalogMediaRequest.json("replicate/prediction-succeeded-audio.json"), request: request)
        #expect(
            poll
                == .completed(
                    MediaResult(
                        file: .url(
                            "https://replicate.delivery/pbxt/eMgpJ8cVo8Xpbt1ZHGRzzSMfqHiEKAtvNqR6Y4PdrYAJMwkIA/out.mp3",
                            contentType: "audio/mpeg"),
                        durationSeconds: 30)))
    }

    @Test("succeeded OCR: the text, no file")
    func succeededText() throws {
        let image = "https://example.com/sign.png"
        let request = try CatalogMediaRequest.make(
            "text-ocr", params: ["image_url": .string(image)], inputs: ["image_url": .url(image)])
        let poll = try ReplicateMediaMapping.pollResponse(
            CatalogMediaRequest.json("replicate/prediction-succeeded-ocr.json"), request: request)
        #expect(poll == .completed(MediaResult(text: "OPENING HOURS\nMon - Fri 9:00 - 18:00\nSat 10:00 - 14:00\n")))
    }

    @Test(
        "failed predictions: safety refusals are content policy, the rest the job failing",
        arguments: [
            ("prediction-failed-sensitive.json", ProviderFailure.Kind.contentPolicy),
            ("prediction-failed-nsfw.json", .contentPolicy),
            ("prediction-failed.json", .upstreamError),
            ("prediction-canceled.json", .upstreamError),
        ])
    func failed(file: String, kind: ProviderFailure.Kind) throws {
        let body = try Fixture.bytes("replicate/" + file)
        let poll = try ReplicateMediaMapping.pollResponse(
            UpstreamResponse(status: 200, body: body), request: Self.flux())
        guard case .failed(let failure) = poll else {
            Issue.record("not failed: \(poll)")
            return
        }
        #expect(failure.kind == kind)
        Self.expectNoUpstreamText(failure, in: body)
    }

    @Test(
        "a succeeded prediction without a usable output is malformed",
        arguments: [
            #"{"id":"a","status":"succeeded","output":null}"#, #"{"id":"a","status":"succeeded","output":[]}"#,
            #"{"id":"a","status":"succeeded","output":"not a url"}"#,
            #"{"id":"a","status":"succeeded","output":{"x":1}}"#,
        ])
    func noOutput(_ body: String) throws {
        let thrown = failure {
            try ReplicateMediaMapping.pollResponse(
                UpstreamResponse(status: 200, body: Array(body.utf8)), request: Self.flux())
        }
        #expect(thrown?.kind == .malformed)
    }

    @Test(
        "error answers map to failure kinds, with no upstream text",
        arguments: [
            ("error-401.json", 401, ProviderFailure.Kind.unauthorized),
            ("error-402.json", 402, .unauthorized),
            ("error-404.json", 404, .rejected),
            ("error-422.json", 422, .rejected),
            ("error-429.json", 429, .rateLimited),
            ("error-500.json", 500, .upstreamError),
        ])
    func errors(file: String, status: Int, kind: ProviderFailure.Kind) throws {
        let body = try Fixture.bytes("replicate/" + file)
        let response = UpstreamResponse(status: status, headers: [("Retry-After", "30")], body: body)
        for thrown in [
            failure { try ReplicateMediaMapping.submitResponse(response, request: Self.flux()) },
            failure { try ReplicateMediaMapping.pollResponse(response, request: Self.flux()) },
        ] {
            let failure = try #require(thrown)
            #expect(failure.kind == kind)
            #expect(failure.status == status)
            Self.expectNoUpstreamText(failure, in: body)
        }
    }

    @Test("a throttled answer keeps Retry-After and allows a fallback")
    func retryAfter() throws {
        let response = UpstreamResponse(
            status: 429, headers: [("retry-after", "7")], body: try Fixture.bytes("replicate/error-429.json"))
        let thrown = try #require(failure { try ReplicateMediaMapping.submitResponse(response, request: Self.flux()) })
        #expect(thrown.retryAfter == 7)
        #expect(thrown.allowsFallback)
    }

    @Test(
        "an answer that is not a prediction is malformed",
        arguments: ["", "<html>502</html>", #"{"status":"starting"}"#])
    func malformed(_ body: String) throws {
        let thrown = failure {
            try ReplicateMediaMapping.submitResponse(
                UpstreamResponse(status: 201, body: Array(body.utf8)), request: Self.flux())
        }
        #expect(thrown?.kind == .malformed)
    }

    /// The failure's message repeats none of the upstream body's text.
    static func expectNoUpstreamText(_ failure: ProviderFailure, in body: [UInt8]) {
        guard let json = try? JSON.parse(body) else { return }
        for text in JSON.strings(in: json) where text.count >= 8 {
            #expect(!failure.message.contains(text))
        }
    }
}
