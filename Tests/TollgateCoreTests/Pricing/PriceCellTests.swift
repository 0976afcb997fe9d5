import Testing

@testable import TollgateCore

/// One priced cell of a SPEC §12 table: a model, concrete params, and the tokens SPEC says they cost.
struct PricedCell: Sendable, CustomTestStringConvertible {
    let slug: String
    let params: [String: JSONValue]
    let tokens: Int64

    init(_ slug: String, _ params: [String: JSONValue], _ tokens: Int64) {
        self.slug = slug
        self.params = params
        self.tokens = tokens
    }

    var testDescription: String {
        let settings = params.keys.sorted().map { "\($0)=\(params[$0]!.catalogText)" }
        return "\(slug) " + settings.joined(separator: " ") + " → \(tokens)"
    }
}

@Suite struct PriceCellTests {
    /// Every cell of every variable-price table in SPEC §12.
    static let cells: [PricedCell] = [
        // dall-e-3: size × quality
        PricedCell("dall-e-3", ["size": "1024x1024", "quality": "standard"], 5),
        PricedCell("dall-e-3", ["size": "1024x1024", "quality": "hd"], 9),
        PricedCell("dall-e-3", ["size": "1024x1792", "quality": "standard"], 9),
        PricedCell("dall-e-3", ["size": "1024x1792", "quality": "hd"], 13),
        PricedCell("dall-e-3", ["size": "1792x1024", "quality": "standard"], 9),
        PricedCell("dall-e-3", ["size": "1792x1024", "quality": "hd"], 13),
        // gpt-image-1.5: quality × size
        PricedCell("gpt-image-1.5", ["quality": "low", "size": "1024x1024"], 1),
        PricedCell("gpt-image-1.5", ["quality": "low", "size": "1024x1536"], 2),
        PricedCell("gpt-image-1.5", ["quality": "low", "size": "1536x1024"], 2),
        PricedCell("gpt-image-1.5", ["quality": "medium", "size": "1024x1024"], 5),
        PricedCell("gpt-image-1.5", ["quality": "medium", "size": "1024x1536"], 8),
        PricedCell("gpt-image-1.5", ["quality": "medium", "size": "1536x1024"], 8),
        PricedCell("gpt-image-1.5", ["quality": "high", "size": "1024x1024"], 14),
        PricedCell("gpt-image-1.5", ["quality": "high", "size": "1024x1536"], 21),
        PricedCell("gpt-image-1.5", ["quality": "high", "size": "1536x1024"], 21),
        // nano-banana-pro, photon: resolution
        PricedCell("nano-banana-pro", ["resolution": "1K"], 16),
        PricedCell("nano-banana-pro", ["resolution": "2K"], 16),
        PricedCell("nano-banana-pro", ["resolution": "4K"], 32),
        PricedCell("photon", ["resolution": "720p"], 1),
        PricedCell("photon", ["resolution": "1080p"], 2),
        // midjourney: speed × quality (per point)
        PricedCell("midjourney", ["speed": "relax", "quality": "standard"], 2),
        PricedCell("midjourney", ["speed": "relax", "quality": "hd"], 4),
        PricedCell("midjourney", ["speed": "fast", "quality": "standard"], 9),
        PricedCell("midjourney", ["speed": "fast", "quality": "hd"], 18),
        PricedCell("midjourney", ["speed": "turbo", "quality": "standard"], 17),
        PricedCell("midjourney", ["speed": "turbo", "quality": "hd"], 35),
        // luma-ray2-flash: resolution × duration
        PricedCell("luma-ray2-flash", ["resolution": "540p", "duration": 5], 15),
        PricedCell("luma-ray2-flash", ["resolution": "540p", "duration": 9], 27),
        PricedCell("luma-ray2-flash", ["resolution": "720p", "duration": 5], 31),
        PricedCell("luma-ray2-flash", ["resolution": "720p", "duration": 9], 56),
        PricedCell("luma-ray2-flash", ["resolution": "1080p", "duration": 5], 52),
        PricedCell("luma-ray2-flash", ["resolution": "1080p", "duration": 9], 93),
        // luma-ray2: resolution × duration
        PricedCell("luma-ray2", ["resolution": "540p", "duration": 5], 42),
        PricedCell("luma-ray2", ["resolution": "540p", "duration": 9], 76),
        PricedCell("luma-ray2", ["resolution": "720p", "duration": 5], 62),
        PricedCell("luma-ray2", ["resolution": "720p", "duration": 9], 112),
        PricedCell("luma-ray2", ["resolution": "1080p", "duration": 5], 100),
        PricedCell("luma-ray2", ["resolution": "1080p", "duration": 9], 180),
        // kling-v2.1: mode × duration, with a start frame or without
        PricedCell("kling-v2.1", ["mode": "standard", "duration": 5, "image_url": "https://example.com/a.png"], 26),
        PricedCell("kling-v2.1", ["mode": "standard", "duration": 10], 52),
        PricedCell("kling-v2.1", ["mode": "pro", "duration": 5, "image_url": "https://example.com/a.png"], 47),
        PricedCell("kling-v2.1", ["mode": "pro", "duration": 10], 94),
        // midjourney-video: resolution × batch_size
        PricedCell("midjourney-video", ["resolution": "480p", "batch_size": 1], 50),
        PricedCell("midjourney-video", ["resolution": "480p", "batch_size": 2], 100),
        PricedCell("midjourney-video", ["resolution": "720p", "batch_size": 1], 160),
        PricedCell("midjourney-video", ["resolution": "720p", "batch_size": 2], 320),
        // sora-2: duration
        PricedCell("sora-2", ["duration": 4], 42),
        PricedCell("sora-2", ["duration": 8], 84),
        PricedCell("sora-2", ["duration": 12], 125),
        // veo-3.1: duration × generate_audio
        PricedCell("veo-3.1", ["duration": 4, "generate_audio": false], 83),
        PricedCell("veo-3.1", ["duration": 6, "generate_audio": false], 125),
        PricedCell("veo-3.1", ["duration": 8, "generate_audio": false], 167),
        PricedCell("veo-3.1", ["duration": 4, "generate_audio": true], 166),
        PricedCell("veo-3.1", ["duration": 6, "generate_audio": true], 250),
        PricedCell("veo-3.1", ["duration": 8, "generate_audio": true], 334),
    ]

