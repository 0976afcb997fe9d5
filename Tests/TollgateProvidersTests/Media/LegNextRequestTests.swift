import Testing
import TollgateCore

@testable import TollgateProviders

/// Submission requests for MidJourney through LegNext: the catalog params become `--` parameters.
@Suite("LegNext submissions")
struct LegNextRequestTests {
    static let image = "https://example.com/in/cat.png"

    @Test("midjourney with defaults: aspect ratio, fast, default stylize and chaos")
    func imagineDefaults() throws {
        let request = try CatalogMediaRequest.make("midjourney", prompt: "a beautiful sunset over the snow mountains")
        let upstream = try LegNextMediaMapping.submitRequest(request)
        #expect(upstream.method == "POST")
        #expect(upstream.path == "/api/v1/diffusion")
        #expect(
            try upstream.json() == [
                "text": "a beautiful sunset over the snow mountains --ar 1:1 --fast --stylize 100 --chaos 0"
            ])
    }

    @Test("midjourney with everything: image prompt first, turbo, --q 2 for hd, --no, seed")
    func imagineEverything() throws {
        let request = try CatalogMediaRequest.make(
            "midjourney", prompt: "a knight in the style of the image",
            params: [
                "speed": "turbo", "quality": "hd", "aspect_ratio": "16:9", "negative_prompt": "text, watermark",
                "seed": 1234,
                "stylize": 250, "chaos": 10, "image_url": .string(Self.image),
            ],
            inputs: ["image_url": .url(Self.image)])
        #expect(
            try LegNextMediaMapping.submitRequest(request).json() == [
                "text": .string(
                    "\(Self.image) a knight in the style of the image --ar 16:9 --turbo --q 2 --no text, watermark --seed 1234 --stylize 250 --chaos 10"
                )
            ])
    }

    @Test("relax speed is --relax")
    func relax() throws {
        let request = try CatalogMediaRequest.make(
            "midjourney", prompt: "a fox", params: ["speed": "relax", "aspect_ratio": "2:3"])
        #expect(
            try LegNextMediaMapping.submitRequest(request).json()["text"]
                == "a fox --ar 2:3 --relax --stylize 100 --chaos 0")
    }

    @Test(
        "parameters typed into the prompt are defused, so the priced speed and quality hold",
        arguments: [
            ("a fox --turbo --q 4", "a fox -turbo -q 4"),
            ("a fox —turbo", "a fox -turbo"),
            ("a fox\n--relax", "a fox -relax"),
            ("a well-lit room", "a well-lit room"),
        ])
    func defused(prompt: String, cleaned: String) throws {
        let request = try CatalogMediaRequest.make("midjourney", prompt: prompt)
        #expect(
            try LegNextMediaMapping.submitRequest(request).json()["text"]
                == .string("\(cleaned) --ar 1:1 --fast --stylize 100 --chaos 0"))
    }

    @Test("a negative prompt cannot smuggle parameters either")
    func defusedNegative() throws {
        let request = try CatalogMediaRequest.make(
            "midjourney", prompt: "a fox", params: ["negative_prompt": "dogs --turbo"])
        let text = try #require(try LegNextMediaMapping.submitRequest(request).json()["text"]?.stringValue)
        #expect(text.contains("--no dogs -turbo"))
        #expect(!text.contains("--turbo"))
    }

    @Test("midjourney-video: image URL and text in the prompt, motion and batch as flags, 720p as videoType 1")
    func video() throws {
        let request = try CatalogMediaRequest.make(
            "midjourney-video", prompt: "the cat yawns",
            params: ["resolution": "720p", "batch_size": 2, "motion": "high", "image_url": .string(Self.image)],
            inputs: ["image_url": .url(Self.image)])
        let upstream = try LegNextMediaMapping.submitRequest(request)
        #expect(upstream.path == "/api/v1/video-diffusion")
        #expect(
            try upstream.json() == [
                "prompt": .string("\(Self.image) the cat yawns --motion high --bs 2"), "videoType": 1,
            ])
    }

    @Test("midjourney-video from text: the docs' aspect_ratio is --ar; from an image the frame is the image's")
    func videoFrame() throws {
        let text = try CatalogMediaRequest.make(
            "midjourney-video", prompt: "a fox runs", params: ["aspect_ratio": "9:16", "duration": 5])
        #expect(text.params["duration"] == 5)
        #expect(
            try LegNextMediaMapping.submitRequest(text).json()["prompt"]
                == .string("a fox runs --ar 9:16 --motion low --bs 1"))
        let image = try CatalogMediaRequest.make(
            "midjourney-video", prompt: "a fox runs",
            params: ["aspect_ratio": "9:16", "image_url": .string(Self.image)],
            inputs: ["image_url": .url(Self.image)])
        #expect(
            try LegNextMediaMapping.submitRequest(image).json()["prompt"]
                == .string("\(Self.image) a fox runs --motion low --bs 1"))
    }

    @Test("midjourney-video defaults: 480p is videoType 0; the image alone is a prompt")
    func videoDefaults() throws {
        let request = try CatalogMediaRequest.make(
            "midjourney-video", params: ["image_url": .string(Self.image)], inputs: ["image_url": .url(Self.image)])
        #expect(
            try LegNextMediaMapping.submitRequest(request).json() == [
                "prompt": .string("\(Self.image) --motion low --bs 1"), "videoType": 0,
            ])
    }

    @Test("no prompt (and for video no image) is refused; inline bytes are not taken")
    func refused() throws {
        #expect(
            failure { try LegNextMediaMapping.submitRequest(CatalogMediaRequest.make("midjourney")) }?.kind == .rejected
        )
        #expect(
            failure { try LegNextMediaMapping.submitRequest(CatalogMediaRequest.make("midjourney-video")) }?.kind
                == .rejected)
        let inline = try CatalogMediaRequest.make(
            "midjourney", prompt: "a cat",
            inputs: ["image_url": .data(bytes: [1], contentType: "image/png", filename: "a.png")])
        #expect(failure { try LegNextMediaMapping.submitRequest(inline) }?.kind == .unsupported)
    }

    @Test("every MidJourney slug in the catalog has a mapping, and no other")
    func coversCatalog() {
        let catalogSlugs = Set(CatalogMediaRequest.catalog.models.filter { $0.provider == "midjourney" }.map(\.slug))
        #expect(LegNextMediaMapping.slugs == catalogSlugs)
    }
}
