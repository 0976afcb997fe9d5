import Synchronization

/// The simulator's media jobs, by id, safe to use from any thread. Keeps the newest `capacity` jobs;
/// older ones are forgotten (their polls answer the provider's 404).
final class JobBook: Sendable {
    private struct Entry: Sendable {
        var job: SimulatedJob
        /// Whether the stats already counted the job's final state.
        var counted = false
        /// Whether the client canceled it before it finished.
        var canceled = false
    }

    private struct State: Sendable {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var head = 0
    }

    private let state = Mutex(State())
    private let stats: SimulatorStats
    private let capacity: Int
    /// The clock jobs are created and looked at by.
    let now: @Sendable () -> ContinuousClock.Instant

    /// An empty book counting into `stats`.
    init(
        stats: SimulatorStats, capacity: Int = 100_000,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.stats = stats
        self.capacity = max(1, capacity)
        self.now = now
    }

    /// Records a new job.
    func add(_ job: SimulatedJob) {
        stats.jobCreated()
        state.withLock { state in
            state.entries[job.id] = Entry(job: job)
            state.order.append(job.id)
            if state.order.count - state.head > capacity {
                state.entries[state.order[state.head]] = nil
                state.head += 1
                // Compact now and then so the order list does not grow without bound.
                if state.head > capacity {
                    state.order.removeFirst(state.head)
                    state.head = 0
                }
            }
        }
    }

    /// The job `id` of `provider` and its phase now; counts its final state the first time it is seen.
    func look(_ id: String, provider: String, now: ContinuousClock.Instant? = nil) -> (
        job: SimulatedJob, phase: JobPhase
    )? {
        let now = now ?? self.now()
        let found: (SimulatedJob, JobPhase, countNow: Bool)? = state.withLock { state in
            guard var entry = state.entries[id], entry.job.provider == provider else { return nil }
            // A job is canceled only while running, so cancellation overrides what its clock says.
            let phase = entry.canceled ? JobPhase.canceled : entry.job.phase(at: now)
            let countNow = phase.isFinal && !entry.counted
            if countNow {
                entry.counted = true
                state.entries[id] = entry
            }
            return (entry.job, phase, countNow)
        }
        guard let found else { return nil }
        if found.countNow {
            stats.jobFinished(failed: found.1 != .completed)
        }
        return (found.0, found.1)
    }

    /// The job `id` of `provider`, without looking at its phase (nothing is counted).
    func peek(_ id: String, provider: String) -> SimulatedJob? {
        state.withLock { state in
            state.entries[id].flatMap { $0.job.provider == provider ? $0.job : nil }
        }
    }

    /// Cancels job `id` of `provider` if it is still running; returns it and its phase after.
    func cancel(_ id: String, provider: String, now: ContinuousClock.Instant? = nil) -> (
        job: SimulatedJob, phase: JobPhase
    )? {
        let now = now ?? self.now()
        let known: Bool = state.withLock { state in
            guard var entry = state.entries[id], entry.job.provider == provider else { return false }
            if !entry.job.phase(at: now).isFinal, !entry.counted {
                entry.canceled = true
                state.entries[id] = entry
            }
            return true
        }
        return known ? look(id, provider: provider, now: now) : nil
    }
}
