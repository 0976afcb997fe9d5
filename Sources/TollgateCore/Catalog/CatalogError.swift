/// Why a catalog could not be loaded: the offending entry's slug (when known) and what is wrong with it.
public struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The slug of the bad entry, or nil when the file itself is malformed.
    public let slug: String?
    /// What is wrong, in words an operator can act on.
    public let reason: String

    /// An error about the entry `slug` (nil for the file as a whole).
    public init(slug: String?, reason: String) {
        self.slug = slug
        self.reason = reason
    }

    /// `catalog entry "dall-e-3": …`, or `catalog: …` for file-level problems.
    public var description: String {
        if let slug { return "catalog entry \"\(slug)\": \(reason)" }
        return "catalog: \(reason)"
    }
}

extension CatalogError {
    /// A readable account of a decoding failure, naming the JSON path where it happened.
    static func explain(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return String(describing: error) }
        func path(_ codingPath: [any CodingKey]) -> String {
            let parts = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
            return parts.isEmpty ? "the document" : parts.joined(separator: ".")
        }
        switch decoding {
        case .keyNotFound(let key, let context):
            return "missing field \"\(key.stringValue)\" at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) (at \(path(context.codingPath)))"
        @unknown default:
            return String(describing: decoding)
        }
    }
}
