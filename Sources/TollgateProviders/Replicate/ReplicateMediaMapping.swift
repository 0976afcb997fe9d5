import TollgateCore

/// Replicate's predictions API (bearer key): every Replicate slug is one prediction, created without
/// waiting and polled at `GET /v1/predictions/{id}`. Official models run at
/// `POST /v1/models/{owner}/{name}/predictions`; community models, which run only by version, at
/// `POST /v1/predictions` with a pinned `version`. Per-model input schemas are in `ReplicateModel`.
public enum ReplicateMediaMapping: MediaMapping {
    public static let providerID = "replicate"
    public static let auth = ProviderEndpoint.Auth.bearer
    public static let defaultBaseURL = "https://api.replicate.com"
    public static let slugs: Set<String> = Set(ReplicateModel.all.keys)

    public static func submitRequest(_ request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest {
        let model = try model(for: request)
        var input = ReplicateInput(request)
        try model.input(&input)
        let (path, version) = try route(model.variant(request) ?? request.model, pinned: model.version)
        let body = ReplicateWire.CreateBody(version: version, input: input.fields)
        return UpstreamRequest(path: path, body: try WireJSON.encode(body))
    }

    public static func submitResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure)
        -> MediaSubmission
    {
        let prediction = try prediction(response)
        switch try state(of: prediction, request: request) {
        case .completed(let result): return .completed(result)
        case .failed(let failure): throw failure
        case .running:
            return .submitted(
                upstreamID: prediction.id, pollAfterSeconds: ReplicateModel.pollAfter(category: request.category))
        }
    }

    public static func pollRequest(upstreamID: String, request: MediaRequest) throws(ProviderFailure) -> UpstreamRequest
    {
        UpstreamRequest(method: "GET", path: "/v1/predictions/\(try checkedID(upstreamID))")
    }

    public static func pollResponse(_ response: UpstreamResponse, request: MediaRequest) throws(ProviderFailure)
        -> MediaPoll
    {
        try state(of: try prediction(response), request: request)
    }

    /// The failure for a non-2xx answer. Replicate's problem-details body (`title`, `detail`) adds
    /// nothing the status does not say, so it is not read; 402 means our account is out of credit.
    public static func failure(status: Int, body: [UInt8], retryAfter: Double?) -> ProviderFailure {
        switch status {
        case 402: ProviderFailure(.unauthorized, "The provider account has a billing problem.", status: status)
        case 404: ProviderFailure(.rejected, "The provider does not know this model or job.", status: status)
        default: .fromStatus(status, retryAfter: retryAfter)
        }
    }

    // MARK: - Pieces

    /// The table entry for the request's slug.
    static func model(for request: MediaRequest) throws(ProviderFailure) -> ReplicateModel {
        guard let model = ReplicateModel.all[request.slug] else {
            throw ProviderFailure(.unsupported, "This provider does not serve the model.")
        }
        return model
    }

    /// Where a model's predictions are created, and the version to send there, if any. An
    /// `owner/name:version` upstream model runs that version; else the table's pin; else the official route.
    static func route(_ upstreamModel: String, pinned: String?) throws(ProviderFailure) -> (
        path: String, version: String?
    ) {
        let parts = upstreamModel.split(separator: ":", maxSplits: 1).map(String.init)
        let name = parts[0].split(separator: "/").map(String.init)
        guard name.count == 2, name.allSatisfy(isPathSafe), parts.count == 1 || isPathSafe(parts[1]) else {
            throw ProviderFailure(.unsupported, "The model's upstream name is not a Replicate model.")
        }
        if let version = parts.count == 2 ? parts[1] : pinned { return ("/v1/predictions", version) }
        return ("/v1/models/\(name[0])/\(name[1])/predictions", nil)
    }

    /// The prediction in a 2xx answer; a non-2xx answer throws its failure.
    static func prediction(_ response: UpstreamResponse) throws(ProviderFailure) -> ReplicateWire.Prediction {
        guard (200..<300).contains(response.status) else {
            throw failure(
                status: response.status, body: response.body,
                retryAfter: response.header("retry-after").flatMap(Double.init))
        }
        return try WireJSON.decode(ReplicateWire.Prediction.self, from: response.body)
    }

    /// What a prediction's status means, its output mapped when it succeeded.
    static func state(of prediction: ReplicateWire.Prediction, request: MediaRequest) throws(ProviderFailure)
        -> MediaPoll
    {
        switch prediction.status {
        case "succeeded":
            return .completed(try result(prediction.output, request: request))
        case "failed":
            return .failed(jobFailure(prediction.error?.stringValue))
        case "canceled":
            return .failed(ProviderFailure(.upstreamError, "The provider stopped the job before it finished."))
        default:
            // `starting` (booting a model) and `processing`; Replicate reports no progress.
            return .running(progress: nil, pollAfterSeconds: ReplicateModel.pollAfter(category: request.category))
        }
    }

    /// A prediction id fit for the poll path (Replicate's are lowercase base32).
    static func checkedID(_ id: String) throws(ProviderFailure) -> String {
        guard !id.isEmpty, isPathSafe(id) else {
            throw ProviderFailure(.malformed, "The provider's job id is not valid.")
        }
        return id
    }

    private static let pathCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")

    /// Whether `text` can stand as one path segment (no separators, no `..`).
    private static func isPathSafe(_ text: String) -> Bool {
        !text.isEmpty && text != "." && text != ".." && text.allSatisfy(pathCharacters.contains)
    }
}
