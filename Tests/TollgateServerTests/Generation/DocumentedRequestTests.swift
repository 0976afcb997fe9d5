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

    /// `format`: never a different file than asked. Every image model makes webp, png and jpeg: where its upstream
    /// makes fewer (dall-e-3 PNG, Luma JPEG or PNG, MidJourney PNG, Recraft WebP), the result is converted with ffmpeg
    /// at the upstream's size.
    @Test func anImageIsAlwaysTheFormatAsked() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        for (slug, asked, params) in [
            ("dall-e-3", "webp", #""size": "1792x1024""#), ("dall-e-3", "jpeg", #""size": "1024x1024""#),
            ("photon-flash", "webp", #""aspect_ratio": "16:9""#), ("midjourney", "jpeg", #""aspect_ratio": "1:1""#),
            ("recraft-v3", "png", #""size": "1024x1024""#), ("nano-banana-pro", "webp", #""aspect_ratio": "1:1""#),
        ] {
            let body = #"{"model": "\#(slug)", "prompt": "a fox", "params": {"format": "\#(asked)", \#(params)}}"#
            let reply = try await fixture.post("/api/v2/generate", body)
            let id = try #require(reply.json["id"]?.intValue, "\(slug): \(reply.body)")
            let done = try await MediaGenerationTests.waitFinished(fixture, id, seconds: 60)
            #expect(done["status"] == "completed", "\(slug) \(asked): \(done)")
            let (type, bytes) = try await Self.file(try #require(done["result_url"]?.stringValue, "\(done)"))
            #expect(type == "image/\(asked)", "\(slug) \(asked)")
            #expect(
                Self.format(of: bytes) == asked,
                "\(slug) \(asked): the bytes are \(Self.format(of: bytes) ?? "unknown")")
            let facts = try #require(MediaProbe.facts(of: bytes, contentType: type), "\(slug) \(asked)")
            #expect(
                done["result_metadata"] == [
                    "width": .int(Int64(facts.width ?? 0)), "height": .int(Int64(facts.height ?? 0)),
                ],
                "\(slug) \(asked): \(done)")
            if slug == "dall-e-3", asked == "webp" { #expect(facts.width == 1792 && facts.height == 1024) }
        }
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// Without ffmpeg nothing is converted: a model takes only its upstream's formats, `/models` says so, and a 422
    /// names them.
    @Test func withoutFFmpegAModelTakesItsUpstreamsFormats() async throws {
        let fixture = try await GatewayFixture.start(.sqlite) { $0.ffmpeg = "off" }
        for (slug, asked, made) in [
            ("dall-e-3", "webp", "png"), ("photon-flash", "webp", "jpeg, png"), ("midjourney", "jpeg", "png"),
        ] {
            let refused = try await fixture.post(
                "/api/v2/generate", #"{"model": "\#(slug)", "prompt": "a fox", "params": {"format": "\#(asked)"}}"#)
            #expect(
                refused.status == 422 && refused.body.contains("must be one of \(made)"), "\(slug): \(refused.body)")
        }
        let model = try await fixture.get("/api/v2/models/dall-e-3")
        #expect(model.json["config"]?["formats"] == ["png"], "\(model.body)")
        #expect(model.json["config"]?["defaults"]?["format"] == "png", "\(model.body)")
        // The saved `image_format` (webp, the default) is one dall-e-3 does not make here: passed over.
        let made = try await fixture.post("/api/v2/generate", #"{"model": "dall-e-3", "prompt": "a fox"}"#)
        let (type, _) = try await Self.file(try #require(made.json["result_url"]?.stringValue, "\(made.body)"))
        #expect(type == "image/png")
        await fixture.stop()
    }

    /// An ffmpeg that cannot convert fails the generation, unbilled: never a file of another format.
    @Test func aFailedConversionFailsTheGenerationUnbilled() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ffmpeg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let broken = directory.appendingPathComponent("ffmpeg").path
        try "#!/bin/sh\nexit 1\n".write(toFile: broken, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: broken)
        let fixture = try await GatewayFixture.start(.sqlite) { $0.ffmpeg = broken }
        let before = try await fixture.balance()
        let failed = try await fixture.post(
            "/api/v2/generate", #"{"model": "dall-e-3", "prompt": "a fox", "params": {"format": "webp"}}"#)
        #expect(failed.status == 503 && failed.json["error"] == "model_unavailable", "\(failed.body)")
        #expect(failed.json["message"] == "The image could not be converted to webp on this server right now.")
        let history = try await fixture.get("/api/v2/user/history")
        let record = try #require(history.json["items"]?.arrayValue?.first, "\(history.body)")
        #expect(record["status"] == "failed" && record["result_url"] == .null, "\(record)")
        #expect(try await fixture.balance() == before)
        // What the upstream makes itself still completes and is billed.
        let png = try await fixture.post(
            "/api/v2/generate", #"{"model": "dall-e-3", "prompt": "a fox", "params": {"format": "png"}}"#)
        #expect(png.json["status"] == "completed", "\(png.body)")
        #expect(try await fixture.balance() < before)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A kept file's content type and bytes.
    static func file(_ url: String) async throws -> (type: String?, bytes: [UInt8]) {
        let response = try await TestHTTP.client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        return (
            response.headers.first(name: "content-type"), Array(buffer: try await response.body.collect(upTo: 64 << 20))
        )
    }

    /// The image format the bytes' signature names.
    static func format(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpeg" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return "webp"
        }
        return nil
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

    /// The `image_format` setting (webp unless changed) is the format of an image request that names none.
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
        #expect(try await madeType(photon) == "image/webp")  // the saved default, converted from Luma's JPEG
        let saved = try await TestHTTP.request(
            .PATCH, fixture.gateway.url + "/api/v2/user/settings", key: fixture.key, json: #"{"image_format": "png"}"#)
        #expect(saved.status == 200, "\(saved.body)")
        #expect(try await madeType(photon) == "image/png")
        // A format given wins.
        #expect(
            try await madeType(#"{"model": "photon-flash", "prompt": "a fox", "params": {"format": "jpeg"}}"#)
                == "image/jpeg")
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
