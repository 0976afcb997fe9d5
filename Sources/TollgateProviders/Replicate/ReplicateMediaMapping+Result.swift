import TollgateCore

extension ReplicateMediaMapping {
    /// A succeeded prediction's output as a result: the first URL of a URL or a list of URLs (or the
    /// text, for text models), with the size, duration and seed the params fixed.
    static func result(_ output: JSONValue?, request: MediaRequest) throws(ProviderFailure) -> MediaResult {
        let model = try model(for: request)
        let shape = model.shape(ReplicateInput(request))
        var result = MediaResult(
            width: shape.width, height: shape.height, durationSeconds: shape.durationSeconds,
            seed: request.params["seed"]?.intValue)
        switch model.output {
        case .text:
            guard let text = self.text(output) else {
                throw ProviderFailure(.malformed, "The provider's job returned no text.")
            }
            result.text = text
        case .file:
            guard let url = firstURL(output) else {
                throw ProviderFailure(.malformed, "The provider's job returned no file.")
            }
            result.file = .url(url, contentType: contentType(ofURL: url))
        }
        return result
    }

    /// A URL string, or the first URL string of a list.
    static func firstURL(_ output: JSONValue?) -> String? {
        switch output {
        case .string(let url) where url.hasPrefix("https://") || url.hasPrefix("http://"): url
        case .array(let items): items.lazy.compactMap { firstURL($0) }.first
        default: nil
        }
    }

    /// Text output: a string, or a list of strings (streaming text models answer pieces) joined.
    static func text(_ output: JSONValue?) -> String? {
        switch output {
        case .string(let text): text
        case .array(let items) where items.allSatisfy({ $0.stringValue != nil }):
            items.compactMap(\.stringValue).joined()
        default: nil
        }
    }

    /// The media type a result URL's extension names, if it names a known one.
    static func contentType(ofURL url: String) -> String? {
        let path = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "webp": return "image/webp"
        case "gif": return "image/gif"
        case "mp4": return "video/mp4"
        case "mov": return "video/quicktime"
        case "webm": return "video/webm"
        case "mp3": return "audio/mpeg"
        case "wav": return "audio/wav"
        case "ogg": return "audio/ogg"
        case "flac": return "audio/flac"
        case "txt": return "text/plain"
        default: return nil
        }
    }

    /// The failure a failed prediction's `error` text describes. The text is read, never repeated:
    /// safety filters (Flux's and Kling's `E005 … flagged as sensitive`, NSFW checkers) are the
    /// caller's content; anything else is the model failing.
    static func jobFailure(_ error: String?) -> ProviderFailure {
        let text = error?.lowercased() ?? ""
        let policyWords = [
            "nsfw", "sensitive", "e005", "safety", "content policy", "moderat", "inappropriate", "not allowed",
        ]
        if policyWords.contains(where: text.contains) {
            return ProviderFailure(.contentPolicy, "The provider refused the content.")
        }
        return ProviderFailure(.upstreamError, "The provider's job failed.")
    }
}
