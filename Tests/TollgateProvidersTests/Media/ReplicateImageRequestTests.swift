import Testing
import TollgateCore

@testable import TollgateProviders

/// Submission requests for Replicate's image models: official models, so no version and the model path.
@Suite("Replicate image submissions")
struct ReplicateImageRequestTests {
    static let source = "https://example.com/in/portrait.jpg"

    @Test("flux-1.1-pro: a size within 1440 goes as custom width/height, the image as image_prompt")
    func flux() throws {
        let request = try CatalogMediaRequest.make(
            "flux-1.1-pro", prompt: "a red fox in an autumn forest",
            params: ["size": "768x1344", "seed": 42, "format": "jpeg", "image_url": .string(Self.source)],
            inputs: ["image_url": .url(Self.source)])
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.method == "POST")
        #expect(upstream.path == "/v1/models/black-forest-labs/flux-1.1-pro/predictions")
        #expect(
            try upstream.json() == [
                "input": [
                    "prompt": "a red fox in an autumn forest", "aspect_ratio": "custom", "width": 768, "height": 1344,
                    "image_prompt": .string(Self.source), "seed": 42, "safety_tolerance": 2, "prompt_upsampling": false,
                    "output_format": "jpg",
                ]
            ])
    }

    static let fluxSizeCases: [(String, JSONValue)] = [
        ("1024x1024", ["aspect_ratio": "1:1"]),
        ("1344x768", ["aspect_ratio": "custom", "width": 1344, "height": 768]),
        ("1024x1536", ["aspect_ratio": "2:3"]),
        ("1536x1024", ["aspect_ratio": "3:2"]),
    ]

    @Test("flux-1.1-pro sizes: 1:1, custom within 1440, the ratio beyond it", arguments: fluxSizeCases)
    func fluxSizes(size: String, expected: JSONValue) throws {
        let request = try CatalogMediaRequest.make("flux-1.1-pro", prompt: "a fox", params: ["size": .string(size)])
        let body = try ReplicateMediaMapping.submitRequest(request).json()
        let input = try #require(body["input"])
        for key in ["aspect_ratio", "width", "height"] { #expect(input[key] == expected[key], "\(key) for \(size)") }
        // Flux 1.1 Pro has no negative prompt field: it is never sent.
        #expect(input["negative_prompt"] == nil)
    }

    @Test("flux-kontext-pro: input_image, aspect ratio, and webp asked as png (it makes only jpg and png)")
    func kontext() throws {
        let request = try CatalogMediaRequest.make(
            "flux-kontext-pro", prompt: "make the jacket red", params: ["image_url": .string(Self.source)],
            inputs: ["image_url": .url(Self.source)])
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.path == "/v1/models/black-forest-labs/flux-kontext-pro/predictions")
        #expect(
            try upstream.json() == [
                "input": [
                    "prompt": "make the jacket red", "input_image": .string(Self.source),
                    "aspect_ratio": "match_input_image",
                    "prompt_upsampling": false, "output_format": "png",
                ]
            ])
    }

    @Test("sd-3.5-large: size as aspect ratio, cfg, steps, negative prompt; prompt_strength only with an image")
    func stableDiffusion() throws {
        let request = try CatalogMediaRequest.make(
            "sd-3.5-large", prompt: "a lighthouse on a cliff at dusk, oil painting",
            params: ["size": "1344x768", "negative_prompt": "people", "seed": 7])
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.path == "/v1/models/stability-ai/stable-diffusion-3.5-large/predictions")
        #expect(
            try upstream.json() == [
                "input": [
                    "prompt": "a lighthouse on a cliff at dusk, oil painting", "aspect_ratio": "16:9",
                    "negative_prompt": "people",
                    "cfg": 5, "steps": 40, "seed": 7, "output_format": "webp",
                ]
            ])

        let withImage = try CatalogMediaRequest.make(
            "sd-3.5-large", prompt: "as a watercolour",
            params: ["size": "768x1344", "image_url": .string(Self.source)],
            inputs: ["image_url": .url(Self.source)])
        let input = try #require(try ReplicateMediaMapping.submitRequest(withImage).json()["input"])
        #expect(input["aspect_ratio"] == "9:16")
        #expect(input["image"] == .string(Self.source))
        #expect(input["prompt_strength"] == 0.85)
    }

    @Test("recraft-v3: size and style under their own names, no output format")
    func recraft() throws {
        let request = try CatalogMediaRequest.make(
            "recraft-v3", prompt: "a poster that says HELLO",
            params: ["size": "1365x1024", "style": "digital_illustration"])
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.path == "/v1/models/recraft-ai/recraft-v3/predictions")
        #expect(
            try upstream.json() == [
                "input": ["prompt": "a poster that says HELLO", "size": "1365x1024", "style": "digital_illustration"]
            ])
    }

    @Test("nano-banana-pro: resolution, aspect ratio, image_input as a list, jpg kept")
    func nanoBanana() throws {
        let request = try CatalogMediaRequest.make(
            "nano-banana-pro", prompt: "put this cat on the moon",
            params: ["resolution": "4K", "aspect_ratio": "16:9", "format": "jpeg", "image_url": .string(Self.source)],
            inputs: ["image_url": .url(Self.source)])
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.path == "/v1/models/google/nano-banana-pro/predictions")
        #expect(
            try upstream.json() == [
                "input": [
                    "prompt": "put this cat on the moon", "resolution": "4K", "aspect_ratio": "16:9",
                    "image_input": [.string(Self.source)], "output_format": "jpg",
                ]
            ])
    }

    @Test("an image model without a prompt is refused before anything is sent")
    func promptRequired() throws {
        let request = try CatalogMediaRequest.make("flux-1.1-pro", prompt: nil)
        #expect(failure { try ReplicateMediaMapping.submitRequest(request) }?.kind == .rejected)
    }

    @Test("inline bytes go as a data URL")
    func inlineImage() throws {
        let request = try CatalogMediaRequest.make(
            "flux-kontext-pro", prompt: "brighter",
            inputs: ["image_url": .data(bytes: [0x89, 0x50, 0x4E, 0x47], contentType: "image/png", filename: "a.png")])
        let input = try #require(try ReplicateMediaMapping.submitRequest(request).json()["input"])
        #expect(input["input_image"] == "data:image/png;base64,iVBORw==")
    }
}
