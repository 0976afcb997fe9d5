import Testing
import TollgateCore

@testable import TollgateProviders

/// Luma's recorded generation answers and errors, through submission and polling.
@Suite("Luma submission, polling and errors")
struct LumaResponseTests {
    static func photonFlash() throws -> MediaRequest {
        try CatalogMediaRequest.make(
            "photon-flash", prompt: "A teddy bear in sunglasses playing electric guitar and dancing")
    }

    static func ray(resolution: String = "720p", aspectRatio: String = "16:9", duration: Int64 = 5) throws
        -> MediaRequest
    {
        try CatalogMediaRequest.make(
            "luma-ray2", prompt: "A serene lake surrounded by mountains at sunset",
            params: [
                "resolution": .string(resolution), "aspect_ratio": .string(aspectRatio), "duration": .int(duration),
            ])
    }

    @Test("a queued image is submitted under its id, polled after 2 s; a video after 5 s")
    func submitted() throws {
        let image = try LumaMediaMapping.submitResponse(
            CatalogMediaRequest.json("luma/generation-queued-image.json", status: 201), request: Self.photonFlash())
        #expect(image == .submitted(upstreamID: "3b6bbd1f-73a1-4cb2-8b14-6d3ca2b6b9f0", pollAfterSeconds: 2))
        let video = try LumaMediaMapping.submitResponse(
            CatalogMediaRequest.json("luma/generation-queued-video.json", status: 201), request: Self.ray())
        #expect(video == .submitted(upstreamID: "123e4567-e89b-12d3-a456-426614174000", pollAfterSeconds: 5))
    }

    @Test("the poll is a GET of the generation; an id that is not one is refused")
    func pollRequest() throws {
        let upstream = try LumaMediaMapping.pollRequest(
            upstreamID: "123e4567-e89b-12d3-a456-426614174000", request: Self.ray())
        #expect(
            upstream
                == UpstreamRequest(
                    method: "GET", path: "/dream-machine/v1/generations/123e4567-e89b-12d3-a456-426614174000"))
        #expect(
            failure { try LumaMediaMapping.pollRequest(upstreamID: "../credits", request: Self.ray()) }?.kind
                == .malformed)
    }

    @Test("queued and dreaming are running")
    func running() throws {
        for fixture in ["generation-queued-video.json", "generation-dreaming.json"] {
            let poll = try LumaMediaMapping.pollResponse(
                CatalogMediaRequest.json("luma/" + fixture), request: Self.ray())
            #expect(poll == .running(progress: nil, pollAfterSeconds: 5))
        }
    }

    @Test("a completed image is its assets.image, as JPEG")
    func completedImage() throws {
        let poll = try LumaMediaMapping.pollResponse(
            CatalogMediaRequest.json("luma/generation-completed-image.json"), request: Self.photonFlash())
        #expect(
            poll
                == .completed(
                    MediaResult(
                        file: .url(
                            "https://storage.cdn-luma.com/dream_machine/7e4fe07f-1dfd-4921-bc97-4bcf5adea39a/a8b8b1d0-6b1b-4bd4-9c0e-0d3f6b7c2e7f_result.jpg",
                            contentType: "image/jpeg"))))
    }

    @Test(
        "a completed video is its assets.video, sized from resolution and aspect ratio, as long as asked, its assets.image the thumbnail"
    )
    func completedVideo() throws {
        let poll = try LumaMediaMapping.pollResponse(
            CatalogMediaRequest.json("luma/generation-completed-video.json"), request: Self.ray())
        #expect(
            poll
                == .completed(
                    MediaResult(
                        file: .url(
                            "https://storage.cdn-luma.com/dream_machine/123e4567/watermarked_video0e1b2d9b8a.mp4",
                            contentType: "video/mp4"),
                        thumbnail: .url(
                            "https://storage.cdn-luma.com/dream_machine/123e4567/video_0_thumb.jpg",
                            contentType: "image/jpeg"),
                        width: 1280, height: 720, durationSeconds: 5)))
    }

    @Test(
        "video frames for each resolution and aspect ratio",
        arguments: [
            ("540p", "16:9", 960, 540), ("720p", "9:16", 720, 1280), ("1080p", "1:1", 1080, 1080),
            ("720p", "4:3", 960, 720), ("1080p", "21:9", 2520, 1080), ("540p", "9:21", 540, 1260),
        ])
    func frames(resolution: String, ratio: String, width: Int, height: Int) {
        let frame = LumaMediaMapping.frame(resolution: resolution, aspectRatio: ratio)
        #expect(frame?.width == width)
        #expect(frame?.height == height)
    }

    @Test(
        "failed generations: moderation is content policy, unreadable frames a rejected request",
        arguments: [
            ("generation-failed-moderation.json", ProviderFailure.Kind.contentPolicy),
            ("generation-failed-frames.json", .rejected),
            ("generation-failed.json", .upstreamError),
        ])
    func failed(file: String, kind: ProviderFailure.Kind) throws {
        let body = try Fixture.bytes("luma/" + file)
        let poll = try LumaMediaMapping.pollResponse(UpstreamResponse(status: 200, body: body), request: Self.ray())
        guard case .failed(let failure) = poll else {
            Issue.record("not failed: \(poll)")
            return
        }
        #expect(failure.kind == kind)
        Self.expectNoUpstreamText(failure, in: body)
    }

    @Test("a generation failed at submission throws")
    func failedAtSubmit() throws {
        let thrown = failure {
            try LumaMediaMapping.submitResponse(
                CatalogMediaRequest.json("luma/generation-failed-moderation.json", status: 201), request: Self.ray())
        }
        #expect(thrown?.kind == .contentPolicy)
    }

    @Test("completed without the asset is malformed")
    func completedWithoutAsset() throws {
        // The image fixture has no video: read as a Ray answer it lacks its asset.
        let thrown = failure {
            try LumaMediaMapping.pollResponse(
                CatalogMediaRequest.json("luma/generation-completed-image.json"), request: Self.ray())
        }
        #expect(thrown?.kind == .malformed)
    }

    @Test(
        "error answers map to failure kinds, with no upstream text",
        arguments: [
            ("error-400.json", 400, ProviderFailure.Kind.rejected),
            ("error-400-moderation.json", 400, .contentPolicy),
            ("error-401.json", 401, .unauthorized),
            ("error-402.json", 402, .unauthorized),
            ("error-422.json", 422, .rejected),
            ("error-429.json", 429, .rateLimited),
            ("error-500.json", 500, .upstreamError),
        ])
    func errors(file: String, status: Int, kind: ProviderFailure.Kind) throws {
        let body = try Fixture.bytes("luma/" + file)
        let response = UpstreamResponse(status: status, headers: [("Retry-After", "12")], body: body)
        for thrown in [
            failure { try LumaMediaMapping.submitResponse(response, request: Self.ray()) },
            failure { try LumaMediaMapping.pollResponse(response, request: Self.ray()) },
        ] {
            let failure = try #require(thrown)
            #expect(failure.kind == kind)
            #expect(failure.status == status)
            if kind == .rateLimited { #expect(failure.retryAfter == 12) }
            Self.expectNoUpstreamText(failure, in: body)
        }
    }

    @Test(
        "an answer that is not a generation is malformed", arguments: ["", "<html>502</html>", #"{"state":"queued"}"#])
    func malformed(_ body: String) throws {
        let thrown = failure {
            try LumaMediaMapping.submitResponse(
                UpstreamResponse(status: 201, body: Array(body.utf8)), request: Self.ray())
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
