/// How to run the provider simulator: where it listens and the knobs every request starts from.
public struct SimulatorConfiguration: Sendable {
    /// Host to bind.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (learn it through `onServerRunning`).
    public var port = 0
    /// Knobs for every request, before the request's own directive and `X-Sim-*` headers.
    public var defaults = SimulatorKnobs()
    /// Base URL (`http://host:port`) of the links to generated result files in media answers;
    /// `nil` uses `http://` and the host each request was sent to.
    public var fileBaseURL: String? = nil
    /// The clock media jobs advance by (tests move it by hand instead of waiting).
    public var jobClock: @Sendable () -> ContinuousClock.Instant = { .now }

    /// A configuration for 127.0.0.1 on a free port with default knobs.
    public init() {}
}
