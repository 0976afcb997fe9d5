import TollgateCore

extension LegNextMediaMapping {
    /// MidJourney's image size for each aspect ratio Tollgate offers (one of the four images).
    static let imageSizes: [String: (width: Int, height: Int)] = [
        "1:1": (1024, 1024), "2:3": (896, 1344), "3:2": (1344, 896), "9:16": (816, 1456), "16:9": (1456, 816),
    ]

    /// A MidJourney first clip's length in seconds (extensions add 4 each).
    static let videoSeconds = 5.0

    /// A completed job's output as a result. Imagine makes four images: the first is the result and
    /// the 2×2 grid its preview. Video takes the first clip of the batch.
    static func result(_ job: LegNextWire.Job, request: MediaRequest) throws(ProviderFailure) -> MediaResult {
        let output = job.output
        if request.category == "video" {
            guard let url = output?.videoURLs?.first(where: { !$0.isEmpty }) else {
                throw ProviderFailure(.malformed, "The provider's job returned no video.")
            }
            return MediaResult(file: .url(url, contentType: "video/mp4"), durationSeconds: videoSeconds)
        }
        let grid = output?.imageURL.flatMap { $0.isEmpty ? nil : $0 }
        guard let url = output?.imageURLs?.first(where: { !$0.isEmpty }) ?? grid else {
            throw ProviderFailure(.malformed, "The provider's job returned no image.")
        }
        let size = request.params["aspect_ratio"]?.stringValue.flatMap { imageSizes[$0] }
        let seed = output?.seed.flatMap { Int64($0) } ?? request.params["seed"]?.intValue
        return MediaResult(
            file: .url(url, contentType: "image/png"),
            thumbnail: url == grid ? nil : grid.map { .url($0, contentType: "image/png") },
            width: size?.width, height: size?.height, seed: seed)
    }

    /// The failure for an error answer (a non-2xx status, or the `code` of an error object). The
    /// text is read to tell refused content and an empty account apart, never repeated.
    public static func failure(status: Int, body: [UInt8], retryAfter: Double?) -> ProviderFailure {
        let text = WireJSON.decodeIfPossible(LegNextWire.ErrorBody.self, from: body)?.text.lowercased() ?? ""
        switch status {
        case 402:
            return ProviderFailure(.unauthorized, "The provider account has a billing problem.", status: status)
        case 400 where refusesContent(text), 403 where refusesContent(text):
            return ProviderFailure(.contentPolicy, "The provider refused the content.", status: status)
        case 400 where text.contains("balance") || text.contains("credit"):
            return ProviderFailure(.unauthorized, "The provider account has a billing problem.", status: status)
        default:
            return .fromStatus(status, retryAfter: retryAfter)
        }
    }

    /// The failure a failed job's `error` describes: MidJourney's moderation is the caller's
    /// content, another 4xx code a refused request, anything else the job failing.
    static func jobFailure(_ error: LegNextWire.JobError?) -> ProviderFailure {
        let text = [error?.message, error?.rawMessage].compactMap { $0 }.joined(separator: " ").lowercased()
        if refusesContent(text) { return ProviderFailure(.contentPolicy, "The provider refused the content.") }
        if let code = error?.code, (400..<500).contains(code) {
            return ProviderFailure(.rejected, "The provider rejected the request.")
        }
        return ProviderFailure(.upstreamError, "The provider's job failed.")
    }

    /// Whether MidJourney's wording says its moderation refused the prompt or image.
    static func refusesContent(_ text: String) -> Bool {
        ["banned", "moderat", "community standards", "nsfw", "inappropriate", "sensitive", "not allowed"].contains(
            where: text.contains)
    }
}
