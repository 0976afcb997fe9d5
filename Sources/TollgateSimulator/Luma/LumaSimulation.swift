import Foundation
import Hummingbird

/// What the simulator keeps of a Luma generation.
struct LumaJob: Sendable {
    var generationType: String
    var model: String
    var request: AnyJSON
    var assets: LumaWire.Assets
}

/// Luma's Dream Machine API under `/luma/dream-machine/v1`: `POST generations` (video),
/// `generations/video`, `generations/image`, and `GET generations/{id}`, which goes `queued` →
/// `dreaming` → `completed` (assets linking the simulator's file route) or `failed` with a
/// `failure_reason`. Bearer-key auth; errors as `{"detail": "…"}`.
struct LumaSimulation: MediaProviderSimulation {
    let id = "luma"
    let media: MediaResponder

    static let videoModels = ["ray-2", "ray-flash-2", "ray-1-6"]
    static let imageModels = ["photon-1", "photon-flash-1"]
    static let aspectRatios = ["1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"]

    func authenticate(_ request: Request) -> SimulatedFailure? {
        keyFailure(bearerKey(request))
    }

    func errorResponse(_ failure: SimulatedFailure) -> Response {
        let detail: String =
            switch (failure.reason, failure.status) {
            case (.missingKey, _): "Not authenticated"
            case (.invalidKey, _), (_, 401): "Invalid API key"
            case (.invalidRequest, _): failure.message ?? "Invalid request"
            case (.notFound, _), (_, 404): "Generation not found"
            case (_, 402): "Insufficient credits (simulated)"
            case (_, 429): "Too many requests (simulated)"
            case (_, let status) where status >= 500: "Internal server error (simulated)"
            case (_, let status): "Simulated error \(status)"
            }
        return json(LumaWire.ErrorBody(detail: detail), status: .init(code: failure.status))
    }

    /// Mounts the routes.
    func add(to router: Router<BasicRequestContext>) {
        for (path, type) in [("generations", "video"), ("generations/video", "video"), ("generations/image", "image")] {
            router.post("luma/dream-machine/v1/\(path)") { request, _ in
                try await media.submit(request, as: self) { create($0, type: type) }
            }
        }
        router.get("luma/dream-machine/v1/generations/{id}") { request, context in
            try await media.job(request, id: context.parameters.get("id") ?? "", as: self) { _, job, phase in
                json(generation(job, phase: phase))
            }
        }
    }

    /// Creates a `type` (`video` or `image`) generation.
    func create(_ call: MediaCall, type: String) -> Response {
        guard let request = call.json, var fields = request.objectValue else {
            return errorResponse(.invalidRequest("Request body must be a JSON object"))
        }
        let prompt = request["prompt"]?.stringValue ?? ""
        let isVideo = type == "video"
        if prompt.isEmpty, !(isVideo && request["keyframes"] != nil) {
            return errorResponse(.invalidRequest("prompt is required"))
        }
        let model = request["model"]?.stringValue ?? (isVideo ? "ray-2" : "photon-1")
        guard (isVideo ? Self.videoModels : Self.imageModels).contains(model) else {
            return errorResponse(.invalidRequest("Invalid model: \(model)"))
        }
        let aspect = request["aspect_ratio"]?.stringValue ?? "16:9"
        guard Self.aspectRatios.contains(aspect) else {
            return errorResponse(.invalidRequest("Invalid aspect_ratio: \(aspect)"))
        }
        let stem = "luma-\(call.sequence)"
        let assets: LumaWire.Assets
        if isVideo {
            let (width, height) = Self.videoSize(
                resolution: request["resolution"]?.stringValue ?? "720p", aspect: aspect)
            let seconds = Double((request["duration"]?.stringValue ?? "5s").trimmingCharacters(in: .letters)) ?? 5
            assets = .init(
                video: call.link(ResultFile(stem: stem, format: .mp4, width: width, height: height, seconds: seconds)),
                image: call.link(ResultFile(stem: stem + "-thumbnail", format: .jpg, width: width, height: height)))
        } else {
            let (width, height) = Self.imageSize(aspect: aspect)
            let format: ResultFile.Format = request["format"]?.stringValue == "png" ? .png : .jpg
            assets = .init(image: call.link(ResultFile(stem: stem, format: format, width: width, height: height)))
        }
        fields["generation_type"] = .string(type)
        let details = LumaJob(generationType: type, model: model, request: .object(fields), assets: assets)
        let job = media.createJob(id: call.uuid(), provider: id, call: call, details: details)
        return json(generation(job, phase: .queued), status: .created)
    }

    /// The generation object of `job` in `phase`.
    func generation(_ job: SimulatedJob, phase: JobPhase) -> LumaWire.Generation {
        let details = job.details as! LumaJob
        var generation = LumaWire.Generation(
            id: job.id, generationType: details.generationType, state: "queued", failureReason: OrNull(nil),
            createdAt: isoTimestamp(job.createdAt), assets: OrNull(nil), model: details.model, request: details.request)
        switch phase {
        case .queued:
            break
        case .running:
            generation.state = "dreaming"
        case .completed:
            generation.state = "completed"
            generation.assets = OrNull(details.assets)
        case .failed(.nsfw):
            generation.state = "failed"
            generation.failureReason = OrNull("400: prompt not allowed because advanced moderation failed (simulated)")
        case .failed(.error), .canceled:
            generation.state = "failed"
            generation.failureReason = OrNull("Job failed (simulated)")
        }
        return generation
    }

    /// A video frame: `resolution` lines (540p, 720p, 1080p, 4k) at `aspect`.
    static func videoSize(resolution: String, aspect: String) -> (Int, Int) {
        let lines =
            switch resolution.lowercased() {
            case "540p": 540
            case "1080p": 1080
            case "4k": 2160
            default: 720
            }
        let ratio = ReplicateModels.aspectRatio(aspect) ?? 16.0 / 9.0
        let long = Int((Double(lines) * max(ratio, 1 / ratio) / 2).rounded()) * 2
        return ratio >= 1 ? (long, lines) : (lines, long)
    }

    /// Photon's image size at `aspect`.
    static func imageSize(aspect: String) -> (Int, Int) {
        switch aspect {
        case "1:1": (1536, 1536)
        case "9:16": (1152, 2048)
        case "4:3": (1792, 1344)
        case "3:4": (1344, 1792)
        case "21:9": (2048, 880)
        case "9:21": (880, 2048)
        default: (2048, 1152)
        }
    }
}
