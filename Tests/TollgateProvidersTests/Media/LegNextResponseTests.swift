import Testing
import TollgateCore

@testable import TollgateProviders

/// LegNext's recorded job answers and errors, through submission and polling.
@Suite("LegNext submission, polling and errors")
struct LegNextResponseTests {
    static func imagine(aspectRatio: String = "1:1") throws -> MediaRequest {
        try CatalogMediaRequest.make("midjourney", prompt: "a sunset", params: ["aspect_ratio": .string(aspectRatio)])
    }

    static func video() throws -> MediaRequest {
        let image = "https://example.com/cat.png"
        return try CatalogMediaRequest.make(
            "midjourney-video", params: ["batch_size": 2, "image_url": .string(image)],
            inputs: ["image_url": .url(image)])
    }

    @Test("a pending job is submitted under its id: images polled after 5 s, video after 10 s")
    func submitted() throws {
        let image = try LegNextMediaMapping.submitResponse(
            CatalogMediaRequest.json("legnext/job-pending.json"), request: Self.imagine())
        #expect(image == .submitted(upstreamID: "789320d3-4b20-46d3-a804-6165a079176a", pollAfterSeconds: 5))
        let video = try LegNextMediaMapping.submitResponse(
            CatalogMediaRequest.json("legnext/job-pending-video.json"), request: Self.video())
        #expect(video == .submitted(upstreamID: "b24ffa07-7b76-49a2-963e-f6c527f7cec7", pollAfterSeconds: 10))
    }

    @Test("the poll is a GET of the job; an id that is not one is refused")
    func pollRequest() throws {
        let upstream = try LegNextMediaMapping.pollRequest(
            upstreamID: "789320d3-4b20-46d3-a804-6165a079176a", request: Self.imagine())
        #expect(upstream == UpstreamRequest(method: "GET", path: "/api/v1/job/789320d3-4b20-46d3-a804-6165a079176a"))
        #expect(
            failure { try LegNextMediaMapping.pollRequest(upstreamID: "x/../../account", request: Self.imagine()) }?
                .kind == .malformed)
    }

    @Test("pending and processing are running")
    func running() throws {
        for fixture in ["job-pending.json", "job-processing.json"] {
            let poll = try LegNextMediaMapping.pollResponse(
                CatalogMediaRequest.json("legnext/" + fixture), request: Self.imagine())
            #expect(poll == .running(progress: nil, pollAfterSeconds: 5))
        }
    }

    @Test("a completed imagine: the first image, the grid as preview, MidJourney's size and the seed used")
    func completedImage() throws {
        let poll = try LegNextMediaMapping.pollResponse(
            CatalogMediaRequest.json("legnext/job-completed-image.json"), request: Self.imagine(aspectRatio: "16:9"))
        #expect(
            poll
                == .completed(
                    MediaResult(
                        file: .url(
                            "https://cdn.legnext.ai/mj/a616de55-6130-4e1f-b8cd-531ed0599353_0.png",
                            contentType: "image/png"),
                        thumbnail: .url("https://cdn.legnext.ai/temp/1760408558306.png", contentType: "image/png"),
                        width: 1456, height: 816, seed: 1_904_983_176)))
    }

    @Test("a completed imagine without a grid or seed: the first image only")
    func completedWithoutGrid() throws {
        let poll = try LegNextMediaMapping.pollResponse(
            CatalogMediaRequest.json("legnext/job-completed-image-no-grid.json"), request: Self.imagine())
        #expect(
            poll
                == .completed(
                    MediaResult(
                        file: .url(
                            "https://image.legnext.ai/20250922/01k5qp2gqrfef8761r8n9q9w0c_0_0.png?Expires=1761102268&Signature=iNZM9BV0OCS32GXCSYEruuCs7zU%3D",
                            contentType: "image/png"),
                        width: 1024, height: 1024)))
    }

    @Test("a completed video: the first clip, 5 seconds")
    func completedVideo() throws {
        let poll = try LegNextMediaMapping.pollResponse(
            CatalogMediaRequest.json("legnext/job-completed-video.json"), request: Self.video())
        #expect(
            poll
                == .completed(
                    MediaResult(
                        file: .url(
                            "https://cdn.legnext.ai/mj/b24ffa07-7b76-49a2-963e-f6c527f7cec7_0.mp4",
                            contentType: "video/mp4"),
                        durationSeconds: 5)))
    }

    @Test("completed without output is malformed")
    func completedWithoutOutput() throws {
        let thrown = failure {
            try LegNextMediaMapping.pollResponse(
                CatalogMediaRequest.json("legnext/job-completed-image.json"), request: Self.video())
        }
        #expect(thrown?.kind == .malformed)
    }

    @Test(
        "failed jobs: a banned prompt is content policy, another 4xx a rejection, the rest the job failing",
        arguments: [
            ("job-failed-moderation.json", ProviderFailure.Kind.contentPolicy),
            ("job-failed-invalid.json", .rejected),
            ("job-failed.json", .upstreamError),
        ])
    func failed(file: String, kind: ProviderFailure.Kind) throws {
        let body = try Fixture.bytes("legnext/" + file)
        let poll = try LegNextMediaMapping.pollResponse(
            UpstreamResponse(status: 200, body: body), request: Self.imagine())
        guard case .failed(let failure) = poll else {
            Issue.record("not failed: \(poll)")
            return
        }
        #expect(failure.kind == kind)
        Self.expectNoUpstreamText(failure, in: body)
    }

    @Test(
        "error answers map to failure kinds, with no upstream text",
        arguments: [
            ("error-400.json", 400, ProviderFailure.Kind.rejected),
            ("error-401.json", 401, .unauthorized),
            ("error-402.json", 402, .unauthorized),
            ("error-403-moderation.json", 403, .contentPolicy),
            ("error-429.json", 429, .rateLimited),
            ("error-500.json", 500, .upstreamError),
        ])
    func errors(file: String, status: Int, kind: ProviderFailure.Kind) throws {
        let body = try Fixture.bytes("legnext/" + file)
        let response = UpstreamResponse(status: status, headers: [("Retry-After", "20")], body: body)
        for thrown in [
            failure { try LegNextMediaMapping.submitResponse(response, request: Self.imagine()) },
            failure { try LegNextMediaMapping.pollResponse(response, request: Self.imagine()) },
        ] {
            let failure = try #require(thrown)
            #expect(failure.kind == kind)
            #expect(failure.status == status)
            if kind == .rateLimited { #expect(failure.retryAfter == 20) }
            Self.expectNoUpstreamText(failure, in: body)
        }
    }

    @Test("an error object in a 200 answer is that error, not a job")
    func errorIn200() throws {
        let response = UpstreamResponse(status: 200, body: try Fixture.bytes("legnext/error-402.json"))
        let thrown = failure { try LegNextMediaMapping.submitResponse(response, request: Self.imagine()) }
        #expect(thrown?.kind == .unauthorized)
        #expect(thrown?.status == 402)
    }

    @Test("an answer with no job id is malformed", arguments: ["", "<html>502</html>", #"{"status":"pending"}"#])
    func malformed(_ body: String) throws {
        let thrown = failure {
            try LegNextMediaMapping.submitResponse(
                UpstreamResponse(status: 200, body: Array(body.utf8)), request: Self.imagine())
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
