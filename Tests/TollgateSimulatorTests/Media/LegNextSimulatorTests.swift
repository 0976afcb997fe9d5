import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("MidJourney through LegNext")
struct LegNextSimulatorTests {
    @Test func diffusionTasksGoPendingProcessingCompleted() async throws {
        let clock = JobClock()
        let (app, simulator) = makeSimulator(quickJobs(2000), clock: clock)
        try await app.test(.router) { client in
            let body = MediaRequests.json([
                "text": "A sunset over mountains --v 7 --ar 16:9", "callback": "https://example.com/hook",
            ])
            let created = try await client.execute(
                uri: "/midjourney/api/v1/diffusion", method: .post, headers: MediaRequests.legNext, body: body)
            #expect(created.status == .ok)
            let task = try jsonObject(created.body)
            let id = try #require(task.string("job_id"))
            #expect(id.count == 36)
            #expect(task.string("model") == "midjourney")
            #expect(task.string("task_type") == "diffusion")
            #expect(task.string("status") == "pending")
            #expect(task.object("config")?.object("webhook_config")?.string("endpoint") == "https://example.com/hook")
            #expect(task.object("error")?.int("code") == 0)
            #expect(task.object("meta")?.object("usage")?.int("frozen") ?? 0 > 0)

            clock.advance(milliseconds: 700)
            let running = try jsonObject(
                try await client.execute(
                    uri: "/midjourney/api/v1/job/\(id)", method: .get, headers: MediaRequests.legNext
                ).body)
            #expect(running.string("status") == "processing")
            clock.advance(milliseconds: 1500)
            let done = try jsonObject(
                try await client.execute(
                    uri: "/midjourney/api/v1/job/\(id)", method: .get, headers: MediaRequests.legNext
                ).body)
            #expect(done.string("status") == "completed")
            let output = try #require(done.object("output"))
            let grid = try #require(output.string("image_url"))
            #expect(grid.hasSuffix("-grid-2912x1632.png"))
            let images = try #require(output["image_urls"] as? [String])
            #expect(images.count == 4)
            #expect(images.allSatisfy { $0.hasSuffix("-1456x816.png") })
            #expect(output.string("seed")?.isEmpty == false)
            let file = try await client.execute(uri: MediaRequests.path(of: images[0]), method: .get)
            #expect(starts(file.body.bytes, with: Magic.png))
        }
        #expect(simulator.stats.jobsCompleted == 1)
    }

    @Test func videoDiffusionAnswersVideoURLs() async throws {
        let (app, _) = makeSimulator(quickJobs())
        try await app.test(.router) { client in
            let body = MediaRequests.json(["prompt": "https://example.com/a.png A wave --bs 2", "videoType": 1])
            let id = try #require(
                try jsonObject(
                    try await client.execute(
                        uri: "/midjourney/api/v1/video-diffusion", method: .post, headers: MediaRequests.legNext,
                        body: body
                    ).body
                ).string("job_id"))
            let done = try jsonObject(
                try await client.execute(
                    uri: "/midjourney/api/v1/job/\(id)", method: .get, headers: MediaRequests.legNext
                ).body)
            #expect(done.string("task_type") == "video_diffusion")
            let videos = try #require(done.object("output")?["video_urls"] as? [String])
            #expect(videos.count == 2)
            #expect(videos.allSatisfy { $0.hasSuffix("-720x720-5s.mp4") })
            let file = try await client.execute(uri: MediaRequests.path(of: videos[1]), method: .get)
            #expect(Magic.isMP4(file.body.bytes))
        }
    }

    @Test func failedTasksCarryAnError() async throws {
        let (app, _) = makeSimulator(quickJobs())
        try await app.test(.router) { client in
            let body = MediaRequests.json(["text": "x [[sim job_fail=nsfw]]"])
            let id = try #require(
                try jsonObject(
                    try await client.execute(
                        uri: "/midjourney/api/v1/diffusion", method: .post, headers: MediaRequests.legNext, body: body
                    ).body
                ).string("job_id"))
            let failed = try jsonObject(
                try await client.execute(
                    uri: "/midjourney/api/v1/job/\(id)", method: .get, headers: MediaRequests.legNext
                ).body)
            #expect(failed.string("status") == "failed")
            #expect(failed.isNull("output"))
            #expect(failed.object("error")?.string("message")?.contains("moderator") == true)
        }
    }

    @Test func refusalsAreFailedTaskObjects() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let noKey = try await client.execute(
                uri: "/midjourney/api/v1/diffusion", method: .post, headers: [.contentType: "application/json"],
                body: MediaRequests.json(["text": "x"]))
            #expect(noKey.status == .unauthorized)
            let refusal = try jsonObject(noKey.body)
            #expect(refusal.string("status") == "failed")
            #expect(refusal.object("error")?.int("code") == 401)
            let bearerOnly = try await client.execute(
                uri: "/midjourney/api/v1/diffusion", method: .post, headers: MediaRequests.bearer,
                body: MediaRequests.json(["text": "x"]))
            #expect(bearerOnly.status == .unauthorized)
            let empty = try await client.execute(
                uri: "/midjourney/api/v1/diffusion", method: .post, headers: MediaRequests.legNext,
                body: MediaRequests.json(["text": ""]))
            #expect(empty.status == .badRequest)
            let unknown = try await client.execute(
                uri: "/midjourney/api/v1/job/nope", method: .get, headers: MediaRequests.legNext)
            #expect(unknown.status == .notFound)
        }
    }
}
