import Testing
import TollgateCore

@testable import TollgateProviders

/// Submission requests for Luma's Photon (image) and Ray (video) models.
@Suite("Luma submissions")
struct LumaRequestTests {
    static let reference = "https://example.com/in/reference.jpg"

    @Test("photon-flash: model photon-flash-1, aspect ratio, jpg for the webp default")
    func photonFlash() throws {
        let request = try CatalogMediaRequest.make(
            "photon-flash", prompt: "A teddy bear in sunglasses playing electric guitar and dancing")
        let upstream = try LumaMediaMapping.submitRequest(request)
        #expect(upstream.method == "POST")
        #expect(upstream.path == "/dream-machine/v1/generations/image")
        #expect(
            try upstream.json() == [
                "model": "photon-flash-1", "prompt": "A teddy bear in sunglasses playing electric guitar and dancing",
                "aspect_ratio": "16:9", "format": "jpg",
            ])
    }

    @Test("photon: a reference image goes in image_ref; png stays png; resolution is not sent")
    func photon() throws {
        let request = try CatalogMediaRequest.make(
            "photon", prompt: "the same cat, as a knight",
            params: [
                "resolution": "1080p", "aspect_ratio": "1:1", "format": "png", "image_url": .string(Self.reference),
            ],
            inputs: ["image_url": .url(Self.reference)])
        let upstream = try LumaMediaMapping.submitRequest(request)
        #expect(upstream.path == "/dream-machine/v1/generations/image")
        #expect(
            try upstream.json() == [
                "model": "photon-1", "prompt": "the same cat, as a knight", "aspect_ratio": "1:1", "format": "png",
                "image_ref": [["url": .string(Self.reference)]],
            ])
    }

    @Test("luma-ray2-flash: ray-flash-2 with resolution, duration as 5s, aspect ratio and loop")
    func rayFlash() throws {
        let request = try CatalogMediaRequest.make(
            "luma-ray2-flash", prompt: "A serene lake surrounded by mountains at sunset", params: ["resolution": "540p"]
        )
        let upstream = try LumaMediaMapping.submitRequest(request)
        #expect(upstream.path == "/dream-machine/v1/generations/video")
        #expect(
            try upstream.json() == [
                "model": "ray-flash-2", "prompt": "A serene lake surrounded by mountains at sunset",
                "aspect_ratio": "16:9",
                "resolution": "540p", "duration": "5s", "loop": false,
            ])
    }

    @Test("luma-ray2: a start frame becomes keyframes.frame0")
    func ray() throws {
        let request = try CatalogMediaRequest.make(
            "luma-ray2", prompt: "the lake ripples",
            params: [
                "resolution": "1080p", "duration": 9, "aspect_ratio": "9:16", "loop": true,
                "image_url": .string(Self.reference),
            ],
            inputs: ["image_url": .url(Self.reference)])
        let upstream = try LumaMediaMapping.submitRequest(request)
        #expect(upstream.path == "/dream-machine/v1/generations/video")
        #expect(
            try upstream.json() == [
                "model": "ray-2", "prompt": "the lake ripples", "aspect_ratio": "9:16", "resolution": "1080p",
                "duration": "9s",
                "loop": true, "keyframes": ["frame0": ["type": "image", "url": .string(Self.reference)]],
            ])
    }

    @Test("a Ray start frame is enough without a prompt; Photon needs one")
    func prompts() throws {
        let video = try CatalogMediaRequest.make(
            "luma-ray2", params: ["image_url": .string(Self.reference)], inputs: ["image_url": .url(Self.reference)])
        #expect(try LumaMediaMapping.submitRequest(video).json()["prompt"] == nil)
        let bare = try CatalogMediaRequest.make("luma-ray2")
        #expect(failure { try LumaMediaMapping.submitRequest(bare) }?.kind == .rejected)
        let image = try CatalogMediaRequest.make("photon", prompt: "")
        #expect(failure { try LumaMediaMapping.submitRequest(image) }?.kind == .rejected)
    }

    @Test("inline image bytes are not something Luma takes")
    func inlineImage() throws {
        let request = try CatalogMediaRequest.make(
            "photon", prompt: "a cat",
            inputs: ["image_url": .data(bytes: [1, 2, 3], contentType: "image/png", filename: "a.png")])
        #expect(failure { try LumaMediaMapping.submitRequest(request) }?.kind == .unsupported)
    }

    @Test("every Luma slug in the catalog has a mapping, and no other")
    func coversCatalog() {
        let catalogSlugs = Set(CatalogMediaRequest.catalog.models.filter { $0.provider == "luma" }.map(\.slug))
        #expect(LumaMediaMapping.slugs == catalogSlugs)
    }
}
