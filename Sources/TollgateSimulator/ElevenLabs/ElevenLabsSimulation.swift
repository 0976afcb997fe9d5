import Foundation
import Hummingbird

/// ElevenLabs' API under `/elevenlabs/v1`: audio endpoints answering audio bytes in the
/// `output_format` query's format (`text-to-speech/{voice_id}`, `sound-generation`,
/// `speech-to-speech/{voice_id}`, `audio-isolation`, `text-to-dialogue`, `music`), `speech-to-text`
/// (JSON transcript) and dubbing jobs (`dubbing`, `dubbing/{id}`, `dubbing/{id}/audio/{lang}`).
/// Auth by `xi-api-key`; errors as `{"detail": {"status", "message"}}`.
struct ElevenLabsSimulation: MediaProviderSimulation {
    let id = "elevenlabs"
    let media: MediaResponder

    func authenticate(_ request: Request) -> SimulatedFailure? {
        keyFailure(request.headers.value(named: "xi-api-key"))
    }

    func errorResponse(_ failure: SimulatedFailure) -> Response {
        let (status, message): (String, String) =
            switch (failure.reason, failure.status) {
            case (.missingKey, _):
                ("needs_authorization", "Neither authorization header nor xi-api-key received, please provide one.")
            case (.invalidKey, _), (_, 401): ("invalid_api_key", "Invalid API key")
            case (.invalidRequest, _): ("invalid_request", failure.message ?? "Invalid request.")
            case (.notFound, _), (_, 404): ("not_found", failure.message ?? "Not found.")
            case (_, 402): ("payment_required", "The account has run out of credits. (simulated)")
            case (_, 429): ("too_many_concurrent_requests", "Too many concurrent requests. (simulated)")
            case (_, let code) where code >= 500:
                ("internal_server_error", "An internal server error occurred. (simulated)")
            case (_, let code): ("simulated_error", "Simulated error \(code).")
            }
        return json(
            ElevenLabsWire.ErrorBody(detail: .init(status: status, message: message)),
            status: .init(code: failure.status))
    }

    func unknownJob() -> Response {
        errorResponse(SimulatedFailure(status: 404, reason: .notFound, message: "Dubbing not found."))
    }

    /// FastAPI's 422 for a missing body field or form part.
    func missing(_ field: String, in location: String = "body") -> Response {
        json(
            ElevenLabsWire.ValidationError(detail: [
                .init(loc: [location, field], msg: "Field required", type: "missing")
            ]), status: .init(code: 422))
    }

    /// The error a sync call answers when `job_fail` is set: a prompt refusal, or a server error.
    func syncFailure(_ failure: SimulatedJobFailure) -> Response {
        switch failure {
        case .nsfw:
            json(
                ElevenLabsWire.ErrorBody(
                    detail: .init(
                        status: "bad_prompt", message: "The prompt violates our Terms of Service. (simulated)")),
                status: .badRequest)
        case .error:
            errorResponse(.injected(status: 500))
        }
    }

    /// Mounts the routes.
    func add(to router: Router<BasicRequestContext>) {
        router.post("elevenlabs/v1/text-to-speech/{voice_id}") { request, _ in
            try await media.submit(request, as: self) { textToSpeech($0) }
        }
        router.post("elevenlabs/v1/text-to-speech/{voice_id}/stream") { request, _ in
            try await media.submit(request, as: self) { textToSpeech($0) }
        }
        router.post("elevenlabs/v1/sound-generation") { request, _ in
            try await media.submit(request, as: self) { soundGeneration($0) }
        }
        router.post("elevenlabs/v1/speech-to-speech/{voice_id}") { request, _ in
            try await media.submit(request, as: self) { audioTransform($0, stem: "sts") }
        }
        router.post("elevenlabs/v1/audio-isolation") { request, _ in
            try await media.submit(request, as: self) { audioTransform($0, stem: "isolation") }
        }
        router.post("elevenlabs/v1/text-to-dialogue") { request, _ in
            try await media.submit(request, as: self) { dialogue($0) }
        }
        router.post("elevenlabs/v1/music") { request, _ in
            try await media.submit(request, as: self) { music($0) }
        }
        router.post("elevenlabs/v1/speech-to-text") { request, _ in
            try await media.submit(request, as: self) { speechToText($0) }
        }
        router.post("elevenlabs/v1/dubbing") { request, _ in
            try await media.submit(request, as: self) { createDubbing($0) }
        }
        router.get("elevenlabs/v1/dubbing/{id}") { request, context in
            try await media.job(request, id: context.parameters.get("id") ?? "", as: self) { _, job, phase in
                json(dubbing(job, phase: phase))
            }
        }
        router.get("elevenlabs/v1/dubbing/{id}/audio/{language}") { request, context in
            let language = context.parameters.get("language") ?? ""
            return try await media.job(request, id: context.parameters.get("id") ?? "", as: self, poll: false) {
                _, job, phase in
                dubbedAudio(job, phase: phase, language: language)
            }
        }
    }
}
