import Foundation

/// One async media job the simulator runs: when it was created, how long it runs and how it ends.
/// Its state is a pure function of the time elapsed since creation (see `phase(at:)`), so a job
/// advances the same way however often, or rarely, it is polled.
struct SimulatedJob: Sendable {
    /// The provider's id for the job (prediction id, generation id, …).
    let id: String
    /// The provider that created it (`openai`, `replicate`, …): a job is found only under its own provider.
    let provider: String
    /// When it was created, on the monotonic clock.
    let created: ContinuousClock.Instant
    /// When it was created, on the wall clock (for the provider's timestamps).
    let createdAt: Date
    /// How long it runs before its final state (`job_ms`).
    let durationMs: Int
    /// How it fails, if it does (`job_fail`).
    let failure: SimulatedJobFailure?
    /// The knobs its submission set for itself, applied to its polls too.
    let overrides: KnobOverrides
    /// What the provider's simulation needs to answer polls (its own type, cast back by that provider).
    let details: any Sendable

    /// The job's state at `now`: queued for the first quarter of its run, running until its end,
    /// then completed or failed. A job with `durationMs` 0 is finished at its first poll.
    func phase(at now: ContinuousClock.Instant = .now) -> JobPhase {
        let elapsed = Self.milliseconds(now - created)
        if elapsed >= durationMs {
            return failure.map(JobPhase.failed) ?? .completed
        }
        if elapsed * 4 < durationMs {
            return .queued
        }
        return .running(progress: min(99, max(1, elapsed * 100 / max(1, durationMs))))
    }

    /// When the job starts running, on the wall clock.
    var startedAt: Date { createdAt.addingTimeInterval(Double(durationMs) / 4000) }
    /// When the job reaches its final state, on the wall clock.
    var finishedAt: Date { createdAt.addingTimeInterval(Double(durationMs) / 1000) }

    /// `duration` in whole milliseconds.
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

/// Where a job is in its run.
enum JobPhase: Sendable, Equatable {
    /// Accepted, not started.
    case queued
    /// Running, `progress` percent done (1–99).
    case running(progress: Int)
    /// Finished with its result.
    case completed
    /// Finished failed, as `job_fail` said.
    case failed(SimulatedJobFailure)
    /// Canceled by the client (Replicate's cancel).
    case canceled

    /// Whether the job has reached its final state.
    var isFinal: Bool {
        switch self {
        case .queued, .running: false
        case .completed, .failed, .canceled: true
        }
    }
}
