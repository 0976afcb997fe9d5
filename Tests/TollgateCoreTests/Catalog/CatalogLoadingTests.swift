import Foundation
import Testing

@testable import TollgateCore

@Suite struct CatalogLoadingTests {
    @Test func bundledFileIsFoundUnderResources() throws {
        let url = try #require(Catalog.bundledURL)
        #expect(url.lastPathComponent == "catalog.json")
        #expect(url.deletingLastPathComponent().lastPathComponent == "Resources")
        #expect(FileManager.default.fileExists(atPath: url.path))
        _ = try Catalog.bundled()
    }

    @Test func hasTheFiftyTwoModelsOfSpecInSpecOrder() {
        let catalog = Shipped.catalog
        #expect(catalog.models.count == 52)
        #expect(catalog.models.map(\.slug) == SpecCatalogTable.rows.map(\.slug))
    }

    @Test func exactlyTheNineteenStarterModelsAreStarterTier() {
        let starter = Shipped.catalog.models.filter { $0.tier == .starter }.map(\.slug)
        #expect(starter.count == 19)
        #expect(starter == SpecCatalogTable.rows.filter(\.starter).map(\.slug))
        #expect(Shipped.catalog.models(tier: .starter).count == 19)
        #expect(Shipped.catalog.models(tier: .basic).count == 33)
    }

    @Test(arguments: [
        (ModelCategory.text, 12), (.image, 10), (.video, 7), (.music, 2), (.tts, 6), (.stt, 3), (.audioTool, 5),
        (.imageTool, 7),
    ])
    func categoryCounts(category: ModelCategory, count: Int) {
        #expect(Shipped.catalog.models(category: category).count == count)
    }

    @Test(arguments: SpecCatalogTable.rows)
    func entryMatchesSpecRow(row: SpecRow) throws {
        let entry = try #require(Shipped.catalog.model(row.slug))
        #expect(entry.slug == row.slug)
        #expect(entry.provider == row.provider)
        #expect(entry.category == row.category)
        #expect(entry.tier == (row.starter ? .starter : .basic))
        #expect(entry.mode == row.mode)
        #expect(entry.minPlan == (row.starter ? "free" : "basic"))
        #expect(entry.supportsStreaming == (row.mode == .textStream))
        #expect(entry.isAsync == (row.mode == .async))
        #expect(!entry.name.isEmpty)
        #expect(!entry.description.isEmpty)
        #expect(!entry.upstreamModel.isEmpty)
        #expect(KnownProviders.displayNames[entry.provider] == entry.providerDisplayName)
    }

    @Test func nineProvidersAllUsed() {
        #expect(Set(Shipped.catalog.models.map(\.provider)) == Set(KnownProviders.displayNames.keys))
        #expect(KnownProviders.displayNames.count == 9)
        #expect(Shipped.catalog.models(provider: "elevenlabs").count == 9)
        let starterOpenAITTS = Shipped.catalog.models(category: .tts, tier: .starter, provider: "openai")
        #expect(starterOpenAITTS.map(\.slug) == ["gpt-4o-mini-tts"])
    }

    @Test func visionModelsAreExactlyTheDocumentedThree() {
        let vision = Shipped.catalog.models.filter(\.vision).map(\.slug)
        #expect(vision == ["gpt-5", "gemini-3-pro", "claude-sonnet-4.5"])
    }

    @Test func lookupBySlug() {
        #expect(Shipped.catalog.model("dall-e-3")?.name == "DALL·E 3")
        #expect(Shipped.catalog.model("DALL-E-3") == nil)
        #expect(Shipped.catalog.model("gpt-4") == nil)
        #expect(Shipped.catalog.model("") == nil)
    }

    @Test(arguments: [
        ("gpt-5-nano", "gpt-5-nano"), ("claude-haiku-4.5", "claude-haiku-4-5"), ("deepseek-v3", "deepseek-chat"),
        ("deepseek-r1", "deepseek-reasoner"), ("gemini-3-pro", "gemini-3-pro-preview"),
        ("flux-1.1-pro", "black-forest-labs/flux-1.1-pro"), ("photon-flash", "photon-flash-1"), ("photon", "photon-1"),
        ("luma-ray2", "ray-2"), ("luma-ray2-flash", "ray-flash-2"), ("elevenlabs-flash", "eleven_flash_v2_5"),
        ("elevenlabs-v2", "eleven_multilingual_v2"), ("elevenlabs-scribe", "scribe_v1"), ("whisper", "whisper-1"),
        ("openai-tts", "tts-1"), ("openai-tts-hd", "tts-1-hd"), ("kling-v2.1", "kwaivgi/kling-v2.1"),
        ("veo-3.1", "google/veo-3.1"),
    ])
    func upstreamModelIDs(slug: String, upstream: String) {
        #expect(Shipped.model(slug).upstreamModel == upstream)
    }

    @Test func replicateModelsUseOwnerSlashNamePaths() {
        for entry in Shipped.catalog.models(provider: "replicate") {
            let parts = entry.upstreamModel.split(separator: "/")
            #expect(parts.count == 2, "\(entry.slug): \(entry.upstreamModel)")
        }
    }

    @Test func deadlinesFitTheKindOfWork() {
        for entry in Shipped.catalog.models {
            switch (entry.category, entry.mode) {
            case (.text, _): #expect(entry.deadlineSeconds == 180, "\(entry.slug)")
            case (.video, _): #expect(entry.deadlineSeconds == 1800, "\(entry.slug)")
            case (_, .sync): #expect(entry.deadlineSeconds == 300, "\(entry.slug)")
            case (.audioTool, .async): #expect(entry.deadlineSeconds == 3600, "\(entry.slug)")
            default: #expect(entry.deadlineSeconds == 900, "\(entry.slug)")
            }
        }
    }

    @Test func encodingAndReloadingGivesTheSameCatalog() throws {
        struct File: Encodable {
            let version = 1
            let models: [ModelEntry]
        }
        let data = try JSONEncoder().encode(File(models: Shipped.catalog.models))
        let reloaded = try Catalog.load(from: data)
        #expect(reloaded.models.map(\.slug) == Shipped.catalog.models.map(\.slug))
        for (original, copy) in zip(Shipped.catalog.models, reloaded.models) {
            #expect(copy.params == original.params, "\(original.slug)")
            #expect(copy.price == original.price, "\(original.slug)")
            #expect(copy.configJSON() == original.configJSON(), "\(original.slug)")
            #expect(copy.upstreamModel == original.upstreamModel)
            #expect(copy.deadlineSeconds == original.deadlineSeconds)
        }
    }
}
