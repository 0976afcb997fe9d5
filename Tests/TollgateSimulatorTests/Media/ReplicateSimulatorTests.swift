import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("Replicate predictions")
struct ReplicateSimulatorTests {
    let flux = "/replicate/v1/models/black-forest-labs/flux-1.1-pro/predictions"

    @Test func creationAnswersAStartingPrediction() async throws {
        let (app, simulator) = makeSimulator()
        try await app.test(.router) { client in
            let body = MediaRequests.json([
                "input": ["prompt": "A red fox", "aspect_ratio": "1:1", "output_format": "png"]
            ])
            let response = try await client.execute(uri: flux, method: .post, headers: MediaRequests.bearer, body: body)
            #expect(response.status == .created)
            let prediction = try jsonObject(response.body)
            let id = try #require(prediction.string("id"))
            #expect(id.count == 26)
            #expect(prediction.string("model") == "black-forest-labs/flux-1.1-pro")
            #expect(prediction.string("status") == "starting")
            #expect(prediction.isNull("output") && prediction.isNull("error"))
            #expect(prediction.object("input")?.string("prompt") == "A red fox")
            #expect(prediction.string("created_at")?.hasSuffix("Z") == true)
            let urls = try #require(prediction.object("urls"))
            #expect(urls.string("get")?.hasSuffix("/replicate/v1/predictions/\(id)") == true)
            #expect(urls.string("cancel")?.hasSuffix("/replicate/v1/predictions/\(id)/cancel") == true)
        }
        #expect(simulator.stats.jobsCreated == 1)
    }

