import Foundation
import Hummingbird

/// What the simulator keeps of a LegNext task.
struct LegNextJob: Sendable {
    var taskType: String
    var input: AnyJSON
    var callback: String
    var points: Int
    /// The output once completed.
    var output: LegNextWire.Output
}

/// MidJourney through LegNext's API under `/midjourney/api/v1`: `POST diffusion` (`{text}` → a
/// 2×2 grid and its four images), `POST video-diffusion` (`{prompt, videoType}` → `video_urls`),
/// `GET job/{job_id}`, going `pending` → `processing` → `completed` (or `failed`). Auth by
/// `x-api-key`; errors are the task object with `status: "failed"` and an `error`.
struct LegNextSimulation: MediaProviderSimulation {
    let id = "midjourney"
    let media: MediaResponder

    func authenticate(_ request: Request) -> SimulatedFailure? {
        keyFailure(request.headers.value(named: "x-api-key"))
    }

    func errorResponse(_ failure: SimulatedFailure) -> Response {
        let message: String =
            switch (failure.reason, failure.status) {
            case (.missingKey, _): "Missing API key: pass it in the x-api-key header."
            case (.invalidKey, _), (_, 401): "Invalid API key."
            case (.invalidRequest, _): failure.message ?? "Invalid request."
            case (.notFound, _), (_, 404): "Job not found."
            case (_, 402): "Insufficient balance. (simulated)"
            case (_, 429): "Too many concurrent tasks. (simulated)"
            case (_, let status) where status >= 500: "Internal server error. (simulated)"
            case (_, let status): "Simulated error \(status)."
            }
        let task = LegNextWire.Task(
            jobID: "", taskType: "", status: "failed", config: .init(webhookConfig: .init(endpoint: "")),
            input: OrNull(nil), output: OrNull(nil), meta: OrNull(nil),
            error: .init(code: failure.status, rawMessage: "", message: message))
        return json(task, status: .init(code: failure.status))
    }

    /// Mounts the routes.
    func add(to router: Router<BasicRequestContext>) {
        router.post("midjourney/api/v1/diffusion") { request, _ in
            try await media.submit(request, as: self) { diffusion($0) }
        }
        router.post("midjourney/api/v1/video-diffusion") { request, _ in
            try await media.submit(request, as: self) { videoDiffusion($0) }
        }
        router.get("midjourney/api/v1/job/{job_id}") { request, context in
            try await media.job(request, id: context.parameters.get("job_id") ?? "", as: self) { _, job, phase in
                json(task(job, phase: phase))
            }
        }
    }

    /// `POST /api/v1/diffusion`: `text` (1–8192 characters, Midjourney parameters such as `--ar 16:9`
    /// included) → a task whose output is the grid and the four images at that aspect ratio.
    func diffusion(_ call: MediaCall) -> Response {
        guard let text = call.string("text"), (1...8192).contains(text.count) else {
            return errorResponse(.invalidRequest("text is required (1-8192 characters)"))
        }
        let (width, height) = Self.imageSize(Self.parameter("ar", in: text))
        let stem = "midjourney-\(call.sequence)"
        let output = LegNextWire.Output(
            imageURL: call.link(ResultFile(stem: stem + "-grid", format: .png, width: width * 2, height: height * 2)),
            imageURLs: OrNull(
                (0..<4).map { call.link(ResultFile(stem: "\(stem)-\($0)", format: .png, width: width, height: height)) }
            ),
            seed: Self.seed(call))
        return create(call, taskType: "diffusion", points: 80, output: output)
    }

    /// `POST /api/v1/video-diffusion`: `prompt` (an image URL first, then the text) or `jobId` +
    /// `imageNo`; `videoType` 0 (480p) or 1 (720p); `--bs` in the prompt for how many videos (default 4).
    func videoDiffusion(_ call: MediaCall) -> Response {
        let prompt = call.string("prompt") ?? ""
        let fromJob = call.string("jobId") != nil && call.int("imageNo") != nil
        guard fromJob || (1...8192).contains(prompt.count) else {
            return errorResponse(.invalidRequest("prompt is required (1-8192 characters), or jobId and imageNo"))
        }
        let videoType = call.int("videoType") ?? 0
        guard videoType == 0 || videoType == 1 else {
            return errorResponse(.invalidRequest("videoType must be 0 (480p) or 1 (720p)"))
        }
        let lines = videoType == 1 ? 720 : 480
        let ratio = ReplicateModels.aspectRatio(Self.parameter("ar", in: prompt)) ?? 1
        let long = Int((Double(lines) * max(ratio, 1 / ratio) / 2).rounded()) * 2
        let (width, height) = ratio >= 1 ? (long, lines) : (lines, long)
        let count = Self.parameter("bs", in: prompt).flatMap(Int.init).map { min(4, max(1, $0)) } ?? 4
        let stem = "midjourney-\(call.sequence)"
        let output = LegNextWire.Output(
            videoURLs: (0..<count).map {
                call.link(ResultFile(stem: "\(stem)-\($0)", format: .mp4, width: width, height: height, seconds: 5))
            },
            seed: Self.seed(call))
        return create(call, taskType: "video_diffusion", points: videoType == 1 ? 1200 : 400, output: output)
    }

