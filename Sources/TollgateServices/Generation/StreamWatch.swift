import Synchronization
import TollgateProviders

/// Holds the upstream attempt of a streamed generation and watches it for stalls: the attempt notes each
/// event it relays, and a periodic `check` cancels an attempt that has gone `stallTimeout` without one. (The
/// upstream HTTP client has no read timeout for streams: it would re-arm a timer on every chunk.)
final class StreamWatch: Sendable {
    private struct State {
        var attempt: Task<Void, any Error>?
        var stallTimeout: Duration = .zero
        var lastEvent = ContinuousClock.now
        var stalled = false
    }

    private let state = Mutex(State())

    /// Starts an attempt, which may go `stallTimeout` without an event, and watches it in place of the last.
    func begin(stallTimeout: Duration, _ start: () -> Task<Void, any Error>) {
        state.withLock { state in
            // Reset before the attempt starts, so none of its events is forgotten.
            state = State(stallTimeout: stallTimeout)
            state.attempt = start()
        }
    }

    /// Cancels the current attempt (which closes its upstream connection).
    func cancel() {
        state.withLock { $0.attempt }?.cancel()
    }

    /// Notes an event of the current attempt (whether it was content, `StreamRelay` knows).
    func saw(_ event: ChatStreamEvent) {
        let now = ContinuousClock.now
        state.withLock { $0.lastEvent = now }
    }

    /// Cancels the current attempt if it has stalled.
    func check() {
        let now = ContinuousClock.now
        let stalled = state.withLock { state -> Task<Void, any Error>? in
            guard !state.stalled, let attempt = state.attempt, now - state.lastEvent >= state.stallTimeout else {
                return nil
            }
            state.stalled = true
            return attempt
        }
        stalled?.cancel()
    }

    /// Whether the current attempt was cancelled for a stall.
    var stalled: Bool {
        state.withLock { $0.stalled }
    }
}
