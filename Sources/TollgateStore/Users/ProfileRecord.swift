import SQLKit

/// One row of `user_profiles`, exactly as stored. A nil setting means "the default".
public struct ProfileRecord: Sendable, Equatable {
    public var accountID: Int64
    public var username: String?
    public var avatarURL: String?
    public var language: String?
    public var imageFormat: String?
    public var notificationsEnabled: Bool?
    public var defaultImageSize: String?
    public var updatedAt: Int64

    static let columnList =
        "account_id, username, avatar_url, language, image_format, notifications_enabled, default_image_size, updated_at"

    init(row: any SQLRow) throws {
        accountID = try row.decode(column: "account_id", as: Int64.self)
        username = try row.decode(column: "username", as: String?.self)
        avatarURL = try row.decode(column: "avatar_url", as: String?.self)
        language = try row.decode(column: "language", as: String?.self)
        imageFormat = try row.decode(column: "image_format", as: String?.self)
        notificationsEnabled = try row.decode(column: "notifications_enabled", as: Int?.self).map { $0 != 0 }
        defaultImageSize = try row.decode(column: "default_image_size", as: String?.self)
        updatedAt = try row.decode(column: "updated_at", as: Int64.self)
    }
}

/// A change to a profile: each field is either left alone (`nil`) or set to a value, which may be
/// `.some(nil)` to clear it. The service validated every value.
public struct ProfileChange: Sendable {
    public var name: String??
    public var username: String??
    public var avatarURL: String??
    public var language: String?
    public var imageFormat: String?
    public var notificationsEnabled: Bool?
    public var defaultImageSize: String?

    public init(
        name: String?? = nil, username: String?? = nil, avatarURL: String?? = nil, language: String? = nil,
        imageFormat: String? = nil, notificationsEnabled: Bool? = nil, defaultImageSize: String? = nil
    ) {
        self.name = name
        self.username = username
        self.avatarURL = avatarURL
        self.language = language
        self.imageFormat = imageFormat
        self.notificationsEnabled = notificationsEnabled
        self.defaultImageSize = defaultImageSize
    }

    /// Whether the change touches the `user_profiles` row.
    var touchesProfile: Bool {
        username != nil || avatarURL != nil || language != nil || imageFormat != nil || notificationsEnabled != nil
            || defaultImageSize != nil
    }
}
