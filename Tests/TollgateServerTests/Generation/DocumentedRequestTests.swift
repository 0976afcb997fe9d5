import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Requests exactly as the Elumenta docs show them (issue 23), against the simulator: each completes, or is a
/// 422 that names what the model can do instead.
@Suite struct DocumentedRequestTests {
    /// The video guide's request on every video model.
    @Test func theVideoGuidesRequestOnEveryVideoModel() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        let params = #""params": {"duration": 5, "aspect_ratio": "16:9"}"#
        // What each model can do instead, where it cannot make a 5-second clip.
        let refusals: [String: (field: String, names: String)] = [
            "sora-2": ("params.duration", "4, 8, 12"), "veo-3.1": ("params.duration", "8, 4, 6"),
            "minimax-video": ("params.duration", "6"),
        ]
        let videos = fixture.app.services.catalog.models.filter { $0.category == .video }.map(\.slug)
        #expect(videos.count == 7)
        for slug in videos {
            let reply = try await fixture.post(
                "/api/v2/generate", #"{"model": "\#(slug)", "prompt": "a fox in the snow", \#(params)}"#)
            if let (field, names) = refusals[slug] {
                #expect(reply.status == 422, "\(slug): \(reply.body)")
                let reason = reply.json["details"]?["fields"]?[field]?.stringValue ?? ""
                #expect(reason.contains(names), "\(slug): \(reply.body)")
            } else {
                #expect(reply.status == 200 && reply.json["status"] == "pending", "\(slug): \(reply.body)")
                let id = try #require(reply.json["id"]?.intValue)
                let done = try await MediaGenerationTests.waitFinished(fixture, id)
                #expect(done["status"] == "completed", "\(slug): \(done)")
                if slug.hasPrefix("luma") {
                    // Luma's poster frame is the thumbnail.
                    let thumbnail = done["thumbnail_url"]?.stringValue ?? ""
                    #expect(thumbnail.hasPrefix("http") && thumbnail.hasSuffix(".jpg"), "\(slug): \(done)")
                    #expect(try await TestHTTP.request(.GET, thumbnail).status == 200)
                }
            }
        }
        // Where the docs' 16:9 is the model's only frame, it is accepted, and the clip's length is named.
        let minimax = try await fixture.post(
            "/api/v2/generate",
            #"{"model": "minimax-video", "prompt": "a fox", "params": {"duration": 6, "aspect_ratio": "16:9"}}"#)
        let id = try #require(minimax.json["id"]?.intValue)
        let done = try await MediaGenerationTests.waitFinished(fixture, id)
        #expect(done["status"] == "completed", "\(done)")
        #expect(
            done["result_metadata"] == ["duration": 6, "width": 1280, "height": 720],
            "\(done["result_metadata"] ?? .null)")
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// Every media model's minimal request (the prompt and the inputs it requires) completes against the simulator,
    /// and its `result_metadata` says what the kept file's headers say: size for pictures, length and size for
    /// videos, length for audio.
    @Test func everyMediaModelsMinimalRequestCompletesWithItsMetadata() async throws {
        let fixture = try await GatewayFixture.start(.sqlite) { $0.allowPrivateInputs = true }
        let files = fixture.simulator.url + "/files/"
        let inputs: [String: JSONValue] = [
            "image_url": .string(files + "input-512x512.png"), "swap_image_url": .string(files + "face-256x256.png"),
            "style_image_url": .string(files + "style-256x256.png"), "mask_url": .string(files + "mask-512x512.png"),
            "audio_url": .string(files + "voice-3s.mp3"), "source_url": .string(files + "talk-4s.mp3"),
            "text": "Hello there", "target_language": "es",
            "inputs": [["text": "Hi", "voice_id": "adam"], ["text": "Hello", "voice_id": "rachel"]],
        ]
        let models = fixture.app.services.catalog.models.filter { ![.text, .stt].contains($0.category) }
        #expect(models.count == 37)
        // Four at a time: all 37 at once, polling, crowded out the rest of the suite on two cores.
        let problems = try await withThrowingTaskGroup(of: String?.self) { group in
            var problems: [String] = []
            for (index, model) in models.enumerated() {
                if index >= 4, case let problem?? = try await group.next() { problems.append(problem) }
                let params = JSONValue.object(
                    Dictionary(
                        uniqueKeysWithValues: model.params.filter(\.required).map {
                            ($0.name, inputs[$0.name] ?? .null)
                        }))
                let body = JSONValue.object([
                    "model": .string(model.slug), "prompt": "a fox in the snow", "params": params,
                ])
                group.addTask {
                    let reply = try await fixture.post(
                        "/api/v2/generate", String(decoding: try JSONEncoder().encode(body), as: UTF8.self))
                    guard reply.status == 200, let id = reply.json["id"]?.intValue else {
                        return "\(model.slug): \(reply.status) \(reply.body)"
                    }
                    let done =
                        reply.json["status"] == "pending"
                        ? try await MediaGenerationTests.waitFinished(fixture, id, seconds: 60) : reply.json
                    guard done["status"] == "completed" else { return "\(model.slug): \(done)" }
                    let metadata = done["result_metadata"]?.objectValue ?? [:]
                    let keys: Set<String> =
                        switch model.category {
                        case .image, .imageTool: model.slug == "text-ocr" ? [] : ["width", "height"]
                        case .video: ["duration", "width", "height"]
                        default: ["duration"]
                        }
                    let positive = metadata.values.allSatisfy { ($0.doubleValue ?? 0) > 0 }
                    return Set(metadata.keys) == keys && positive ? nil : "\(model.slug): metadata \(metadata)"
                }
            }
            return try await group.reduce(into: problems) { if let problem = $1 { $0.append(problem) } }
        }
        #expect(problems.isEmpty, "\(problems.sorted().joined(separator: "\n"))")
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// A video without a provider's thumbnail shows the start frame it was made from.
    @Test func aVideoFromAStartFrameHasItAsItsThumbnail() async throws {
        let fixture = try await GatewayFixture.start(.sqlite) { $0.allowPrivateInputs = true }
        let frame = fixture.simulator.url + "/files/start-640x360.png"
        for slug in ["kling-v2.1", "minimax-video", "veo-3.1", "midjourney-video"] {
            let reply = try await fixture.post(
                "/api/v2/generate", #"{"model": "\#(slug)", "prompt": "a fox", "params": {"image_url": "\#(frame)"}}"#)
            let id = try #require(reply.json["id"]?.intValue, "\(slug): \(reply.body)")
            let done = try await MediaGenerationTests.waitFinished(fixture, id, seconds: 120)
            #expect(done["status"] == "completed", "\(slug): \(done)")
            let thumbnail = try #require(done["thumbnail_url"]?.stringValue, "\(slug): \(done)")
            let file = try await TestHTTP.request(.GET, thumbnail)
            #expect(file.status == 200 && file.headers.first(name: "content-type") == "image/png", "\(slug)")
        }
        await fixture.stop()
    }

    /// A video made from text alone, whose provider gives no thumbnail, shows its own first frame (cut by
    /// ffmpeg from the kept file; the simulator's videos carry a real frame), at most 1280 wide.
    @Test func aVideoFromTextHasItsFirstFrameAsItsThumbnail() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        for slug in ["kling-v2.1", "minimax-video", "veo-3.1", "midjourney-video"] {
            let reply = try await fixture.post("/api/v2/generate", #"{"model": "\#(slug)", "prompt": "a fox"}"#)
            let id = try #require(reply.json["id"]?.intValue, "\(slug): \(reply.body)")
            let done = try await MediaGenerationTests.waitFinished(fixture, id, seconds: 120)
            #expect(done["status"] == "completed", "\(slug): \(done)")
            let thumbnail = try #require(done["thumbnail_url"]?.stringValue, "\(slug): \(done)")
            let response = try await TestHTTP.client.execute(HTTPClientRequest(url: thumbnail), timeout: .seconds(30))
            #expect(response.status == .ok && response.headers.first(name: "content-type") == "image/jpeg")
            let frame = Array(buffer: try await response.body.collect(upTo: 16 << 20))
            let width = Int(done["result_metadata"]?["width"]?.intValue ?? 0)
            let height = Int(done["result_metadata"]?["height"]?.intValue ?? 0)
            let expected =
                width <= 1280
                ? MediaFacts(width: width, height: height)
                : MediaFacts(width: 1280, height: Int((Double(height * 1280) / Double(width) / 2).rounded()) * 2)
            #expect(MediaProbe.facts(of: frame, contentType: "image/jpeg") == expected, "\(slug): \(done)")
        }
        await fixture.stop()
    }

    /// Kling v2.1 without a start frame runs the family's text-to-video model (Kling v2.1 Master, 1080p; the
    /// simulated Replicate refuses kling-v2.1 itself without `start_image`, as Replicate does), at its mode's price.
    @Test func klingFromTextRunsItsTextToVideoModelAtItsModesPrice() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        let quote = try await fixture.post("/api/v2/models/kling-v2.1/calculate-price", #"{"params": {"duration": 5}}"#)
        #expect(quote.json["token_cost"] == 26, "\(quote.body)")
        let cases: [(body: String, tokens: Int, width: Int, height: Int)] = [
            (#"{"model": "kling-v2.1", "prompt": "a fox", "params": {"duration": 5}}"#, 26, 1920, 1080),
            (#"{"model": "kling-v2.1-pro", "prompt": "a fox", "params": {"aspect_ratio": "9:16"}}"#, 47, 1080, 1920),
        ]
        for (body, tokens, width, height) in cases {
            let before = try await fixture.balance()
            let reply = try await fixture.post("/api/v2/generate", body)
            let id = try #require(reply.json["id"]?.intValue, "\(reply.body)")
            let done = try await MediaGenerationTests.waitFinished(fixture, id, seconds: 60)
            #expect(done["status"] == "completed", "\(done)")
            #expect(done["tokens_spent"]?.intValue == Int64(tokens), "\(done)")
            let metadata = done["result_metadata"]
            #expect(metadata?["width"]?.intValue == Int64(width) && metadata?["height"]?.intValue == Int64(height))
            #expect(try await fixture.balance() == before - Int64(tokens))
        }
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// The music page's fields: `output_url` and `duration_seconds` beside the canonical ones.
    @Test func musicAnswersWithTheDocumentedFields() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        let reply = try await fixture.post(
            "/api/v2/generate", #"{"model": "musicgen", "prompt": "calm piano", "params": {"duration": 30}}"#)
        let id = try #require(reply.json["id"]?.intValue)
        let done = try await MediaGenerationTests.waitFinished(fixture, id)
        #expect(done["status"] == "completed", "\(done)")
        #expect(done["output_url"] != nil && done["output_url"] == done["result_url"])
        #expect(done["output_url"]?.stringValue?.hasPrefix("http") == true)
        #expect(done["duration_seconds"] == 30, "\(done)")
        await fixture.stop()
    }

    /// The docs' speech `speed` (0.5–2.0) on gpt-4o-mini-tts, which refused it; the result file answers HEAD.
    @Test func speechSpeedAndTheFilesHeaders() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        let reply = try await fixture.post(
            "/api/v2/generate", #"{"model": "gpt-4o-mini-tts", "prompt": "hello", "params": {"speed": 1.5}}"#)
        #expect(reply.status == 200 && reply.json["status"] == "completed", "\(reply.body)")
        let tooFast = try await fixture.post(
            "/api/v2/generate", #"{"model": "gpt-4o-mini-tts", "prompt": "hello", "params": {"speed": 2.5}}"#)
        #expect(tooFast.status == 422 && tooFast.body.contains("0.5"), "\(tooFast.body)")

        let url = try #require(reply.json["result_url"]?.stringValue)
        let file = try await TestHTTP.request(.GET, url)
        let head = try await TestHTTP.request(.HEAD, url)
        #expect(head.status == 200 && head.body.isEmpty, "\(head.status)")
        #expect(head.headers.first(name: "content-type") == file.headers.first(name: "content-type"))
        #expect(head.headers.first(name: "content-length") == file.headers.first(name: "content-length"))
        #expect(Int(head.headers.first(name: "content-length") ?? "") ?? 0 > 0)
        await fixture.stop()
    }

    /// The status page's `progress` and `eta_seconds` on a pending job (estimates; gone once it is done).
    @Test func aPendingJobsStatusCarriesProgressAndEta() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        let reply = try await fixture.post(
            "/api/v2/generate", #"{"model": "flux-1.1-pro", "prompt": "a fox [[sim job_ms=3000]]"}"#)
        let id = try #require(reply.json["id"]?.intValue)
        let status = try await fixture.get("/api/v2/generate/status/\(id)")
        #expect(status.json["status"] == "pending", "\(status.body)")
        let progress = try #require(status.json["progress"]?.intValue)
        let eta = try #require(status.json["eta_seconds"]?.intValue)
        #expect((0...99).contains(progress) && eta >= 1)
        let done = try await MediaGenerationTests.waitFinished(fixture, id)
        #expect(done["status"] == "completed" && done["progress"] == nil && done["eta_seconds"] == nil)
        await fixture.stop()
    }

    /// `format`: never a different file than asked. A model that cannot make the asked format says which it makes
    /// (dall-e-3 returned PNG for the docs' default webp); without one, the model's own format is named and kept.
    @Test func anImageIsTheFormatAskedOrA422() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        for (slug, asked, made) in [
            ("dall-e-3", "webp", "png"), ("photon-flash", "webp", "jpeg, png"), ("midjourney", "jpeg", "png"),
        ] {
            let refused = try await fixture.post(
                "/api/v2/generate", #"{"model": "\#(slug)", "prompt": "a fox", "params": {"format": "\#(asked)"}}"#)
            #expect(
                refused.status == 422 && refused.body.contains("must be one of \(made)"), "\(slug): \(refused.body)")
        }
        let made = try await fixture.post("/api/v2/generate", #"{"model": "dall-e-3", "prompt": "a fox"}"#)
        let url = try #require(made.json["result_url"]?.stringValue)
        #expect(try await TestHTTP.request(.GET, url).headers.first(name: "content-type") == "image/png")
        await fixture.stop()
    }

    @Test func estimatesGrowAndNeverFinishEarly() {
        #expect(PendingEstimate(category: "video", elapsedMs: 0) == PendingEstimate(progress: 0, etaSeconds: 120))
        #expect(PendingEstimate(category: "video", elapsedMs: 60_000) == PendingEstimate(progress: 50, etaSeconds: 60))
        #expect(PendingEstimate(category: "image", elapsedMs: 600_000) == PendingEstimate(progress: 99, etaSeconds: 5))
        #expect(PendingEstimate(category: "text", elapsedMs: -5) == PendingEstimate(progress: 0, etaSeconds: 15))
    }
}

/// The docs' names for what a model takes under another name, and the params its upstream lacks.
@Suite struct DocumentedParamNameTests {
    @Test func paramsUnderTheDocsNamesAndWhatUpstreamsLack() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        // No upstream seed or negative prompt: the 422 says so.
        for (slug, param, words) in [
            ("dall-e-3", #""seed": 7"#, "OpenAI's image API takes no seed"),
            ("recraft-v3", #""seed": 7"#, "Recraft V3 takes no seed"),
            ("photon", #""seed": 7"#, "Luma's image API takes no seed"),
            ("sora-2", #""negative_prompt": "rain""#, "OpenAI's video API takes no negative prompt"),
            ("minimax-video", #""negative_prompt": "rain""#, "MiniMax Video-01 takes no negative prompt"),
        ] {
            let reply = try await fixture.post(
                "/api/v2/generate", #"{"model": "\#(slug)", "prompt": "a fox", "params": {\#(param)}}"#)
            #expect(reply.status == 422 && reply.body.contains(words), "\(slug): \(reply.body)")
        }
        // MidJourney's sizes are aspect ratios; pixel sizes map to the nearest documented ratio where one fits.
        for (slug, size, ratio) in [
            ("midjourney", "16:9", "16:9"), ("midjourney", "1024x1792", "9:16"), ("photon", "1024x1024", "1:1"),
            ("nano-banana-pro", "1536x1024", "3:2"), ("flux-kontext-pro", "1024x1024", "1:1"),
        ] {
            let reply = try await fixture.post(
                "/api/v2/generate", #"{"model": "\#(slug)", "prompt": "a fox", "params": {"size": "\#(size)"}}"#)
            #expect(reply.status == 200, "\(slug) \(size): \(reply.body)")
            let id = try #require(reply.json["id"]?.intValue)
            let stored = try #require(try await fixture.generation(id)?.request)
            #expect(stored.contains(#""aspect_ratio":"\#(ratio)""#), "\(slug) \(size): \(stored)")
            #expect(!stored.contains(#""size""#), "\(slug) \(size): \(stored)")
        }
        let odd = try await fixture.post(
            "/api/v2/generate", #"{"model": "midjourney", "prompt": "a fox", "params": {"size": "7:3"}}"#)
        #expect(odd.status == 422 && odd.body.contains("stands for aspect_ratio"), "\(odd.body)")
        let both = try await fixture.post(
            "/api/v2/generate",
            #"{"model": "midjourney", "prompt": "a fox", "params": {"size": "16:9", "aspect_ratio": "1:1"}}"#)
        #expect(both.status == 422 && both.body.contains("contradicts"), "\(both.body)")

        // gpt-image's quality under the docs' standard/hd names, priced as medium/high.
        let hd = try await fixture.post(
            "/api/v2/models/gpt-image-1.5/calculate-price", #"{"params": {"quality": "hd"}}"#)
        let high = try await fixture.post(
            "/api/v2/models/gpt-image-1.5/calculate-price", #"{"params": {"quality": "high"}}"#)
        #expect(hd.status == 200 && hd.json["token_cost"] == high.json["token_cost"], "\(hd.body)")
        let standard = try await fixture.post(
            "/api/v2/generate", #"{"model": "gpt-image-1.5", "prompt": "a fox", "params": {"quality": "standard"}}"#)
        #expect(standard.status == 200 && standard.json["status"] == "completed", "\(standard.body)")
        await fixture.stop()
    }

    /// The `image_format` setting is the format of an image request that names none, where the model makes it.
    @Test func theSavedImageFormatIsUsedWhereTheModelMakesIt() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        func madeType(_ body: String) async throws -> String? {
            let reply = try await fixture.post("/api/v2/generate", body)
            let id = try #require(reply.json["id"]?.intValue, "\(reply.body)")
            let done = try await MediaGenerationTests.waitFinished(fixture, id)
            let url = try #require(done["result_url"]?.stringValue, "\(done)")
            return try await TestHTTP.request(.GET, url).headers.first(name: "content-type")
        }
        let photon = #"{"model": "photon-flash", "prompt": "a fox"}"#
        #expect(try await madeType(photon) == "image/jpeg")  // Photon's own default
        let saved = try await TestHTTP.request(
            .PATCH, fixture.gateway.url + "/api/v2/user/settings", key: fixture.key, json: #"{"image_format": "png"}"#)
        #expect(saved.status == 200, "\(saved.body)")
        #expect(try await madeType(photon) == "image/png")
        // A format given wins; a saved one the model does not make is passed over.
        #expect(
            try await madeType(#"{"model": "photon-flash", "prompt": "a fox", "params": {"format": "jpeg"}}"#)
                == "image/jpeg")
        _ = try await TestHTTP.request(
            .PATCH, fixture.gateway.url + "/api/v2/user/settings", key: fixture.key, json: #"{"image_format": "webp"}"#)
        #expect(try await madeType(photon) == "image/jpeg")
        await fixture.stop()
    }

    /// A model that takes a seed gets one when none is given, and the answer names the seed used.
    @Test func aSeedIsPickedAndEchoed() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        var seeds: [Int64] = []
        for params in [#"{}"#, #"{"seed": 42}"#] {
            let reply = try await fixture.post(
                "/api/v2/generate", #"{"model": "flux-1.1-pro", "prompt": "a fox", "params": \#(params)}"#)
            let id = try #require(reply.json["id"]?.intValue)
            let done = try await MediaGenerationTests.waitFinished(fixture, id)
            #expect(done["status"] == "completed", "\(done)")
            seeds.append(try #require(done["seed"]?.intValue, "\(done)"))
        }
        #expect(seeds[1] == 42 && (0...4_294_967_295).contains(seeds[0]))
        await fixture.stop()
    }
}
