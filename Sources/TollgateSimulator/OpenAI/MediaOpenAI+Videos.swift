import Foundation
import Hummingbird

/// What the simulator keeps of a Sora job.
struct OpenAIVideoJob: Sendable {
    var model: String
    var seconds: String
    var size: String
}

extension MediaOpenAI {
    /// Sora's lengths and sizes.
    static let videoSeconds = ["4", "8", "12"]
    static let videoSizes = ["720x1280", "1280x720", "1024x1792", "1792x1024"]

    /// `POST /v1/videos` (JSON, or a form with an `input_reference` file): creates a `queued` job.
    func createVideo(_ call: MediaCall) -> Response {
        guard let prompt = call.string("prompt"), !prompt.isEmpty else {
            return error(
                400, "Missing required parameter: 'prompt'.", code: "missing_required_parameter", param: "prompt")
        }
        let seconds = call.string("seconds") ?? call.int("seconds").map(String.init) ?? "4"
        guard Self.videoSeconds.contains(seconds) else {
            return error(
                400, "Invalid value: '\(seconds)'. Supported values are: '4', '8', and '12'.", code: "invalid_value",
                param: "seconds")
        }
        let size = call.string("size") ?? "720x1280"
        guard Self.videoSizes.contains(size) else {
            return error(
                400,
                "Invalid value: '\(size)'. Supported values are: '720x1280', '1280x720', '1024x1792', and '1792x1024'.",
                code: "invalid_value", param: "size")
        }
        let details = OpenAIVideoJob(model: call.string("model") ?? "sora-2", seconds: seconds, size: size)
        let job = media.createJob(id: "video_" + call.hexID(length: 32), provider: id, call: call, details: details)
        return json(video(job, phase: .queued, call: call), headers: pollHeaders(job))
    }

    /// The video object of `job` in `phase`.
    func video(_ job: SimulatedJob, phase: JobPhase, call: MediaCall) -> MediaOpenAIWire.Video {
        let details = job.details as! OpenAIVideoJob
        let finished = Int(job.finishedAt.timeIntervalSince1970)
        var video = MediaOpenAIWire.Video(
            id: job.id, createdAt: Int(job.createdAt.timeIntervalSince1970), status: "queued", model: details.model,
            progress: 0, seconds: details.seconds, size: details.size, completedAt: OrNull(nil), expiresAt: OrNull(nil),
            error: OrNull(nil))
        switch phase {
        case .queued:
            break
        case .running(let progress):
            video.status = "in_progress"
            video.progress = progress
        case .completed:
            video.status = "completed"
            video.progress = 100
            video.completedAt = OrNull(finished)
            video.expiresAt = OrNull(finished + 3600)
        case .failed(let failure):
            video.status = "failed"
            video.error = OrNull(Self.videoError(failure))
        case .canceled:
            video.status = "failed"
            video.error = OrNull(MediaOpenAIWire.VideoError(code: "cancelled", message: "The video was cancelled."))
        }
        return video
    }

    /// Why a simulated Sora job failed, in OpenAI's words.
    static func videoError(_ failure: SimulatedJobFailure) -> MediaOpenAIWire.VideoError {
        switch failure {
        case .nsfw:
            .init(code: "moderation_blocked", message: "Your request was blocked by our moderation system. (simulated)")
        case .error:
            .init(code: "internal_error", message: "Video generation failed. (simulated)")
        }
    }

    /// `openai-poll-after-ms`: a quarter of the job's run, between 10 ms and 2 s.
    func pollHeaders(_ job: SimulatedJob) -> HTTPFields {
        var headers = HTTPFields()
        headers[.init("openai-poll-after-ms")!] = String(min(2000, max(10, job.durationMs / 4)))
        return headers
    }

    /// `GET /v1/videos/{id}/content?variant=video|thumbnail|spritesheet`: the MP4, a WebP thumbnail or
    /// a JPEG sprite sheet, once the job is completed.
    func videoContent(_ call: MediaCall, job: SimulatedJob, phase: JobPhase) -> Response {
        guard phase == .completed else {
            return error(
                404, "Video is not ready yet; its status must be 'completed' to download content.",
                code: "video_not_ready")
        }
        let details = job.details as! OpenAIVideoJob
        let dimensions = details.size.split(separator: "x").compactMap { Int($0) }
        let (width, height) = dimensions.count == 2 ? (dimensions[0], dimensions[1]) : (720, 1280)
        let file: ResultFile
        switch call.query("variant") ?? "video" {
        case "video":
            file = ResultFile(
                stem: job.id, format: .mp4, width: width, height: height, seconds: Double(details.seconds) ?? 4)
        case "thumbnail":
            file = ResultFile(stem: job.id + "-thumbnail", format: .webp, width: width, height: height)
        case "spritesheet":
            file = ResultFile(stem: job.id + "-spritesheet", format: .jpg, width: width, height: height)
        case let other:
            return error(
                400, "Invalid value: '\(other)'. Supported values are: 'video', 'thumbnail', and 'spritesheet'.",
                code: "invalid_value", param: "variant")
        }
        media.stats.fileServed()
        return self.file(file.bytes(), contentType: file.format.contentType)
    }
}
