/// The nine upstream providers a catalog entry may name, by id, with their display names.
public enum KnownProviders {
    /// Provider id → display name, e.g. `openai` → `OpenAI`.
    public static let displayNames: [String: String] = [
        "openai": "OpenAI",
        "anthropic": "Anthropic",
        "google": "Google",
        "deepseek": "DeepSeek",
        "xai": "xAI",
        "replicate": "Replicate",
        "luma": "Luma",
        "midjourney": "MidJourney",
        "elevenlabs": "ElevenLabs",
    ]

    /// Whether `id` is one of the nine providers.
    public static func contains(_ id: String) -> Bool {
        displayNames[id] != nil
    }
}
