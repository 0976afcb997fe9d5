import TollgateProviders

/// The decisions of a streamed text generation (SPEC §6) as a value, apart from its I/O: the relay tells it
/// what happened — a delta, usage, an attempt's end or failure, a write that failed, a tick — and does
/// what it answers. Fallback to the next route only before any content; a client gone after the first
/// delta is charged, before it is not; a provider failure or stall ends the stream with an error, free.
struct StreamRelay: Sendable {
    /// How the stream ends, and so how it is settled.
    enum Ending: Sendable, Equatable {
        /// Completed and charged for the text relayed; `notify`: the client is there to get the end event.
        case completed(notify: Bool)
        /// Failed and free; `notify`: the client is there to get the error event.
        case failed(ProviderFailure, notify: Bool)
    }

    /// What the relay does next.
    enum Action: Sendable, Equatable {
        /// Start the attempt of this route (an index into the model's routes).
        case attempt(route: Int)
        /// Send this piece of text.
        case write(String)
        /// Send a keep-alive.
        case keepAlive
        /// Nothing until the next event.
        case wait
        /// Stop the upstream call, settle and (if the client is there) tell the client.
        case end(Ending)
    }

    static let clientGone = ProviderFailure(.connection, "The client disconnected.")
    static let stalled = ProviderFailure(.timeout, "The provider did not answer in time.")
    static let notConfigured = ProviderFailure(.unsupported, "The provider is not configured.")

    let routes: Int
    let keepAlive: Duration
    private(set) var route = 0
    private(set) var text = ""
    private(set) var usage: TokenUsage?
    /// Whether a delta arrived from the provider (an empty one too): no other route may be tried after it.
    private var produced = false
    /// Whether a delta reached the client: leaving after that is charged.
    private(set) var delivered = false
    private var lastWrite: ContinuousClock.Instant

    init(routes: Int, keepAlive: Duration, now: ContinuousClock.Instant) {
        self.routes = routes
        self.keepAlive = keepAlive
        lastWrite = now
    }

    /// Before the start event: the first route, or a failure when the model has none configured.
    func begin() -> Action {
        routes == 0 ? .end(.failed(Self.notConfigured, notify: true)) : .attempt(route: 0)
    }

    /// A delta from the provider: relay it.
    mutating func received(delta piece: String) -> Action {
        produced = true
        text += piece
        return .write(piece)
    }

    /// The provider's token counts.
    mutating func received(usage counts: TokenUsage) {
        usage = counts
    }

    /// A write (start, delta or keep-alive) reached the client.
    mutating func wrote(delta: Bool, at now: ContinuousClock.Instant) {
        if delta { delivered = true }
        lastWrite = now
    }

    /// A write failed: the client has gone.
    func writeFailed() -> Action {
        .end(delivered ? .completed(notify: false) : .failed(Self.clientGone, notify: false))
    }

    /// The current attempt finished its answer.
    func finished() -> Action {
        .end(.completed(notify: true))
    }

    /// The current attempt failed (`stalled`: cancelled by the stall watch). Another route is tried only while
    /// nothing has been produced, so the client never sees two answers spliced together.
    mutating func attemptFailed(_ failure: ProviderFailure, stalled: Bool, cancelled: Bool) -> Action {
        let failure = stalled ? Self.stalled : failure
        if !produced, failure.allowsFallback, route < routes - 1, !cancelled {
            route += 1
            return .attempt(route: route)
        }
        return .end(.failed(failure, notify: true))
    }

    /// A periodic tick: a keep-alive when nothing was written for `keepAlive`.
    func tick(at now: ContinuousClock.Instant) -> Action {
        now - lastWrite >= keepAlive ? .keepAlive : .wait
    }
}
