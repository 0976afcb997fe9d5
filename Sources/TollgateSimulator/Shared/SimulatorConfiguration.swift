/// How to run the provider simulator: where it listens and the knobs every request starts from.
public struct SimulatorConfiguration: Sendable {
    /// Host to bind.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (learn it through `onServerRunning`).
    public var port = 0
    /// Knobs for every request, before the request's own directive and `X-Sim-*` headers.
    public var defaults = SimulatorKnobs()

    /// A configuration for 127.0.0.1 on a free port with default knobs.
    public init() {}
}
