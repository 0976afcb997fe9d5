import TollgateCore

/// Luma's Dream Machine API (bearer key): Photon images at `POST /dream-machine/v1/generations/image`,
/// Ray video at `POST /dream-machine/v1/generations/video`, both polled at
/// `GET /dream-machine/v1/generations/{id}`. Input images go by URL (Luma fetches them).
public enum LumaMediaMapping: MediaMapping {
    public static let providerID = "luma"
    public static let auth = ProviderEndpoint.Auth.bearer
    public static let defaultBaseURL = "https://api.lumalabs.ai"
    public static let slugs: Set<String> = ["photon-flash", "photon", "luma-ray2-flash", "luma-ray2"]

    static let basePath = "/dream-machine/v1/generations"

    public static func submitRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        guard slugs.contains(request.slug) else {
            throw ProviderFailure(.unsupported, "This provider does not serve the model.")
        }
        let imageURL = try url(of: request.inputs["image_url"])
        let prompt = request.prompt.flatMap { $0.isEmpty ? nil : $0 }
        if request.category == "video" {
            // A start frame is enough for Ray; without one it needs a prompt.
            guard prompt != nil || imageURL != nil else {
                throw ProviderFailure(.rejected, "This model needs a prompt.")
            }
            let body = LumaWire.VideoBody(
                model: request.model, prompt: prompt, aspectRatio: request.params["aspect_ratio"]?.stringValue,
                resolution: request.params["resolution"]?.stringValue,
                duration: request.params["duration"]?.intValue.map { "\($0)s" },
                loop: request.params["loop"]?.boolValue,
                keyframes: imageURL.map { LumaWire.Keyframes(frame0: LumaWire.Keyframe(url: $0)) })
            return UpstreamRequest(path: basePath + "/video", body: try WireJSON.encode(body))
        }
        guard let prompt else { throw ProviderFailure(.rejected, "This model needs a prompt.") }
        // Photon has no resolution field: the `resolution` param only prices the request.
        let body = LumaWire.ImageBody(
            model: request.model, prompt: prompt, aspectRatio: request.params["aspect_ratio"]?.stringValue,
            format: imageFormat(request.params["format"]?.stringValue),
            imageRef: imageURL.map { [LumaWire.ImageRef(url: $0)] })
        return UpstreamRequest(path: basePath + "/image", body: try WireJSON.encode(body))
    }

    public static func submitResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure)
        -> MediaSubmission
    {
        let generation = try generation(response)
        switch try state(of: generation, request: request) {
        case .completed(let result): return .completed(result)
        case .failed(let failure): throw failure
        case .running: return .submitted(upstreamID: generation.id, pollAfterSeconds: pollAfter(request))
        }
    }

    public static func pollRequest(upstreamID: String, request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest
    {
        let safe = upstreamID.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard !upstreamID.isEmpty, safe else {
            throw ProviderFailure(.malformed, "The provider's job id is not valid.")
        }
        return UpstreamRequest(method: "GET", path: basePath + "/" + upstreamID)
    }

    public static func pollResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure)
        -> MediaPoll
    {
        try state(of: try generation(response), request: request)
    }

    // MARK: - Pieces

    /// A generation in a 2xx answer; a non-2xx answer throws its failure.
    static func generation(_ response: UpstreamResponse) throws(ProviderFailure) -> LumaWire.Generation {
        guard (200..<300).contains(response.status) else {
            throw failure(
                status: response.status, body: response.body,
                retryAfter: response.header("retry-after").flatMap(Double.init))
        }
        return try WireJSON.decode(LumaWire.Generation.self, from: response.body)
    }

    /// What a generation's state means, its asset mapped when it completed.
    static func state(of generation: LumaWire.Generation, request: MediaRequest) throws(ProviderFailure) -> MediaPoll {
        switch generation.state {
        case "completed": return .completed(try result(generation, request: request))
        case "failed": return .failed(jobFailure(generation.failureReason))
        // `queued` and `dreaming`; Luma reports no progress.
        default: return .running(progress: nil, pollAfterSeconds: pollAfter(request))
        }
    }

    /// Luma fetches input images itself, so it takes them only by URL.
    static func url(of input: MediaInput?) throws(ProviderFailure) -> String? {
        switch input {
        case .url(let url): return url
        case .data: throw ProviderFailure(.unsupported, "This provider takes input images only by URL.")
        case nil: return nil
        }
    }

    /// Our `format` in Luma's words: `png`, else `jpg` (Luma makes no WebP).
    static func imageFormat(_ format: String?) -> String? {
        format.map { $0 == "png" ? "png" : "jpg" }
    }

    /// Photon takes seconds, Ray minutes.
    static func pollAfter(_ request: MediaRequest) -> Double {
        request.category == "video" ? 5 : 2
    }
}
