import TollgateCore
import TollgateStore

/// The settings of `/user/settings` (SPEC §5), with defaults for what the user never set.
public struct UserSettings: Sendable, Equatable {
    static let languages = ["en", "ru"]
    public static let imageFormats = ["webp", "png", "jpeg"]
    static let defaults = UserSettings(
        language: "en", imageFormat: "webp", notificationsEnabled: true, defaultImageSize: "1024x1024")

    public var language: String
    public var imageFormat: String
    public var notificationsEnabled: Bool
    public var defaultImageSize: String

    /// The settings stored in `profile`, defaults filling the gaps.
    init(_ profile: ProfileRecord?) {
        let defaults = Self.defaults
        language = profile?.language ?? defaults.language
        imageFormat = profile?.imageFormat ?? defaults.imageFormat
        notificationsEnabled = profile?.notificationsEnabled ?? defaults.notificationsEnabled
        defaultImageSize = profile?.defaultImageSize ?? defaults.defaultImageSize
    }

    init(language: String, imageFormat: String, notificationsEnabled: Bool, defaultImageSize: String) {
        self.language = language
        self.imageFormat = imageFormat
        self.notificationsEnabled = notificationsEnabled
        self.defaultImageSize = defaultImageSize
    }

    /// The image sizes offered by the catalog's image models, in catalog order.
    static func imageSizes(_ catalog: Catalog) -> [String] {
        var sizes: [String] = []
        for model in catalog.models where model.category == .image {
            for value in model.param("size")?.values ?? [] {
                if let size = value.stringValue, !sizes.contains(size) { sizes.append(size) }
            }
        }
        return sizes.isEmpty ? [defaults.defaultImageSize] : sizes
    }
}
