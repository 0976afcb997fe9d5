import Foundation
import Hummingbird

/// The flow every media route follows. Submissions: count, read the body (JSON or a form), merge the
/// knobs (directives in its text fields, then `X-Sim-*` headers), authenticate, inject an error if
/// asked, wait `latency_ms`, answer. Polls: count, authenticate, find the job, apply its submission's
/// knobs and the poll's headers, inject an error if asked, wait, answer with the job's phase.
struct MediaResponder: Sendable {
    /// The run's knobs.
    let defaults: SimulatorKnobs
    /// The counters.
    let stats: SimulatorStats
    /// The jobs.
    let jobs: JobBook
    /// Where result files are linked from; `nil`: `http://` and the request's host.
    let fileBaseURL: String?

    /// The largest request body read (uploads for transcription and dubbing).
    static let maxBodySize = 64 << 20

    /// Answers a submission (or a sync media call) with `answer`.
    func submit(
        _ request: Request, as provider: some MediaProviderSimulation,
        answer: (MediaCall) async throws -> Response
    ) async throws -> Response {
        let sequence = stats.requestReceived()
        var request = request
        let body = Array(try await request.collectBody(upTo: Self.maxBodySize).readableBytesView)
        let form = MultipartBody.boundary(contentType: request.headers[.contentType]).flatMap {
            MultipartBody(bytes: body, boundary: $0)
        }
        let json = form == nil ? AnyJSON.decode(body) : nil
        // In a form, only text fields may carry a directive: file bytes are not text.
        let directive =
            form.map { $0.textFields.reduce(KnobOverrides()) { $0.merging(SimulatorDirective.parse($1)) } }
            ?? SimulatorDirective.parse(body)
        let overrides = directive.merging(KnobOverrides(headers: request.headers))
        let knobs = defaults.applying(overrides)

        if let failure = provider.authenticate(request) {
            return provider.errorResponse(failure)
        }
        let seedText = form?.textFields.joined(separator: "\n") ?? String(decoding: body, as: UTF8.self)
        if let status = knobs.injectedError(seed: SeededRandom.seed(seedText)) {
            stats.errorInjected()
            try await SimulatorResponder.sleep(milliseconds: knobs.latencyMs)
            return provider.errorResponse(.injected(status: status))
        }
        try await SimulatorResponder.sleep(milliseconds: knobs.latencyMs)
        let call = MediaCall(
            request: request, body: body, json: json, form: form, knobs: knobs, overrides: overrides,
            sequence: sequence, baseURL: baseURL(request))
        return try await answer(call)
    }

    /// Answers a request about job `id` of `provider` with `answer`, given the job and its phase.
    /// A status poll (`poll: true`) counts in `jobPolls`; a content download does not.
    func job(
        _ request: Request, id: String, as provider: some MediaProviderSimulation, poll: Bool = true,
        answer: (MediaCall, SimulatedJob, JobPhase) async throws -> Response
    ) async throws -> Response {
        let sequence = stats.requestReceived()
        if poll { stats.jobPolled() }
        if let failure = provider.authenticate(request) {
            return provider.errorResponse(failure)
        }
        guard let known = jobs.peek(id, provider: provider.id) else {
            return provider.unknownJob()
        }
        let overrides = known.overrides.merging(KnobOverrides(headers: request.headers))
        let knobs = defaults.applying(overrides)
        // Each poll draws its own fate: seeded by the job and the request's sequence number.
        if let status = knobs.injectedError(seed: SeededRandom.seed(id) ^ UInt64(sequence) &* 0x9E37_79B9_7F4A_7C15) {
            stats.errorInjected()
            try await SimulatorResponder.sleep(milliseconds: knobs.latencyMs)
            return provider.errorResponse(.injected(status: status))
        }
        try await SimulatorResponder.sleep(milliseconds: knobs.latencyMs)
        guard let (job, phase) = jobs.look(id, provider: provider.id) else {
            return provider.unknownJob()
        }
        let call = MediaCall(
            request: request, body: [], json: nil, form: nil, knobs: knobs, overrides: overrides,
            sequence: sequence, baseURL: baseURL(request))
        return try await answer(call, job, phase)
    }

    /// Records a job created by `call`, running `knobs.jobMs` and ending as `knobs.jobFail` says.
    @discardableResult
    func createJob(id: String, provider: String, call: MediaCall, details: any Sendable) -> SimulatedJob {
        let job = SimulatedJob(
            id: id, provider: provider, created: jobs.now(), createdAt: call.now, durationMs: call.knobs.jobMs,
            failure: call.knobs.jobFail, overrides: call.overrides, details: details)
        jobs.add(job)
        return job
    }

    /// `http://host:port` of this simulator as the request reached it (or the configured base).
    func baseURL(_ request: Request) -> String {
        if let fileBaseURL { return fileBaseURL.hasSuffix("/") ? String(fileBaseURL.dropLast()) : fileBaseURL }
        let host = request.head.authority ?? "127.0.0.1"
        return "http://" + host
    }
}
