import TollgateCore

extension LumaMediaMapping {
    /// A completed generation's asset as a result. Luma's answer carries no size or length, so a
    /// video's frame comes from its `resolution` and `aspect_ratio` and its length from `duration`; a video's
    /// `image` asset is its poster frame, kept as the thumbnail.
    static func result(_ generation: LumaWire.Generation, request: MediaRequest) throws(ProviderFailure) -> MediaResult
    {
        if request.category == "video" {
            guard let url = generation.assets?.video, !url.isEmpty else {
                throw ProviderFailure(.malformed, "The provider's job returned no video.")
            }
            let frame = frame(
                resolution: request.params["resolution"]?.stringValue,
                aspectRatio: request.params["aspect_ratio"]?.stringValue)
            let poster = generation.assets?.image.flatMap { $0.isEmpty ? nil : $0 }
            return MediaResult(
                file: .url(url, contentType: "video/mp4"),
                thumbnail: poster.map { .url($0, contentType: "image/jpeg") }, width: frame?.width,
                height: frame?.height, durationSeconds: request.params["duration"]?.doubleValue)
        }
        guard let url = generation.assets?.image, !url.isEmpty else {
            throw ProviderFailure(.malformed, "The provider's job returned no image.")
        }
        let png = imageFormat(request.params["format"]?.stringValue) == "png"
        return MediaResult(file: .url(url, contentType: png ? "image/png" : "image/jpeg"))
    }

    /// A video frame: the short side is the resolution's lines (`720p`), the long side follows the
    /// aspect ratio, rounded to an even number of pixels.
    static func frame(resolution: String?, aspectRatio: String?) -> (width: Int, height: Int)? {
        guard let lines = resolution.flatMap({ Int($0.dropLast()) }), resolution?.last == "p",
            let parts = aspectRatio?.split(separator: ":").compactMap({ Int($0) }), parts.count == 2, parts[0] > 0,
            parts[1] > 0
        else { return nil }
        let (across, down) = (parts[0], parts[1])
        let long = Int((Double(lines * max(across, down)) / Double(min(across, down)) / 2).rounded()) * 2
        return across >= down ? (long, lines) : (lines, long)
    }

    /// The failure for a non-2xx answer; the `detail` text is read to tell refused content and an
    /// empty account from other refusals, never repeated.
    public static func failure(status: Int, body: [UInt8], retryAfter: Double?) -> ProviderFailure {
        let detail =
            WireJSON.decodeIfPossible(LumaWire.ErrorBody.self, from: body)?.detail?.stringValue?.lowercased() ?? ""
        switch status {
        case 402:
            return ProviderFailure(.unauthorized, "The provider account has a billing problem.", status: status)
        case 400..<500 where status != 429 && (detail.contains("credit") || detail.contains("balance")):
            return ProviderFailure(.unauthorized, "The provider account has a billing problem.", status: status)
        case 400 where refusesContent(detail), 422 where refusesContent(detail):
            return ProviderFailure(.contentPolicy, "The provider refused the content.", status: status)
        default:
            return .fromStatus(status, retryAfter: retryAfter)
        }
    }

    /// The failure a failed generation's `failure_reason` describes (Luma's documented reasons:
    /// moderation of the prompt or a frame, unreadable input frames, processing errors).
    static func jobFailure(_ reason: String?) -> ProviderFailure {
        let text = reason?.lowercased() ?? ""
        if text.contains("failed to read") || text.contains("failed to moderate") {
            return ProviderFailure(.rejected, "The provider could not read the input image.")
        }
        if refusesContent(text) {
            return ProviderFailure(.contentPolicy, "The provider refused the content.")
        }
        return ProviderFailure(.upstreamError, "The provider's job failed.")
    }

    /// Whether Luma's wording says its moderation refused the request.
    static func refusesContent(_ text: String) -> Bool {
        ["moderation", "blacklisted", "not allowed", "nsfw", "inappropriate"].contains(where: text.contains)
    }
}
