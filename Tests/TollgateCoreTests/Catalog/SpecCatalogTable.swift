import Testing

@testable import TollgateCore

/// One row of SPEC §12, transcribed by hand so the shipped catalog file is checked against the contract.
struct SpecRow: Sendable, CustomTestStringConvertible {
    let slug: String
    let provider: String
    let category: ModelCategory
    let starter: Bool
    let mode: ModelMode
    let minPrice: Int64
    let maxPrice: Int64
    let pricingType: String

    var testDescription: String { slug }
}

/// SPEC §12 in order: slug, provider, category, Starter tier, mode, min, max, pricing type.
enum SpecCatalogTable {
    private static func row(
        _ slug: String, _ provider: String, _ category: ModelCategory, _ starter: Bool, _ mode: ModelMode,
        _ minPrice: Int64, _ maxPrice: Int64? = nil, _ pricingType: String = "fixed"
    ) -> SpecRow {
        SpecRow(
            slug: slug, provider: provider, category: category, starter: starter, mode: mode, minPrice: minPrice,
            maxPrice: maxPrice ?? minPrice, pricingType: pricingType)
    }

    static let rows: [SpecRow] = [
        row("gpt-5-nano", "openai", .text, true, .textStream, 1),
        row("claude-haiku-4.5", "anthropic", .text, true, .textStream, 1),
        row("gemini-2.5-flash", "google", .text, true, .textStream, 1),
        row("deepseek-v3", "deepseek", .text, true, .textStream, 1),
        row("grok-4-fast", "xai", .text, true, .textStream, 1),
        row("deepseek-r1", "deepseek", .text, true, .textStream, 1),
        row("gpt-5", "openai", .text, false, .textStream, 2),
        row("gemini-3-pro", "google", .text, false, .textStream, 3),
        row("gpt-5.2", "openai", .text, false, .textStream, 4),
        row("claude-sonnet-4.5", "anthropic", .text, false, .textStream, 4),
        row("claude-opus-4.5", "anthropic", .text, false, .textStream, 6),
        row("gpt-5.2-pro", "openai", .text, false, .textStream, 39),
        row("photon-flash", "luma", .image, true, .async, 1),
        row("dall-e-3", "openai", .image, true, .sync, 5, 13, "matrix"),
        row("gpt-image-1.5", "openai", .image, false, .sync, 1, 21, "matrix"),
        row("flux-1.1-pro", "replicate", .image, false, .async, 4),
        row("flux-kontext-pro", "replicate", .image, false, .async, 3),
        row("sd-3.5-large", "replicate", .image, false, .async, 7),
        row("recraft-v3", "replicate", .image, false, .async, 4),
        row("nano-banana-pro", "replicate", .image, false, .async, 16, 32, "matrix"),
        row("photon", "luma", .image, false, .async, 1, 2, "matrix"),
        row("midjourney", "midjourney", .image, false, .async, 2, 35, "per_point"),
        row("luma-ray2-flash", "luma", .video, true, .async, 15, 93, "per_second"),
        row("luma-ray2", "luma", .video, false, .async, 42, 180, "per_second"),
        row("kling-v2.1", "replicate", .video, false, .async, 26, 94, "per_second"),
        row("minimax-video", "replicate", .video, false, .async, 88),
        row("midjourney-video", "midjourney", .video, false, .async, 50, 320, "per_point"),
        row("sora-2", "openai", .video, false, .async, 42, 125, "per_second"),
        row("veo-3.1", "replicate", .video, false, .async, 83, 334, "per_second"),
        row("musicgen", "replicate", .music, true, .async, 9),
        row("elevenlabs-music", "elevenlabs", .music, false, .async, 58),
        row("minimax-tts", "replicate", .tts, true, .sync, 1),
        row("gpt-4o-mini-tts", "openai", .tts, true, .sync, 3),
        row("openai-tts", "openai", .tts, false, .sync, 3),
        row("openai-tts-hd", "openai", .tts, false, .sync, 6),
        row("elevenlabs-flash", "elevenlabs", .tts, false, .sync, 18),
        row("elevenlabs-v2", "elevenlabs", .tts, false, .sync, 35),
        row("whisper", "openai", .stt, true, .sync, 2),
        row("gpt-4o-transcribe", "openai", .stt, false, .sync, 2),
        row("elevenlabs-scribe", "elevenlabs", .stt, false, .sync, 2),
        row("elevenlabs-sfx", "elevenlabs", .audioTool, false, .sync, 12),
        row("el-voice-changer", "elevenlabs", .audioTool, false, .sync, 15),
        row("el-voice-isolator", "elevenlabs", .audioTool, false, .sync, 12),
        row("el-dialogue", "elevenlabs", .audioTool, false, .sync, 15),
        row("el-dubbing", "elevenlabs", .audioTool, false, .async, 60, 600, "per_minute"),
        row("upscale", "replicate", .imageTool, true, .async, 1),
        row("remove-bg", "replicate", .imageTool, true, .async, 1),
        row("face-swap", "replicate", .imageTool, true, .async, 1),
        row("style-transfer", "replicate", .imageTool, true, .async, 1),
        row("colorize", "replicate", .imageTool, true, .async, 1),
        row("text-ocr", "replicate", .imageTool, true, .async, 1),
        row("inpaint", "replicate", .imageTool, false, .async, 3),
    ]
}

/// The shipped catalog, loaded once for all tests.
enum Shipped {
    static let catalog: Catalog = {
        do {
            return try Catalog.bundled()
        } catch {
            fatalError("the shipped catalog does not load: \(error)")
        }
    }()

    /// The shipped entry `slug` (the test fails loudly if it is missing).
    static func model(_ slug: String) -> ModelEntry {
        guard let entry = catalog.model(slug) else { fatalError("no model \(slug) in the shipped catalog") }
        return entry
    }
}

/// The `details.fields` of a 422 thrown by `body`, or nil if it did not throw one.
func validationFields(_ body: () throws(APIError) -> Void) -> [String: String]? {
    do {
        try body()
        return nil
    } catch {
        guard error.code == "validation_error", let fields = error.details["fields"]?.objectValue else { return nil }
        return fields.compactMapValues(\.stringValue)
    }
}
