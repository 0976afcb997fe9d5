import Foundation
import Hummingbird

/// OpenAI's media APIs under `/openai/v1`: Images (`images/generations`, `images/edits`), Audio
/// (`audio/speech`, `audio/transcriptions`) and Videos (`videos`, `videos/{id}`, `videos/{id}/content`).
/// Bearer-key auth and `{"error": {...}}` errors, as the chat route.
struct MediaOpenAI: MediaProviderSimulation {
    let id = "openai"
    let media: MediaResponder

    func authenticate(_ request: Request) -> SimulatedFailure? {
        keyFailure(bearerKey(request))
    }

    func errorResponse(_ failure: SimulatedFailure) -> Response {
        json(OpenAISimulation.error(failure), status: .init(code: failure.status))
    }

    func unknownJob() -> Response {
        error(404, "Video not found.", code: "video_not_found")
    }

    /// An OpenAI error answer.
    func error(
        _ status: Int, _ message: String, type: String = "invalid_request_error", code: String? = nil,
        param: String? = nil
    ) -> Response {
        json(OpenAIErrorBody(message: message, type: type, code: code, param: param), status: .init(code: status))
    }

    /// The error a sync media call answers when `job_fail` is set: the moderation refusal OpenAI
    /// gives (`code` names it), or a server error.
    func syncFailure(_ failure: SimulatedJobFailure, policyCode: String) -> Response {
        switch failure {
        case .nsfw:
            error(400, "Your request was rejected as a result of our safety system. (simulated)", code: policyCode)
        case .error:
            error(
                500, "The server had an error while processing your request. Sorry about that! (simulated)",
                type: "server_error")
        }
    }

    /// Mounts the routes.
    func add(to router: Router<BasicRequestContext>) {
        router.post("openai/v1/images/generations") { request, _ in
            try await media.submit(request, as: self) { images($0, edit: false) }
        }
        router.post("openai/v1/images/edits") { request, _ in
            try await media.submit(request, as: self) { images($0, edit: true) }
        }
        router.post("openai/v1/audio/speech") { request, _ in
            try await media.submit(request, as: self) { speech($0) }
        }
        router.post("openai/v1/audio/transcriptions") { request, _ in
            try await media.submit(request, as: self) { transcription($0) }
        }
        router.post("openai/v1/videos") { request, _ in
            try await media.submit(request, as: self) { createVideo($0) }
        }
        router.get("openai/v1/videos/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await media.job(request, id: id, as: self) { call, job, phase in
                json(video(job, phase: phase, call: call), headers: pollHeaders(job))
            }
        }
        router.get("openai/v1/videos/{id}/content") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await media.job(request, id: id, as: self, poll: false) { call, job, phase in
                videoContent(call, job: job, phase: phase)
            }
        }
    }

    /// `[simulated openai <model>] <words of the prompt>`.
    static func answerText(model: String, prompt: String) -> String {
        MediaAnswer.text(provider: "openai", model: model, prompt: prompt)
    }
}
