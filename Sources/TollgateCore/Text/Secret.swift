/// A secret — an API key, a password, a token, a URL with credentials — that never prints itself: its
/// description, debug description and mirror all read `<redacted>`, so no log line, string interpolation or
/// reflected dump of a configuration can show it. `revealed` is the one way to the text, used only where the
/// secret is sent or checked.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable,
    ExpressibleByStringLiteral
{
    public let revealed: String

    public init(_ value: String) { revealed = value }
    public init(stringLiteral value: String) { revealed = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
