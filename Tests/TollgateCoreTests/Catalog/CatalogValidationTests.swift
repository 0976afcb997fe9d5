import Foundation
import Testing

@testable import TollgateCore

@Suite struct CatalogValidationTests {
    private typealias F = CatalogFixtures

    @Test func theFixtureItselfIsValid() throws {
        let catalog = try Catalog.load(from: F.file([F.entry(), F.entry(slug: "other")]))
        #expect(catalog.models.map(\.slug) == ["test-image", "other"])
        let entry = try #require(catalog.model("other"))
        #expect(try entry.quote(["size": "1024", "quality": "hd"]).tokenCost == 4)
    }

    @Test func duplicateSlug() throws {
        let error = try #require(try F.loadError([F.entry(slug: "twin"), F.entry(slug: "twin")]))
        #expect(error.slug == "twin")
        #expect(error.reason.contains("duplicate slug"))
        #expect(error.description.hasPrefix("catalog entry \"twin\": "))
    }

    /// One broken field per case, the slug it must be blamed on, and words the reason must contain.
    static let brokenEntries: [(String, JSONValue, String)] = [
        ("unknown mode", F.entry(slug: "bad-mode", ["mode": "batch"]), "unknown mode \"batch\""),
        ("unknown category", F.entry(slug: "bad-cat", ["category": "hologram"]), "unknown category"),
        ("unknown tier", F.entry(slug: "bad-tier", ["tier": "gold"]), "unknown tier"),
        ("unknown provider", F.entry(slug: "bad-provider", ["provider": "acme"]), "unknown provider \"acme\""),
        ("empty upstream", F.entry(slug: "no-upstream", ["upstream_model": ""]), "upstream_model"),
        ("bad deadline", F.entry(slug: "no-deadline", ["deadline_seconds": 0]), "deadline_seconds"),
        ("missing field", .object(F.entry(slug: "no-name").objectValue!.filter { $0.key != "name" }), "\"name\""),
        ("bad slug", F.entry(slug: "Bad Slug"), "slug must be"),
        ("text must stream", F.entry(slug: "text-sync", ["category": "text"]), "text_stream"),
        ("only text streams", F.entry(slug: "image-stream", ["mode": "text_stream"]), "text_stream"),
        ("vision on image", F.entry(slug: "seeing-image", ["vision": true]), "vision"),
        (
            "default outside values",
            F.entry(
                slug: "bad-default",
                [
                    "params": [
                        ["name": "size", "type": "string", "values": ["512", "1024"], "default": "2048"],
                        ["name": "quality", "type": "string", "values": ["standard", "hd"], "default": "standard"],
                    ]
                ]),
            "default 2048 is not allowed (must be one of 512, 1024)"
        ),
        (
            "default out of range",
            F.entry(
                slug: "bad-range-default",
                [
                    "params": [
                        ["name": "size", "type": "string", "values": ["512", "1024"], "default": "512"],
                        ["name": "quality", "type": "string", "values": ["standard", "hd"], "default": "standard"],
                        ["name": "steps", "type": "integer", "min": 1, "max": 50, "default": 80],
                    ]
                ]),
            "default 80 is not allowed"
        ),
        (
            "min above max",
            F.entry(
                slug: "bad-bounds",
                [
                    "params": [
                        ["name": "size", "type": "string", "values": ["512", "1024"], "default": "512"],
                        ["name": "quality", "type": "string", "values": ["standard", "hd"], "default": "standard"],
                        ["name": "cfg", "type": "number", "min": 10, "max": 1],
                    ]
                ]),
            "min 10.0 is above max 1.0"
        ),
        (
            "required with default",
            F.entry(
                slug: "bad-required",
                [
                    "params": [
                        ["name": "size", "type": "string", "values": ["512", "1024"], "default": "512"],
                        ["name": "quality", "type": "string", "values": ["standard", "hd"], "default": "standard"],
                        ["name": "image_url", "type": "url", "required": true, "default": "https://example.com/a.png"],
                    ]
                ]),
            "a required param cannot have a default"
        ),
        (
            "param declared twice",
            F.entry(
                slug: "twice",
                [
                    "params": [
                        ["name": "size", "type": "string", "values": ["512", "1024"], "default": "512"],
                        ["name": "quality", "type": "string", "values": ["standard", "hd"], "default": "standard"],
                        ["name": "size", "type": "string", "values": ["512"], "default": "512"],
                    ]
                ]),
            "declared twice"
        ),
        (
            "unknown param type",
            F.entry(slug: "bad-type", ["params": [["name": "size", "type": "colour"]]]),
            "unknown type \"colour\""
        ),
        (
            "free string without max_length",
            F.entry(
                slug: "unbounded",
                [
                    "price": ["type": "fixed", "tokens": 1],
                    "params": [
                        ["name": "note", "type": "string"]
                    ],
                ]),
            "needs max_length"
        ),
        (
            "missing matrix cell",
            F.entry(
                slug: "hole",
                [
                    "price": [
                        "type": "matrix", "pricing_type": "matrix", "axes": ["size", "quality"],
                        "table": ["512": ["standard": 1, "hd": 2], "1024": ["standard": 3]],
                    ]
                ]),
            "no cell for size=1024, quality=hd"
        ),
        (
            "missing matrix row",
            F.entry(
                slug: "no-row",
                [
                    "price": [
                        "type": "matrix", "pricing_type": "matrix", "axes": ["size", "quality"],
                        "table": ["512": ["standard": 1, "hd": 2]],
                    ]
                ]),
            "no cell for size=1024, quality=*"
        ),
        (
            "cell for an unknown value",
            F.entry(
                slug: "extra",
                [
                    "price": [
                        "type": "matrix", "pricing_type": "matrix", "axes": ["size", "quality"],
                        "table": ["512": ["standard": 1, "hd": 2, "ultra": 9], "1024": ["standard": 3, "hd": 4]],
                    ]
                ]),
            "unknown value size=512, quality=ultra"
        ),
        (
            "axis that is not a param",
            F.entry(
                slug: "ghost-axis",
                [
                    "price": [
                        "type": "matrix", "pricing_type": "matrix", "axes": ["duration"], "table": ["5": 1],
                    ]
                ]),
            "price axis \"duration\" is not a declared param"
        ),
        (
            "axis without listed values",
            F.entry(
                slug: "range-axis",
                [
                    "price": [
                        "type": "matrix", "pricing_type": "matrix", "axes": ["seed"], "table": ["1": 1],
                    ]
                ]),
            "listed values"
        ),
        (
            "axis without a default",
            F.entry(
                slug: "no-default-axis",
                [
                    "params": [
                        ["name": "size", "type": "string", "values": ["512", "1024"]],
                        ["name": "quality", "type": "string", "values": ["standard", "hd"], "default": "standard"],
                    ]
                ]),
            "needs a default or must be required"
        ),
        (
            "table too shallow",
            F.entry(
                slug: "shallow",
                [
                    "price": [
                        "type": "matrix", "pricing_type": "matrix", "axes": ["size", "quality"],
                        "table": ["512": 1, "1024": 2],
                    ]
                ]),
            "should branch"
        ),
        (
            "unknown pricing type",
            F.entry(
                slug: "per-pixel",
                [
                    "price": [
                        "type": "matrix", "pricing_type": "per_pixel", "axes": ["size"],
                        "table": ["512": 1, "1024": 2],
                    ]
                ]),
            "pricing_type \"per_pixel\""
        ),
        ("unknown price type", F.entry(slug: "auction", ["price": ["type": "auction"]]), "unknown price type"),
        ("negative fixed price", F.entry(slug: "refund", ["price": ["type": "fixed", "tokens": -1]]), "negative"),
        (
            "negative cell",
            F.entry(
                slug: "negative-cell",
                [
                    "price": [
                        "type": "matrix", "pricing_type": "matrix", "axes": ["size", "quality"],
                        "table": ["512": ["standard": 1, "hd": -2], "1024": ["standard": 3, "hd": 4]],
                    ]
                ]),
            "negative"
        ),
        (
            "per-minute bounds reversed",
            F.entry(
                slug: "bad-minutes",
                [
                    "price": [
                        "type": "per_minute", "tokens_per_minute": 60, "min_minutes": 10, "max_minutes": 1,
                    ]
                ]),
            "min_minutes"
        ),
    ]

