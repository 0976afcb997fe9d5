import Foundation
import Hummingbird

/// What the simulator keeps of a dubbing.
struct ElevenLabsDubbingJob: Sendable {
    var name: String
    var sourceLanguage: String
    var targetLanguages: [String]
    /// The source's length, in seconds.
    var seconds: Double
    /// The source's media type.
    var contentType: String
}

extension ElevenLabsSimulation {
    /// `POST /v1/dubbing`: a form with a `file` (or `source_url`) and `target_lang` → a dubbing job,
    /// whose `media_metadata.duration` is the source's real length (read from the upload's headers,
    /// or from a simulator file link's name).
    func createDubbing(_ call: MediaCall) -> Response {
        guard let form = call.form else { return missing("target_lang") }
        let upload = form.part("file")
        let url = form.field("source_url")
        guard upload?.isFile == true || url?.isEmpty == false else {
            return errorResponse(.invalidRequest("Either file or source_url must be provided."))
        }
        guard let target = form.field("target_lang"), !target.isEmpty else { return missing("target_lang") }
        let seconds = upload.map { AudioDuration.seconds(of: $0.bytes) } ?? url.flatMap { Self.urlSeconds($0) } ?? 60
        let contentType =
            upload?.contentType ?? url.flatMap {
                ResultFile(name: String($0.split(separator: "/").last ?? ""))?.format.contentType
            } ?? "audio/mpeg"
        let details = ElevenLabsDubbingJob(
            name: form.field("name") ?? upload?.filename ?? "simulated dubbing",
            sourceLanguage: form.field("source_lang") ?? "auto",
            targetLanguages: [target], seconds: (seconds * 1000).rounded() / 1000, contentType: contentType)
        let job = media.createJob(id: call.hexID(length: 20), provider: id, call: call, details: details)
        return json(
            ElevenLabsWire.DubbingCreated(dubbingID: job.id, expectedDurationSec: Double(job.durationMs) / 1000))
    }

    /// The dubbing object of `job` in `phase`: `dubbing` until it ends `dubbed` or `failed`.
    func dubbing(_ job: SimulatedJob, phase: JobPhase) -> ElevenLabsWire.Dubbing {
        let details = job.details as! ElevenLabsDubbingJob
        var dubbing = ElevenLabsWire.Dubbing(
            dubbingID: job.id, name: details.name, status: "dubbing", sourceLanguage: details.sourceLanguage,
            targetLanguages: details.targetLanguages, createdAt: isoTimestamp(job.createdAt),
            mediaMetadata: .init(contentType: details.contentType, duration: details.seconds), error: OrNull(nil))
        switch phase {
        case .queued, .running:
            break
        case .completed:
            dubbing.status = "dubbed"
        case .failed(.nsfw):
            dubbing.status = "failed"
            dubbing.error = OrNull("The content violates our Terms of Service. (simulated)")
        case .failed(.error), .canceled:
            dubbing.status = "failed"
            dubbing.error = OrNull("Dubbing failed. (simulated)")
        }
        return dubbing
    }

    /// `GET /v1/dubbing/{id}/audio/{language_code}`: the dubbed file (MP4 for a video source, MP3
    /// otherwise), once `dubbed`.
    func dubbedAudio(_ job: SimulatedJob, phase: JobPhase, language: String) -> Response {
        let details = job.details as! ElevenLabsDubbingJob
        guard details.targetLanguages.contains(language) else {
            return errorResponse(
                SimulatedFailure(
                    status: 404, reason: .notFound, message: "Language \(language) not found in this dubbing."))
        }
        guard phase == .completed else {
            return json(
                ElevenLabsWire.ErrorBody(
                    detail: .init(status: "dubbing_not_ready", message: "The dubbing is not finished yet.")),
                status: .init(code: 425))
        }
        let isVideo = details.contentType.hasPrefix("video/")
        let file =
            isVideo
            ? ResultFile(
                stem: "elevenlabs-dub-\(job.id)-\(language)", format: .mp4, width: 1280, height: 720,
                seconds: details.seconds)
            : ResultFile(stem: "elevenlabs-dub-\(job.id)-\(language)", format: .mp3, seconds: details.seconds)
        media.stats.fileServed()
        return self.file(file.bytes(), contentType: file.format.contentType)
    }
}
