import Foundation
import Hummingbird

/// The flow every provider route follows: count, read the body, merge the knobs, authenticate,
/// parse, inject an error if asked, then answer buffered or streamed.
struct SimulatorResponder: Sendable {
    /// The run's knobs.
    let defaults: SimulatorKnobs
    /// The counters.
    let stats: SimulatorStats

    /// The largest request body read.
    static let maxBodySize = 32 << 20

    /// Answers one provider request.
    func respond(to request: Request, as provider: some ProviderSimulation, route: RouteFacts = RouteFacts())
        async throws -> Response
    {
        let sequence = stats.requestReceived()
        var request = request
        let body = try await request.collectBody(upTo: Self.maxBodySize)
        let overrides = SimulatorDirective.parse(body.readableBytesView).merging(
            KnobOverrides(headers: request.headers))
        let knobs = overrides.isEmpty ? defaults : defaults.applying(overrides)

        if let failure = provider.authenticate(request) {
            return provider.errorResponse(failure)
        }
        let turn: ChatTurn
        do {
            turn = try provider.parse(body, route: route)
        } catch {
            return provider.errorResponse(error)
        }
        if let status = knobs.injectedError(seed: SeededRandom.seed(turn.prompt)) {
            stats.errorInjected()
            try await Self.sleep(milliseconds: knobs.latencyMs)
            return provider.errorResponse(.injected(status: status))
        }

        let exchange = Exchange(
            turn: turn,
            knobs: knobs,
            sequence: sequence,
            created: Int(Date().timeIntervalSince1970),
            answer: SimulatedAnswer(
                provider: provider.id, model: turn.model, prompt: turn.prompt, chunks: knobs.effectiveChunks)
        )
        if turn.stream {
            let runner = StreamRunner(script: provider.stream(exchange), knobs: knobs, stats: stats, request: request)
            var headers: HTTPFields = [.contentType: provider.streamContentType(turn), .cacheControl: "no-cache"]
            if knobs.streamWatchesClient {
                // Watching for the client to leave consumes the connection: tell the client not to reuse it.
                headers[.connection] = "close"
            }
            return Response(status: .ok, headers: headers, body: runner.body())
        }
        try await Self.sleep(milliseconds: knobs.latencyMs)
        return provider.jsonResponse(status: 200, body: provider.completion(exchange))
    }

    /// Sleeps `milliseconds` (no-op for 0) on the simulator's one clock; throws if the task is cancelled.
    static func sleep(milliseconds: Int) async throws {
        guard milliseconds > 0 else { return }
        try await Pacer.shared.sleep(until: .now + .milliseconds(milliseconds))
    }
}
