import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("Luma Dream Machine")
struct LumaSimulatorTests {
    let base = "/luma/dream-machine/v1/generations"

    @Test func videoGenerationsDreamThenComplete() async throws {
        let clock = JobClock()
        let (app, simulator) = makeSimulator(quickJobs(2000), clock: clock)
        try await app.test(.router) { client in
            let body = MediaRequests.json([
                "prompt": "A teddy bear", "model": "ray-flash-2", "resolution": "540p", "duration": "9s",
                "aspect_ratio": "16:9",
            ])
            let created = try await client.execute(
                uri: base + "/video", method: .post, headers: MediaRequests.bearer, body: body)
            #expect(created.status == .created)
            let generation = try jsonObject(created.body)
            let id = try #require(generation.string("id"))
            #expect(id.count == 36)
            #expect(generation.string("state") == "queued")
            #expect(generation.string("generation_type") == "video")
            #expect(generation.string("model") == "ray-flash-2")
            #expect(generation.isNull("assets") && generation.isNull("failure_reason"))
            #expect(generation.object("request")?.string("prompt") == "A teddy bear")

            clock.advance(milliseconds: 700)
            let dreaming = try jsonObject(
                try await client.execute(uri: "\(base)/\(id)", method: .get, headers: MediaRequests.bearer).body)
            #expect(dreaming.string("state") == "dreaming")
            clock.advance(milliseconds: 1500)
            let done = try jsonObject(
                try await client.execute(uri: "\(base)/\(id)", method: .get, headers: MediaRequests.bearer).body)
            #expect(done.string("state") == "completed")
            let video = try #require(done.object("assets")?.string("video"))
            #expect(video.hasSuffix("-960x540-9s.mp4"))
            let file = try await client.execute(uri: MediaRequests.path(of: video), method: .get)
            #expect(file.headers[.contentType] == "video/mp4")
            #expect(Magic.isMP4(file.body.bytes))
            #expect(done.object("assets")?.string("image")?.hasSuffix(".jpg") == true)
        }
        #expect(simulator.stats.jobsCompleted == 1)
    }

    @Test func imageGenerationsLinkAnImage() async throws {
        let (app, _) = makeSimulator(quickJobs())
        try await app.test(.router) { client in
            let body = MediaRequests.json(["prompt": "A teddy bear", "model": "photon-flash-1", "aspect_ratio": "1:1"])
            let id = try #require(
                try jsonObject(
                    try await client.execute(
                        uri: base + "/image", method: .post, headers: MediaRequests.bearer, body: body
                    ).body
                ).string("id"))
            let done = try jsonObject(
                try await client.execute(uri: "\(base)/\(id)", method: .get, headers: MediaRequests.bearer).body)
            #expect(done.string("generation_type") == "image")
            let image = try #require(done.object("assets")?.string("image"))
            #expect(image.hasSuffix("-1536x1536.jpg"))
            let file = try await client.execute(uri: MediaRequests.path(of: image), method: .get)
            #expect(starts(file.body.bytes, with: Magic.jpeg))
        }
    }

    @Test func failedGenerationsGiveAReason() async throws {
        let (app, _) = makeSimulator(quickJobs())
        try await app.test(.router) { client in
            let body = MediaRequests.json(["prompt": "x [[sim job_fail=nsfw]]"])
            let id = try #require(
                try jsonObject(
                    try await client.execute(uri: base, method: .post, headers: MediaRequests.bearer, body: body).body
                ).string("id"))
            let failed = try jsonObject(
                try await client.execute(uri: "\(base)/\(id)", method: .get, headers: MediaRequests.bearer).body)
            #expect(failed.string("state") == "failed")
            #expect(failed.string("failure_reason")?.contains("moderation") == true)
            #expect(failed.isNull("assets"))
        }
    }

    @Test func refusals() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let noKey = try await client.execute(
                uri: base + "/image", method: .post, headers: [.contentType: "application/json"],
                body: MediaRequests.json(["prompt": "x"]))
            #expect(noKey.status == .unauthorized)
            #expect(try jsonObject(noKey.body).string("detail") != nil)
            let badModel = try await client.execute(
                uri: base + "/image", method: .post, headers: MediaRequests.bearer,
                body: MediaRequests.json(["prompt": "x", "model": "ray-2"]))
            #expect(badModel.status == .badRequest)
            let noPrompt = try await client.execute(
                uri: base + "/image", method: .post, headers: MediaRequests.bearer,
                body: MediaRequests.json(["model": "photon-1"]))
            #expect(noPrompt.status == .badRequest)
            let unknown = try await client.execute(
                uri: base + "/00000000-0000-0000-0000-000000000000", method: .get, headers: MediaRequests.bearer)
            #expect(unknown.status == .notFound)
        }
    }
}
