/// What the simulator does to one request: how slow, how long, and how it fails.
///
/// The run's defaults come from `SimulatorConfiguration.defaults`; a request overrides them with a
/// `[[sim …]]` directive in its text or with `X-Sim-*` headers (see `KnobOverrides`).
public struct SimulatorKnobs: Sendable, Equatable {
    /// Delay before the response (buffered) or before the first event (streamed), in milliseconds.
    public var latencyMs = 0
    /// Delay between two stream deltas, in milliseconds.
    public var chunkIntervalMs = 0
    /// Number of content deltas in a stream, and of pieces in a buffered answer (at least 1).
    public var chunks = 8
    /// Answer with this HTTP status, in the provider's own error format.
    public var errorStatus: Int? = nil
    /// Probability of answering with the error; 0 means always when `errorStatus` is set.
    /// Drawn from a PRNG seeded by the request's text, so the same request always gets the same fate.
    public var errorRate = 0.0
    /// Stream: after this many deltas, stop sending but keep the connection open.
    public var stallAfter: Int? = nil
    /// Stream: after this many deltas, close the connection abruptly, with no final events.
    public var cutAfter: Int? = nil
    /// Stream: after this many deltas, send the provider's in-stream error and end the stream.
    public var errorAfter: Int? = nil
    /// Media jobs: how long an async job runs, from its creation to its final state, in milliseconds
    /// (queued for the first quarter, then running with progress, then completed or failed).
    public var jobMs = 300
    /// Media jobs: end the job failed, in the provider's failure shape (`nsfw`: its content-policy
    /// wording); sync media endpoints answer the provider's error at once. `nil` succeeds.
    public var jobFail: SimulatedJobFailure? = nil

    /// The defaults: no delay, 8 chunks, no failure.
    public init() {}

    /// These knobs with every value `overrides` sets replaced.
    public func applying(_ overrides: KnobOverrides) -> SimulatorKnobs {
        var knobs = self
        if let value = overrides.latencyMs { knobs.latencyMs = max(0, value) }
        if let value = overrides.chunkIntervalMs { knobs.chunkIntervalMs = max(0, value) }
        if let value = overrides.chunks { knobs.chunks = value }
        if let value = overrides.errorStatus { knobs.errorStatus = value }
        if let value = overrides.errorRate { knobs.errorRate = value }
        if let value = overrides.stallAfter { knobs.stallAfter = value }
        if let value = overrides.cutAfter { knobs.cutAfter = value }
        if let value = overrides.errorAfter { knobs.errorAfter = value }
        if let value = overrides.jobMs { knobs.jobMs = max(0, value) }
        if let value = overrides.jobFail { knobs.jobFail = value }
        return knobs
    }

    /// The number of deltas actually produced (`chunks`, at least 1).
    public var effectiveChunks: Int { max(1, chunks) }

    /// The HTTP status to fail this request with, if any: `errorStatus` (500 when only `errorRate`
    /// is set), taken with probability `errorRate` drawn deterministically from `seed`.
    public func injectedError(seed: UInt64) -> Int? {
        guard errorStatus != nil || errorRate > 0 else { return nil }
        let status = errorStatus ?? 500
        guard (400...599).contains(status) else { return nil }
        if errorRate <= 0 || errorRate >= 1 { return status }
        var random = SeededRandom(seed: seed)
        return random.nextUnit() < errorRate ? status : nil
    }

    /// Whether a stream needs to wait between its events.
    var streamWaits: Bool {
        latencyMs > 0 || chunkIntervalMs > 0 || stallAfter != nil
    }

    /// Whether a stream may go a long time without writing (latency before its first event, a stall), and so
    /// must watch the connection to see the client leave. Paced chunks see it at their next write, and keep
    /// the connection open for the next request, as a provider's API does.
    var streamWatchesClient: Bool {
        latencyMs > 0 || stallAfter != nil
    }
}
