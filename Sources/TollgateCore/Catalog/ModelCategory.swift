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

    /// The kind of file a result of this category is, for showing or sending it.
    public enum Media: Sendable {
        case image, video, audio, text
    }

    public var media: Media {
        switch self {
        case .image, .imageTool: .image
        case .video: .video
        case .music, .tts, .audioTool: .audio
        case .text, .stt: .text
        }
    }
}
