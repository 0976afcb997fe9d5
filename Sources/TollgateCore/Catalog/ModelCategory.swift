/// What a model produces; the `category` of SPEC §5 and §12.
public enum ModelCategory: String, Sendable, Codable, CaseIterable {
    case text
    case image
    case video
    case music
    case tts
    case stt
    case audioTool = "audio_tool"
    case imageTool = "image_tool"
}
