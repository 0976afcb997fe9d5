import Foundation
import Hummingbird

/// What the simulator keeps of a prediction.
struct ReplicateJob: Sendable {
    var model: String
    var version: String
    var input: AnyJSON
    /// The output it has once it succeeds.
    var output: AnyJSON
}

/// Replicate's predictions API under `/replicate/v1`: `POST models/{owner}/{name}/predictions`
/// (official models), `POST predictions` (by `version`), `GET predictions/{id}`,
/// `POST predictions/{id}/cancel`. A prediction goes `starting` → `processing` → `succeeded` (or
/// `failed` with `job_fail`), its output pointing at the simulator's own file route. `Prefer: wait`
/// holds the creation up to its seconds (at most the job's run), as Replicate's sync mode does.
struct ReplicateSimulation: MediaProviderSimulation {
    let id = "replicate"
    let media: MediaResponder

    func authenticate(_ request: Request) -> SimulatedFailure? {
        // Replicate takes `Bearer` and its older `Token` scheme.
        let value = request.headers[.authorization] ?? ""
        let parts = value.split(separator: " ", maxSplits: 1)
        let key =
            parts.count == 2 && ["bearer", "token"].contains(parts[0].lowercased())
            ? String(parts[1].trimmingSpaces) : nil
        return keyFailure(key)
    }

    func errorResponse(_ failure: SimulatedFailure) -> Response {
        var headers: HTTPFields = [:]
        let problem: ReplicateWire.Problem
        switch (failure.reason, failure.status) {
        case (.missingKey, _):
            problem = .init(title: "Unauthenticated", detail: "You did not pass an authentication token", status: 401)
        case (.invalidKey, _), (_, 401):
            problem = .init(
                title: "Unauthenticated", detail: "You did not pass a valid authentication token", status: 401)
        case (.invalidRequest, let status):
            problem = .init(
                title: "Input validation failed", detail: failure.message ?? "Invalid input.", status: status)
        case (.notFound, _), (_, 404):
            problem = .init(title: "Not found", detail: "The requested resource could not be found.", status: 404)
        case (_, 402):
            problem = .init(
                title: "Insufficient credit", detail: "You have insufficient credit to run this model. (simulated)",
                status: 402)
        case (_, 429):
            headers[.retryAfter] = "1"
            problem = .init(
                title: "Request was throttled.", detail: "Request was throttled. Expected available in 1 second.",
                status: 429)
        case (_, let status) where status >= 500:
            problem = .init(title: "Internal server error", detail: "Something went wrong. (simulated)", status: status)
        case (_, let status):
            problem = .init(title: "Simulated error", detail: "Simulated error \(status).", status: status)
        }
        var response = json(problem, status: .init(code: problem.status), headers: headers)
        response.headers[.contentType] = "application/problem+json"
        return response
    }

