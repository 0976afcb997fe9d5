import Synchronization
import TollgateProviders

/// Holds the upstream attempt of a streamed generation and watches both of its ends. Upstream: the attempt
/// notes each event it relays, and a periodic `check` cancels an attempt that has gone `stallTimeout` without
/// one. (The upstream HTTP client has no read timeout for streams: it would re-arm a timer on every chunk.)
/// In between: at most `backlogLimit` events wait for the client; beyond that the attempt waits for room, so
/// its upstream body is no longer read and TCP slows the provider down (a slow reader costs memory no more).
/// Downstream: a write to the client outstanding for `writeTimeout` (a reader that stopped reading) ends the
/// stream through `abandon`.
final class StreamWatch: Sendable {
    private struct State {
        var attempt: Task<Void, any Error>?
        var stallTimeout: Duration = .zero
        var lastEvent = ContinuousClock.now
        var stalled = false
        /// Events handed to the relay and not taken yet.
        var backlog = 0
        /// The attempt, waiting for the backlog to drain.
        var waiting: CheckedContinuation<Void, Never>?
        /// When the write to the client under way began.
        var writeStarted: ContinuousClock.Instant?
        var abandoned = false
    }

    static let backlogLimit = 64

    private let state = Mutex(State())
    private let writeTimeout: Duration
    private let abandon: @Sendable () -> Void

    init(writeTimeout: Duration = .seconds(30), abandon: @escaping @Sendable () -> Void = {}) {
        self.writeTimeout = writeTimeout
        self.abandon = abandon
    }

    /// Starts an attempt, which may go `stallTimeout` without an event, and watches it in place of the last.
    func begin(stallTimeout: Duration, _ start: () -> Task<Void, any Error>) {
        let waiting = state.withLock { state in
            // Reset before the attempt starts, so none of its events is forgotten.
            let waiting = state.waiting
            state.attempt = nil
            state.stallTimeout = stallTimeout
            state.lastEvent = .now
            state.stalled = false
            state.waiting = nil
            state.attempt = start()
            return waiting
        }
        waiting?.resume()
    }

    /// Cancels the current attempt (which closes its upstream connection), waiting for room or not.
    func cancel() {
        let (attempt, waiting) = state.withLock { state in
            defer { state.waiting = nil }
            return (state.attempt, state.waiting)
        }
        attempt?.cancel()
        waiting?.resume()
    }

    /// Notes an event of the current attempt (whether it was content, `StreamRelay` knows) handed to the relay,
    /// and waits while `backlogLimit` events are waiting for the client.
    func saw(_ event: ChatStreamEvent) async {
        let now = ContinuousClock.now
        let full = state.withLock { state in
            state.lastEvent = now
            state.backlog += 1
            return state.backlog > Self.backlogLimit
        }
        guard full else { return }
        await withCheckedContinuation { continuation in
            let go = state.withLock { state in
                guard state.backlog > Self.backlogLimit, !state.stalled, state.attempt?.isCancelled == false else {
                    return true
                }
                state.waiting = continuation
                return false
            }
            if go { continuation.resume() }
        }
    }

    /// The relay took an event: room for the attempt once half the backlog is gone.
    func took() {
        let waiting = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.backlog -= 1
            guard state.backlog <= Self.backlogLimit / 2, let waiting = state.waiting else { return nil }
            state.waiting = nil
            // The attempt was held back by the client, not silent: its stall clock starts again.
            state.lastEvent = .now
            return waiting
        }
        waiting?.resume()
    }

    /// A write to the client begins (`true`) or ends (`false`).
    func writing(_ started: Bool) {
        let now = ContinuousClock.now
        state.withLock { $0.writeStarted = started ? now : nil }
    }

    /// Cancels the current attempt if it has stalled (time spent waiting for the client does not count), and
    /// abandons the client if a write to it has been outstanding for `writeTimeout`.
    func check() {
        let now = ContinuousClock.now
        let (stalled, stuck) = state.withLock { state -> (Task<Void, any Error>?, Bool) in
            var stuck = false
            if !state.abandoned, let started = state.writeStarted, now - started >= writeTimeout {
                state.abandoned = true
                stuck = true
            }
            if state.waiting != nil { state.lastEvent = now }
            guard !state.stalled, let attempt = state.attempt, now - state.lastEvent >= state.stallTimeout else {
                return (nil, stuck)
            }
            state.stalled = true
            return (attempt, stuck)
        }
        stalled?.cancel()
        if stuck { abandon() }
    }

    /// Whether the current attempt was cancelled for a stall.
    var stalled: Bool {
        state.withLock { $0.stalled }
    }
}