    @Test(arguments: brokenEntries)
    func brokenEntryIsBlamedOnItsSlug(label: String, entry: JSONValue, expected: String) throws {
        let slug = try #require(entry.objectValue?["slug"]?.stringValue)
        let error = try #require(try F.loadError([F.entry(slug: "fine-before"), entry]), "\(label) should not load")
        #expect(error.slug == slug, "\(label)")
        #expect(error.reason.contains(expected), "\(label): \(error.reason)")
        #expect(error.description.contains("\"\(slug)\""))
    }

    @Test func entryWithoutSlugIsNamedByPosition() throws {
        let nameless = JSONValue.object(F.entry().objectValue!.filter { $0.key != "slug" })
        let error = try #require(try F.loadError([F.entry(), nameless]))
        #expect(error.slug == nil)
        #expect(error.reason.contains("#2"))
    }

    @Test func malformedFilesAreRejected() throws {
        for data in [Data("not json".utf8), Data("{\"version\": 1}".utf8), Data("[]".utf8)] {
            #expect(throws: CatalogError.self) { try Catalog.load(from: data) }
        }
        #expect(throws: CatalogError(slug: nil, reason: "unsupported version 2")) {
            try Catalog.load(from: F.file([F.entry()], version: 2))
        }
    }

    @Test func programmaticEntriesAreCheckedToo() {
        let bad = ModelEntry(
            slug: "made-in-code", name: "Made", category: .video, provider: "luma", upstreamModel: "ray-2",
            tier: .basic, mode: .async, deadlineSeconds: 1800, description: "",
            price: .matrix(
                PriceMatrix(pricingType: "per_second", axes: ["duration"], table: .branch(["5": .cell(10)]))),
            params: [ParamSpec(name: "duration", type: .integer, values: [5, 9], defaultValue: 5)])
        #expect(throws: CatalogError(slug: "made-in-code", reason: "price table has no cell for duration=9")) {
            try Catalog(models: [bad])
        }
    }
}
