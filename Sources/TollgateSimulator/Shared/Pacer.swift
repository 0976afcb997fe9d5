import Synchronization

/// One clock for every sleep of the simulator (latency, chunk pacing, job progress). 256 streams paced
/// at 20 ms are 12,800 sleeps a second; as `Task.sleep`s each arms a timer of the global executor, and
/// that machinery took about a third of the simulator's CPU — on the cores the gateway under test
/// shares with it (BENCHMARKS.md). Here one loop wakes every millisecond while anything sleeps and
/// resumes whatever is due; a sleep ends up to a millisecond late.
final class Pacer: Sendable {
    static let shared = Pacer()

    /// How often the loop looks for due sleepers.
    static let resolution = Duration.milliseconds(1)

    private struct Sleeper {
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var sleepers: [UInt64: Sleeper] = [:]
        var ticking = false
    }

    private let state = Mutex(State())
    private let nextID = Atomic<UInt64>(0)

    /// Sleeps until `deadline`; throws `CancellationError` as soon as the task is cancelled.
    func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).newValue
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let startTicking = state.withLock { state in
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    defer { state.ticking = true }
                    return !state.ticking
                }
                if startTicking { Task { await self.tick() } }
                // Cancelled before it was registered: the handler below found nothing to end.
                if Task.isCancelled { end(id) }
            }
        } onCancel: {
            end(id)
        }
    }

    /// Ends sleep `id` with `CancellationError`, unless it has ended already.
    private func end(_ id: UInt64) {
        state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
    }

    /// Resumes due sleepers every `resolution` until none is left.
    private func tick() async {
        while true {
            try? await Task.sleep(for: Self.resolution)
            let now = ContinuousClock.now
            let (due, idle) = state.withLock { state -> ([Sleeper], Bool) in
                let ids = state.sleepers.compactMap { $0.value.deadline <= now ? $0.key : nil }
                let due = ids.compactMap { state.sleepers.removeValue(forKey: $0) }
                state.ticking = !state.sleepers.isEmpty
                return (due, !state.ticking)
            }
            for sleeper in due.sorted(by: { $0.deadline < $1.deadline }) { sleeper.continuation.resume() }
            if idle { return }
        }
    }
}