    private func create(_ call: MediaCall, taskType: String, points: Int, output: LegNextWire.Output) -> Response {
        let details = LegNextJob(
            taskType: taskType, input: call.json ?? .null, callback: call.string("callback") ?? "", points: points,
            output: output)
        let job = media.createJob(id: call.uuid(), provider: id, call: call, details: details)
        return json(task(job, phase: .queued))
    }

    /// The task object of `job` in `phase`.
    func task(_ job: SimulatedJob, phase: JobPhase) -> LegNextWire.Task {
        let details = job.details as! LegNextJob
        // LegNext writes times it has not reached as Go's zero time.
        let zero = "0001-01-01T00:00:00Z"
        var task = LegNextWire.Task(
            jobID: job.id, taskType: details.taskType, status: "pending",
            config: .init(webhookConfig: .init(endpoint: details.callback)), input: OrNull(details.input),
            output: OrNull(LegNextWire.Output(imageURL: "", imageURLs: OrNull(nil), seed: "")),
            meta: OrNull(
                .init(
                    createdAt: Self.timestamp(job.createdAt), startedAt: zero, endedAt: zero,
                    usage: .init(frozen: details.points, consume: 0))),
            error: .init())
        switch phase {
        case .queued:
            break
        case .running(let progress):
            task.status = "processing"
            task.meta.value?.startedAt = Self.timestamp(job.startedAt)
            task.logs = ["[simulated] progress \(progress)%"]
        case .completed:
            task.status = "completed"
            task.output = OrNull(details.output)
            task.meta.value?.startedAt = Self.timestamp(job.startedAt)
            task.meta.value?.endedAt = Self.timestamp(job.finishedAt)
            task.meta.value?.usage = .init(frozen: 0, consume: details.points)
        case .failed(let failure):
            task.status = "failed"
            task.output = OrNull(nil)
            task.meta.value?.endedAt = Self.timestamp(job.finishedAt)
            task.meta.value?.usage = .init(frozen: 0, consume: 0)
            task.error =
                failure == .nsfw
                ? .init(
                    code: 400, rawMessage: "Banned Prompt",
                    message:
                        "Sorry! Our AI moderator thinks this prompt is probably against our community standards. (simulated)"
                )
                : .init(code: 500, rawMessage: "Job failed", message: "The task failed. (simulated)")
        case .canceled:
            task.status = "failed"
            task.output = OrNull(nil)
            task.error = .init(code: 499, rawMessage: "Canceled", message: "The task was canceled.")
        }
        return task
    }

    /// The value of a Midjourney `--name value` parameter in `prompt`.
    static func parameter(_ name: String, in prompt: String) -> String? {
        let words = prompt.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard let index = words.firstIndex(where: { $0 == "--" + name }), index + 1 < words.count else { return nil }
        return String(words[index + 1])
    }

    /// MidJourney's image sizes for the common aspect ratios.
    static let imageSizes: [String: (Int, Int)] = [
        "1:1": (1024, 1024), "2:3": (896, 1344), "3:2": (1344, 896), "9:16": (816, 1456), "16:9": (1456, 816),
        "3:4": (896, 1232), "4:3": (1232, 896),
    ]

    /// One image of the grid at aspect ratio `text`: MidJourney's size for it, else about a megapixel
    /// (sides multiples of 16).
    static func imageSize(_ text: String?) -> (Int, Int) {
        if let size = imageSizes[text ?? "1:1"] { return size }
        let ratio = ReplicateModels.aspectRatio(text) ?? 1
        let width = 1024 * sqrt(ratio), height = 1024 / sqrt(ratio)
        return (Int((width / 16).rounded()) * 16, Int((height / 16).rounded()) * 16)
    }

    /// A seed made from the request.
    static func seed(_ call: MediaCall) -> String {
        String(SeededRandom.seed(String(decoding: call.body, as: UTF8.self)) % 4_294_967_296)
    }

    /// RFC 3339 in UTC, whole seconds (`2025-12-24T04:24:18Z`).
    static func timestamp(_ date: Date) -> String {
        var style = Date.ISO8601FormatStyle()
        style.timeZone = TimeZone(identifier: "UTC")!
        return date.formatted(style)
    }
}
