import TollgateCore

/// MidJourney through the LegNext API (key in `x-api-key`): imagine at `POST /api/v1/diffusion`,
/// video at `POST /api/v1/video-diffusion`, both polled at `GET /api/v1/job/{job_id}`. Parameters
/// travel inside the prompt text (`LegNextPrompt`); images go by URL.
public enum LegNextMediaMapping: MediaMapping {
    public static let providerID = "midjourney"
    public static let auth = ProviderEndpoint.Auth.header("x-api-key")
    public static let defaultBaseURL = "https://api.legnext.ai"
    public static let slugs: Set<String> = ["midjourney", "midjourney-video"]

    public static func submitRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        let imageURL = try url(of: request.inputs["image_url"])
        switch request.slug {
        case "midjourney":
            let body = LegNextWire.DiffusionBody(text: try LegNextPrompt.imagine(request, imageURL: imageURL))
            return UpstreamRequest(path: "/api/v1/diffusion", body: try WireJSON.encode(body))
        case "midjourney-video":
            let videoType = request.params["resolution"]?.stringValue == "720p" ? 1 : 0
            let body = LegNextWire.VideoBody(
                prompt: try LegNextPrompt.video(request, imageURL: imageURL), videoType: videoType)
            return UpstreamRequest(path: "/api/v1/video-diffusion", body: try WireJSON.encode(body))
        default:
            throw ProviderFailure(.unsupported, "This provider does not serve the model.")
        }
    }

    public static func submitResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure)
        -> MediaSubmission
    {
        let job = try job(response)
        guard let id = job.jobID, !id.isEmpty else {
            throw ProviderFailure(.malformed, "The provider's answer had no job id.")
        }
        switch try state(of: job, request: request) {
        case .completed(let result): return .completed(result)
        case .failed(let failure): throw failure
        case .running: return .submitted(upstreamID: id, pollAfterSeconds: pollAfter(request))
        }
    }

    public static func pollRequest(upstreamID: String, request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest
    {
        let safe = upstreamID.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard !upstreamID.isEmpty, safe else {
            throw ProviderFailure(.malformed, "The provider's job id is not valid.")
        }
        return UpstreamRequest(method: "GET", path: "/api/v1/job/" + upstreamID)
    }

    public static func pollResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure)
        -> MediaPoll
    {
        try state(of: try job(response), request: request)
    }

    // MARK: - Pieces

    /// The job in a 2xx answer. A non-2xx answer, or a 2xx one that is only an error object, throws
    /// its failure.
    static func job(_ response: UpstreamResponse) throws(ProviderFailure) -> LegNextWire.Job {
        let retryAfter = response.header("retry-after").flatMap(Double.init)
        guard (200..<300).contains(response.status) else {
            throw failure(status: response.status, body: response.body, retryAfter: retryAfter)
        }
        let job = try WireJSON.decode(LegNextWire.Job.self, from: response.body)
        if job.jobID == nil, let error = WireJSON.decodeIfPossible(LegNextWire.ErrorBody.self, from: response.body),
            let code = error.anyCode, code >= 400
        {
            throw failure(status: code, body: response.body, retryAfter: retryAfter)
        }
        return job
    }

    /// What a job's status means, its output mapped when it completed.
    static func state(of job: LegNextWire.Job, request: MediaRequest) throws(ProviderFailure) -> MediaPoll {
        switch job.status {
        case "completed": return .completed(try result(job, request: request))
        case "failed": return .failed(jobFailure(job.error))
        // `pending`, `staged`, `processing`: the progress LegNext logs has no documented shape.
        default: return .running(progress: nil, pollAfterSeconds: pollAfter(request))
        }
    }

    /// LegNext fetches input images itself, so it takes them only by URL.
    static func url(of input: MediaInput?) throws(ProviderFailure) -> String? {
        switch input {
        case .url(let url): return url
        case .data: throw ProviderFailure(.unsupported, "This provider takes input images only by URL.")
        case nil: return nil
        }
    }

    /// MidJourney images take about a minute, videos several.
    static func pollAfter(_ request: MediaRequest) -> Double {
        request.category == "video" ? 10 : 5
    }
}
