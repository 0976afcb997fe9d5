import Testing
import TollgateCore

@testable import TollgateProviders

/// Submission requests for Replicate's image tools: community models, each on `POST /v1/predictions`
/// with its pinned version.
@Suite("Replicate image tool submissions")
struct ReplicateToolRequestTests {
    static let photo = "https://example.com/in/photo.jpg"
    static let other = "https://example.com/in/other.jpg"
    static let mask = "https://example.com/in/mask.png"

    struct Case: CustomTestStringConvertible, Sendable {
        var slug: String
        var prompt: String?
        var params: [String: JSONValue] = [:]
        var inputs: [String: String]
        var version: String
        var input: JSONValue

        var testDescription: String { slug }
    }

    static let cases: [Case] = [
        Case(
            slug: "upscale", params: ["scale": 2, "face_enhance": true], inputs: ["image_url": photo],
            version: "f121d640bd286e1fdc67f9799164c1d5be36ff74576ee11c803ae5b665dd46aa",
            input: ["image": .string(photo), "scale": 2, "face_enhance": true]),
        Case(
            slug: "remove-bg", inputs: ["image_url": photo],
            version: "95fcc2a26d3899cd6c2691c900465aaeff466285a65c14638cc5f36f34befaf1",
            input: ["image": .string(photo)]),
        Case(
            slug: "face-swap", inputs: ["image_url": photo, "swap_image_url": other],
            version: "278a81e7ebb22db98bcba54de985d22cc1abeead2754eb1f2af717247be69b34",
            input: ["input_image": .string(photo), "swap_image": .string(other)]),
        Case(
            slug: "style-transfer", prompt: "a cosy living room",
            params: ["negative_prompt": "text", "seed": 3, "format": "png"],
            inputs: ["image_url": photo, "style_image_url": other],
            version: "f1023890703bc0a5a3a2c21b5e498833be5f6ef6e70e9daf6b9b3a4fd8309cf0",
            input: [
                "structure_image": .string(photo), "style_image": .string(other), "prompt": "a cosy living room",
                "negative_prompt": "text", "seed": 3, "output_format": "png",
            ]),
        Case(
            slug: "colorize", params: ["model_size": "tiny"], inputs: ["image_url": photo],
            version: "ca494ba129e44e45f661d6ece83c4c98a9a7c774309beca01429b58fce8aa695",
            input: ["image": .string(photo), "model_size": "tiny"]),
        Case(
            slug: "text-ocr", inputs: ["image_url": photo],
            version: "a524caeaa23495bc9edc805ab08ab5fe943afd3febed884a4f3747aa32e9cd61",
            input: ["image": .string(photo)]),
        Case(
            slug: "inpaint", prompt: "a potted fern", params: ["negative_prompt": "blurry", "seed": 11],
            inputs: ["image_url": photo, "mask_url": mask],
            version: "95b7223104132402a9ae91cc677285bc5eb997834bd2349fa486f53910fd68b3",
            input: [
                "prompt": "a potted fern", "image": .string(photo), "mask": .string(mask), "negative_prompt": "blurry",
                "seed": 11,
            ]),
    ]

    @Test("each tool's exact request", arguments: cases)
    func request(_ sample: Case) throws {
        var params = sample.params
        for (name, url) in sample.inputs { params[name] = .string(url) }
        let request = try CatalogMediaRequest.make(
            sample.slug, prompt: sample.prompt, params: params, inputs: sample.inputs.mapValues { .url($0) })
        let upstream = try ReplicateMediaMapping.submitRequest(request)
        #expect(upstream.method == "POST")
        #expect(upstream.path == "/v1/predictions")
        #expect(try upstream.json() == ["version": .string(sample.version), "input": sample.input])
    }

    @Test("style-transfer without a prompt sends an empty one, not the model's demo prompt")
    func styleTransferWithoutPrompt() throws {
        let request = try CatalogMediaRequest.make(
            "style-transfer", params: ["image_url": .string(Self.photo), "style_image_url": .string(Self.other)],
            inputs: ["image_url": .url(Self.photo), "style_image_url": .url(Self.other)])
        #expect(try ReplicateMediaMapping.submitRequest(request).json()["input"]?["prompt"] == "")
    }

    @Test("a tool missing one of its images is refused", arguments: ["face-swap", "inpaint"])
    func missingImage(_ slug: String) throws {
        let request = MediaRequest(
            slug: slug, model: "x/y", category: "image_tool", prompt: "a fern", params: [:],
            inputs: ["image_url": .url(Self.photo)])
        #expect(failure { try ReplicateMediaMapping.submitRequest(request) }?.kind == .rejected)
    }

    @Test("every Replicate slug in the catalog has a mapping, and no other")
    func coversCatalog() {
        let catalogSlugs = Set(CatalogMediaRequest.catalog.models.filter { $0.provider == "replicate" }.map(\.slug))
        #expect(ReplicateMediaMapping.slugs == catalogSlugs)
    }
}
