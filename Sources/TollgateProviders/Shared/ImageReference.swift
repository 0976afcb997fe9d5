import Foundation

/// An image part's URL, read: inline base64 data (a `data:` URL) or a remote `http(s)` URL.
enum ImageReference: Sendable, Equatable {
    case inline(mediaType: String, base64: String)
    case remote(url: String, mediaType: String)

    /// Reads an image URL; a `data:` URL that is not base64 is refused.
    init(_ url: String) throws(ProviderFailure) {
        guard url.prefix(5).lowercased() == "data:" else {
            self = .remote(url: url, mediaType: Self.mediaType(forURL: url))
            return
        }
        let rest = url.dropFirst(5)
        guard let comma = rest.firstIndex(of: ",") else {
            throw ProviderFailure(.rejected, "An image data URL is malformed.")
        }
        let meta = rest[..<comma].split(separator: ";", omittingEmptySubsequences: false)
        guard meta.count > 1, meta.last?.lowercased() == "base64" else {
            throw ProviderFailure(.rejected, "An image data URL must be base64-encoded.")
        }
        let mediaType = meta[0].isEmpty ? "image/jpeg" : meta[0].lowercased()
        self = .inline(mediaType: mediaType, base64: String(rest[rest.index(after: comma)...]))
    }

    /// The image media type a URL's file extension suggests; `image/jpeg` when it says nothing.
    static func mediaType(forURL url: String) -> String {
        let path = url.split(whereSeparator: { $0 == "?" || $0 == "#" }).first.map(String.init) ?? url
        guard let name = path.split(separator: "/").last, let dot = name.lastIndex(of: ".") else { return "image/jpeg" }
        switch name[name.index(after: dot)...].lowercased() {
        case "png": return "image/png"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "heic": return "image/heic"
        case "heif": return "image/heif"
        default: return "image/jpeg"
        }
    }
}

extension ContentPart {
    /// Why an image part's URL cannot be sent to a provider, or nil: an `http(s)` URL, or a `data:` URL of an
    /// image type whose payload is valid base64 (checked before a request is admitted, so a bad one is a 422,
    /// never a provider failure).
    public static func imageURLProblem(_ url: String) -> String? {
        let lowered = url.prefix(8).lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") { return nil }
        guard lowered.hasPrefix("data:") else { return "must be an http(s) URL or a base64 data: URL" }
        guard case .inline(let mediaType, let base64)? = try? ImageReference(url) else {
            return "must be a base64 data: URL (data:image/png;base64,…)"
        }
        guard mediaType.hasPrefix("image/"), mediaType.count > 6 else { return "must hold an image (image/…)" }
        guard !base64.isEmpty, Data(base64Encoded: base64) != nil else { return "holds data that is not base64" }
        return nil
    }
}