    @Test(arguments: cells)
    func cellIsPricedAsSpecSays(cell: PricedCell) throws {
        let entry = Shipped.model(cell.slug)
        let resolved = try entry.resolveParams(cell.params)
        #expect(entry.price.price(resolved) == cell.tokens)
        #expect(try entry.quote(cell.params, count: 1).tokenCost == cell.tokens)
    }

    @Test func everyTableCellIsCoveredByTheListAbove() {
        var expected = 0
        for entry in Shipped.catalog.models {
            if case .matrix(let matrix) = entry.price { expected += matrix.table.cells.count }
        }
        #expect(Self.cells.count == expected)
    }

    @Test(
        arguments: [
            ("dall-e-3", 5), ("gpt-image-1.5", 5), ("nano-banana-pro", 16), ("photon", 1), ("midjourney", 9),
            ("luma-ray2-flash", 31), ("luma-ray2", 62), ("kling-v2.1", 26), ("midjourney-video", 50), ("sora-2", 42),
            ("veo-3.1", 167), ("el-dubbing", 600),
        ] as [(String, Int64)])
    func defaultsPriceAsTheFirstListedValues(slug: String, tokens: Int64) throws {
        let entry = Shipped.model(slug)
        #expect(entry.defaultPrice == tokens)
        var params: [String: JSONValue] = [:]
        for spec in entry.params where spec.required {
            params[spec.name] = .string("https://example.com/source")
        }
        if slug == "el-dubbing" { params["target_language"] = "ru" }
        #expect(entry.price.price(try entry.resolveParams(params)) == tokens)
    }

    @Test func dallE3WithNoParamsCostsFive() throws {
        let entry = Shipped.model("dall-e-3")
        #expect(entry.price.price(try entry.resolveParams([:])) == 5)
    }

    @Test func wholeDoublesPriceLikeIntegers() throws {
        let entry = Shipped.model("luma-ray2")
        #expect(entry.price.price(try entry.resolveParams(["resolution": "1080p", "duration": 9.0])) == 180)
    }

    @Test func unresolvedParamsFallBackToTheMaximum() {
        let entry = Shipped.model("luma-ray2")
        #expect(entry.price.price([:]) == 180)
        #expect(entry.price.price(["resolution": "4k", "duration": 5]) == 180)
    }
}