    @Test func predictionsAdvanceToSucceededWithAFileURL() async throws {
        let clock = JobClock()
        let (app, simulator) = makeSimulator(quickJobs(2000), clock: clock)
        try await app.test(.router) { client in
            let body = MediaRequests.json([
                "input": ["prompt": "A red fox", "aspect_ratio": "1:1", "output_format": "png"]
            ])
            let id = try #require(
                try jsonObject(
                    try await client.execute(uri: flux, method: .post, headers: MediaRequests.bearer, body: body).body
                ).string("id"))
            let poll = "/replicate/v1/predictions/\(id)"
            #expect(
                try jsonObject(try await client.execute(uri: poll, method: .get, headers: MediaRequests.bearer).body)
                    .string("status") == "starting")
            clock.advance(milliseconds: 700)
            let running = try jsonObject(
                try await client.execute(uri: poll, method: .get, headers: MediaRequests.bearer).body)
            #expect(running.string("status") == "processing")
            #expect(running.isNull("output"))
            clock.advance(milliseconds: 1500)
            let done = try jsonObject(
                try await client.execute(uri: poll, method: .get, headers: MediaRequests.bearer).body)
            #expect(done.string("status") == "succeeded")
            #expect(done.object("metrics")?["predict_time"] != nil)
            let url = try #require(done.string("output"))
            #expect(url.hasPrefix("http://") && url.hasSuffix("-1024x1024.png"))
            let file = try await client.execute(uri: MediaRequests.path(of: url), method: .get)
            #expect(file.headers[.contentType] == "image/png")
            #expect(starts(file.body.bytes, with: Magic.png))
        }
        #expect(simulator.stats.jobsCompleted == 1)
        #expect(simulator.stats.jobPolls == 3)
    }

    @Test func outputsFollowTheModel() async throws {
        let (app, _) = makeSimulator(quickJobs())
        try await app.test(.router) { client in
            func output(_ path: String, _ body: JSONObject) async throws -> Any? {
                let id = try #require(
                    try jsonObject(
                        try await client.execute(
                            uri: path, method: .post, headers: MediaRequests.bearer, body: MediaRequests.json(body)
                        ).body
                    ).string("id"))
                return try jsonObject(
                    try await client.execute(
                        uri: "/replicate/v1/predictions/\(id)", method: .get, headers: MediaRequests.bearer
                    ).body)["output"]
            }
            let sd = try await output(
                "/replicate/v1/models/stability-ai/stable-diffusion-3.5-large/predictions",
                ["input": ["prompt": "x", "aspect_ratio": "16:9"]])
            #expect((sd as? [String])?.count == 1)

            let kling = try #require(
                try await output(
                    "/replicate/v1/models/kwaivgi/kling-v2.1/predictions",
                    ["input": ["prompt": "x", "start_image": "https://e/x.png", "duration": 10, "mode": "pro"]])
                    as? String)
            #expect(kling.hasSuffix("-1920x1080-10s.mp4"))

            let ocr = try #require(
                try await output(
                    "/replicate/v1/predictions",
                    [
                        "version": "a524caeaa23495bc9edc805ab08ab5fe943afd3febed884a4f3747aa32e9cd61",
                        "input": ["image": "https://e/x.png"],
                    ]) as? String)
            #expect(ocr.hasPrefix("[simulated replicate abiruyt/text-extract-ocr]"))

            let music = try #require(
                try await output(
                    "/replicate/v1/predictions",
                    [
                        "version": "meta/musicgen:671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb",
                        "input": ["prompt": "jazz", "duration": 15, "output_format": "mp3"],
                    ]) as? String)
            #expect(music.hasSuffix("-15s.mp3"))

            let tts = try #require(
                try await output(
                    "/replicate/v1/models/minimax/speech-02-turbo/predictions", ["input": ["text": "Hello there"]])
                    as? String)
            #expect(tts.hasSuffix(".mp3"))
        }
    }

    @Test func versionPredictionsNameTheirModel() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let body = MediaRequests.json([
                "version": "f121d640bd286e1fdc67f9799164c1d5be36ff74576ee11c803ae5b665dd46aa",
                "input": ["image": "https://e/x.png", "scale": 2],
            ])
            let prediction = try jsonObject(
                try await client.execute(
                    uri: "/replicate/v1/predictions", method: .post, headers: MediaRequests.bearer, body: body
                ).body)
            #expect(prediction.string("model") == "nightmareai/real-esrgan")
            #expect(prediction.string("version") == "f121d640bd286e1fdc67f9799164c1d5be36ff74576ee11c803ae5b665dd46aa")
            let noVersion = try await client.execute(
                uri: "/replicate/v1/predictions", method: .post, headers: MediaRequests.bearer,
                body: MediaRequests.json(["input": [:] as JSONObject]))
            #expect(noVersion.status.code == 422)
            #expect(noVersion.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: [("nsfw", "flagged as sensitive"), ("1", "Prediction failed")])
    func failedPredictionsCarryAnError(knob: String, wording: String) async throws {
        let (app, simulator) = makeSimulator(quickJobs())
        try await app.test(.router) { client in
            let body = MediaRequests.json(["input": ["prompt": "x [[sim job_fail=\(knob)]]"]])
            let id = try #require(
                try jsonObject(
                    try await client.execute(uri: flux, method: .post, headers: MediaRequests.bearer, body: body).body
                ).string("id"))
            let failed = try jsonObject(
                try await client.execute(
                    uri: "/replicate/v1/predictions/\(id)", method: .get, headers: MediaRequests.bearer
                ).body)
            #expect(failed.string("status") == "failed")
            #expect(failed.isNull("output"))
            #expect(failed.string("error")?.contains(wording) == true)
        }
        #expect(simulator.stats.jobsFailed == 1)
    }

    @Test func refusalsUseProblemDetails() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let body = MediaRequests.json(["input": ["prompt": "x"]])
            let missing = try await client.execute(
                uri: flux, method: .post, headers: [.contentType: "application/json"], body: body)
            #expect(missing.status == .unauthorized)
            let problem = try jsonObject(missing.body)
            #expect(problem.string("title") == "Unauthenticated" && problem.int("status") == 401)
            let token = try await client.execute(
                uri: flux, method: .post, headers: [.authorization: "Token r8-test"], body: body)
            #expect(token.status == .created)
            let unknown = try await client.execute(
                uri: "/replicate/v1/predictions/nope", method: .get, headers: MediaRequests.bearer)
            #expect(unknown.status == .notFound)
            let throttled = try await client.execute(
                uri: flux, method: .post, headers: MediaRequests.bearer,
                body: MediaRequests.json(["input": ["prompt": "x [[sim error=429]]"]]))
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] == "1")
            let noInput = try await client.execute(
                uri: flux, method: .post, headers: MediaRequests.bearer, body: MediaRequests.json(["prompt": "x"]))
            #expect(noInput.status.code == 422)
        }
    }

    @Test func cancelStopsARunningPrediction() async throws {
        let (app, simulator) = makeSimulator(quickJobs(60_000))
        try await app.test(.router) { client in
            let id = try #require(
                try jsonObject(
                    try await client.execute(
                        uri: flux, method: .post, headers: MediaRequests.bearer,
                        body: MediaRequests.json(["input": ["prompt": "x"]])
                    ).body
                ).string("id"))
            let canceled = try jsonObject(
                try await client.execute(
                    uri: "/replicate/v1/predictions/\(id)/cancel", method: .post, headers: MediaRequests.bearer
                ).body)
            #expect(canceled.string("status") == "canceled")
            let after = try jsonObject(
                try await client.execute(
                    uri: "/replicate/v1/predictions/\(id)", method: .get, headers: MediaRequests.bearer
                ).body)
            #expect(after.string("status") == "canceled")
        }
        #expect(simulator.stats.jobsFailed == 1)
    }

    @Test func preferWaitHoldsUntilTheJobEnds() async throws {
        let (app, _) = makeSimulator(quickJobs(50))
        try await app.test(.router) { client in
            var headers = MediaRequests.bearer
            headers[.init("prefer")!] = "wait=5"
            let prediction = try jsonObject(
                try await client.execute(
                    uri: flux, method: .post, headers: headers, body: MediaRequests.json(["input": ["prompt": "x"]])
                ).body)
            #expect(prediction.string("status") == "succeeded")
            #expect(prediction.string("output")?.hasSuffix(".webp") == true)
        }
    }

    @Test func pollsInheritTheSubmissionsKnobs() async throws {
        let (app, simulator) = makeSimulator(quickJobs())
        try await app.test(.router) { client in
            let id = try #require(
                try jsonObject(
                    try await client.execute(
                        uri: flux, method: .post, headers: MediaRequests.bearer,
                        body: MediaRequests.json(["input": ["prompt": "x"]])
                    ).body
                ).string("id"))
            var headers = MediaRequests.bearer
            headers[.init("x-sim-error")!] = "503"
            let failedPoll = try await client.execute(
                uri: "/replicate/v1/predictions/\(id)", method: .get, headers: headers)
            #expect(failedPoll.status == .serviceUnavailable)
            // The failed poll did not see the job finish; the next one does.
            #expect(simulator.stats.jobsCompleted == 0)
            let poll = try await client.execute(
                uri: "/replicate/v1/predictions/\(id)", method: .get, headers: MediaRequests.bearer)
            #expect(try jsonObject(poll.body).string("status") == "succeeded")
        }
        #expect(simulator.stats.jobsCompleted == 1)
    }
}
