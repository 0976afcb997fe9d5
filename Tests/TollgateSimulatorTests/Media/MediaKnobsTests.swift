import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("Media knobs and stats")
struct MediaKnobsTests {
    @Test func jobKnobsParseFromDirectivesAndHeaders() {
        let overrides = SimulatorDirective.parse("Draw [[sim job_ms=40 job_fail=nsfw]]")
        #expect(overrides.jobMs == 40)
        #expect(overrides.jobFail == .some(.nsfw))
        #expect(SimulatorDirective.parse("[[sim job_fail=1]]").jobFail == .some(.error))
        #expect(SimulatorDirective.parse("[[sim job_fail=none]]").jobFail == .some(nil))
        #expect(SimulatorDirective.parse("[[sim job_fail=maybe]]").jobFail == nil)

        var headers = HTTPFields()
        headers[.init("x-sim-job-ms")!] = "25"
        headers[.init("x-sim-job-fail")!] = "error"
        let fromHeaders = KnobOverrides(headers: headers)
        #expect(fromHeaders.jobMs == 25 && fromHeaders.jobFail == .some(.error))

        var defaults = SimulatorKnobs()
        #expect(defaults.jobMs == 300 && defaults.jobFail == nil)
        defaults.jobFail = .error
        let cleared = defaults.applying(SimulatorDirective.parse("[[sim job_fail=off job_ms=-5]]"))
        #expect(cleared.jobFail == nil && cleared.jobMs == 0)
    }

    @Test func jobPhasesFollowTheClock() {
        let start = ContinuousClock.now
        let job = SimulatedJob(
            id: "j", provider: "p", created: start, createdAt: Date(), durationMs: 400, failure: nil,
            overrides: KnobOverrides(), details: 0)
        #expect(job.phase(at: start) == .queued)
        #expect(job.phase(at: start + .milliseconds(99)) == .queued)
        #expect(job.phase(at: start + .milliseconds(200)) == .running(progress: 50))
        #expect(job.phase(at: start + .milliseconds(400)) == .completed)
        let failing = SimulatedJob(
            id: "k", provider: "p", created: start, createdAt: Date(), durationMs: 0, failure: .nsfw,
            overrides: KnobOverrides(), details: 0)
        #expect(failing.phase(at: start) == .failed(.nsfw))
    }

    @Test func multipartBodiesSplitIntoParts() throws {
        let form = MediaRequests.form(
            [("model", "whisper-1"), ("prompt", "a\r\nb")],
            files: [("file", "a.bin", "application/octet-stream", [0, 13, 10, 45, 45, 255])], headers: [:])
        let boundary = try #require(MultipartBody.boundary(contentType: form.headers[.contentType]))
        let body = try #require(MultipartBody(bytes: form.body.bytes, boundary: boundary))
        #expect(body.field("model") == "whisper-1")
        #expect(body.field("prompt") == "a\r\nb")
        let file = try #require(body.part("file"))
        #expect(file.filename == "a.bin" && file.contentType == "application/octet-stream")
        #expect(file.bytes == [0, 13, 10, 45, 45, 255])
        #expect(body.textFields == ["whisper-1", "a\r\nb"])
        #expect(MultipartBody.boundary(contentType: "multipart/form-data; boundary=\"q b\"") == "q b")
        #expect(MultipartBody.boundary(contentType: "application/json") == nil)
    }

    @Test func directivesInFileBytesAreIgnored() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            var headers = HTTPFields()
            headers[.authorization] = "Bearer sk-test"
            let form = MediaRequests.form(
                [("model", "whisper-1")],
                files: [("file", "a.wav", "audio/wav", AudioFile.wav(seconds: 1) + Array("[[sim error=500]]".utf8))],
                headers: headers)
            let response = try await client.execute(
                uri: "/openai/v1/audio/transcriptions", method: .post, headers: form.headers, body: form.body)
            #expect(response.status == .ok)
        }
    }

    @Test func latencyAppliesToSubmissionsAndPolls() async throws {
        let (app, _) = makeSimulator(quickJobs())
        try await app.test(.router) { client in
            let start = ContinuousClock.now
            let body = MediaRequests.json(["input": ["prompt": "x [[sim latency_ms=150]]"]])
            let created = try await client.execute(
                uri: "/replicate/v1/models/a/b/predictions", method: .post, headers: MediaRequests.bearer, body: body)
            #expect(ContinuousClock.now - start >= .milliseconds(150))
            let id = try #require(try jsonObject(created.body).string("id"))
            let pollStart = ContinuousClock.now
            _ = try await client.execute(
                uri: "/replicate/v1/predictions/\(id)", method: .get, headers: MediaRequests.bearer)
            #expect(ContinuousClock.now - pollStart >= .milliseconds(150))
        }
    }

    @Test func statsRouteReportsJobCounters() async throws {
        let (app, _) = makeSimulator(quickJobs())
        try await app.test(.router) { client in
            for prompt in ["ok", "bad [[sim job_fail=1]]"] {
                let id = try #require(
                    try jsonObject(
                        try await client.execute(
                            uri: "/luma/dream-machine/v1/generations/image", method: .post,
                            headers: MediaRequests.bearer,
                            body: MediaRequests.json(["prompt": prompt])
                        ).body
                    ).string("id"))
                for _ in 0..<2 {
                    _ = try await client.execute(
                        uri: "/luma/dream-machine/v1/generations/\(id)", method: .get, headers: MediaRequests.bearer)
                }
            }
            let stats = try jsonObject(try await client.execute(uri: "/_simulator/stats", method: .get).body)
            #expect(stats.int("jobsCreated") == 2)
            #expect(stats.int("jobsCompleted") == 1)
            #expect(stats.int("jobsFailed") == 1)
            #expect(stats.int("jobPolls") == 4)
            #expect(stats.int("requests") == 6)
            #expect(stats.int("streamsStarted") == 0)
        }
    }

    @Test func linksUseTheAuthorityTheRequestReached() async throws {
        let (app, _) = makeSimulator(quickJobs())
        try await app.test(.live) { client in
            let body = MediaRequests.json(["model": "dall-e-3", "prompt": "A fox"])
            let response = try await client.execute(
                uri: "/openai/v1/images/generations", method: .post, headers: MediaRequests.bearer, body: body)
            let url = try #require(try jsonObject(response.body).objects("data")?.first?.string("url"))
            // The test client sends the authority `localhost` (real clients add the port).
            #expect(url.hasPrefix("http://localhost/files/openai-img-"))
            let file = try await client.execute(uri: MediaRequests.path(of: url), method: .get)
            #expect(starts(file.body.bytes, with: Magic.png))
        }
    }

    @Test func configuredFileBaseURLWins() async throws {
        var configuration = SimulatorConfiguration()
        configuration.fileBaseURL = "https://sim.example/"
        let (app, _) = Simulator.build(configuration: configuration)
        try await app.test(.router) { client in
            let body = MediaRequests.json(["model": "dall-e-3", "prompt": "A fox"])
            let response = try await client.execute(
                uri: "/openai/v1/images/generations", method: .post, headers: MediaRequests.bearer, body: body)
            let url = try #require(try jsonObject(response.body).objects("data")?.first?.string("url"))
            #expect(url.hasPrefix("https://sim.example/files/openai-img-"))
        }
    }
}