    /// Mounts the routes.
    func add(to router: Router<BasicRequestContext>) {
        router.post("replicate/v1/models/{owner}/{name}/predictions") { request, context in
            let model = (context.parameters.get("owner") ?? "") + "/" + (context.parameters.get("name") ?? "")
            return try await media.submit(request, as: self) { call in
                try await create(call, model: model, version: nil)
            }
        }
        router.post("replicate/v1/predictions") { request, _ in
            try await media.submit(request, as: self) { call in
                guard let version = call.json?["version"]?.stringValue, !version.isEmpty else {
                    return errorResponse(
                        .init(
                            status: 422, reason: .invalidRequest,
                            message: "- version: Does not match format 'owner/name:version' or a version id"))
                }
                return try await create(call, model: nil, version: version)
            }
        }
        router.get("replicate/v1/predictions/{id}") { request, context in
            try await media.job(request, id: context.parameters.get("id") ?? "", as: self) { call, job, phase in
                json(prediction(job, phase: phase, call: call))
            }
        }
        router.post("replicate/v1/predictions/{id}/cancel") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await media.job(request, id: id, as: self, poll: false) { call, job, _ in
                let phase = media.jobs.cancel(id, provider: self.id)?.phase ?? .canceled
                return json(prediction(job, phase: phase, call: call))
            }
        }
    }

    /// Creates a prediction of `model` (official route) or `version` (`owner/name:hash` or a bare hash).
    func create(_ call: MediaCall, model: String?, version: String?) async throws -> Response {
        guard let input = call.json?["input"], input.objectValue != nil else {
            return errorResponse(
                .init(
                    status: 422, reason: .invalidRequest,
                    message: "- input: Invalid type. Expected: object, given: null"))
        }
        let (modelName, versionID) = ReplicateModels.identify(model: model, version: version)
        if let missing = ReplicateModels.required[modelName]?.first(where: { input[$0] == nil }) {
            return errorResponse(
                .init(status: 422, reason: .invalidRequest, message: "- input: \(missing) is required"))
        }
        let output = ReplicateModels.output(
            model: modelName, input: input, stem: "replicate-\(call.sequence)", call: call)
        let job = media.createJob(
            id: call.base32ID(), provider: id, call: call,
            details: ReplicateJob(model: modelName, version: versionID, input: input, output: output))
        var phase = JobPhase.queued
        if let wait = Self.preferWait(call.request.headers) {
            try await SimulatorResponder.sleep(milliseconds: min(wait * 1000, job.durationMs))
            phase = media.jobs.look(job.id, provider: id)?.phase ?? .queued
        }
        return json(prediction(job, phase: phase, call: call), status: .created)
    }

    /// The seconds a `Prefer: wait` or `Prefer: wait=N` header asks to hold the request (1–60, default 60).
    static func preferWait(_ headers: HTTPFields) -> Int? {
        guard let value = headers.value(named: "prefer")?.lowercased().trimmingSpaces, value.hasPrefix("wait") else {
            return nil
        }
        let seconds =
            value.split(separator: "=", maxSplits: 1).dropFirst().first.flatMap { Int($0.trimmingSpaces) } ?? 60
        return min(60, max(1, seconds))
    }

    /// The prediction object of `job` in `phase`.
    func prediction(_ job: SimulatedJob, phase: JobPhase, call: MediaCall) -> ReplicateWire.Prediction {
        let details = job.details as! ReplicateJob
        let get = call.baseURL + "/replicate/v1/predictions/" + job.id
        var prediction = ReplicateWire.Prediction(
            id: job.id, model: details.model, version: details.version, input: details.input, logs: "",
            output: .null, error: OrNull(nil), status: "starting", createdAt: isoTimestamp(job.createdAt),
            urls: .init(cancel: get + "/cancel", get: get, web: "https://replicate.com/p/" + job.id))
        let runSeconds = Double(job.durationMs) / 1000
        switch phase {
        case .queued:
            break
        case .running(let progress):
            prediction.status = "processing"
            prediction.startedAt = isoTimestamp(job.startedAt)
            prediction.logs = "[simulated] \(progress)% done\n"
        case .completed:
            prediction.status = "succeeded"
            prediction.output = details.output
            prediction.logs = "[simulated] 100% done\n"
            prediction.startedAt = isoTimestamp(job.startedAt)
            prediction.completedAt = isoTimestamp(job.finishedAt)
            prediction.metrics = .init(predictTime: runSeconds * 0.75, totalTime: runSeconds)
        case .failed(let failure):
            prediction.status = "failed"
            prediction.error = OrNull(Self.failureText(failure, model: details.model))
            prediction.startedAt = isoTimestamp(job.startedAt)
            prediction.completedAt = isoTimestamp(job.finishedAt)
        case .canceled:
            prediction.status = "canceled"
            prediction.completedAt = isoTimestamp(Date())
        }
        return prediction
    }

    /// A failed prediction's `error`: the model's safety-filter wording for `nsfw` (Flux's and Kling's
    /// E005, the NSFW checker's otherwise), else a model failure.
    static func failureText(_ failure: SimulatedJobFailure, model: String) -> String {
        switch failure {
        case .nsfw where model.contains("flux") || model.contains("kling"):
            "E005: The input or output was flagged as sensitive. Please try again with different inputs. (simulated)"
        case .nsfw:
            "NSFW content detected. Try running it again, or try a different prompt. (simulated)"
        case .error:
            "Prediction failed: the simulated model raised an error. (simulated)"
        }
    }
}
