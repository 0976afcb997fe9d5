import Foundation
import TollgateProviders

/// The steps of a media generation (SPEC §7) as a value, apart from its I/O: submit, poll, wait, complete,
/// or fail — at its deadline, when the provider says so, or on an error that retrying will not mend. The job
/// runner takes one step per lease; a request that waits for its result takes them in a loop.
struct MediaJob: Sendable, Equatable {
    /// What to do first in a step.
    enum Start: Sendable, Equatable {
        /// Send the request to the provider.
        case submit
        /// Ask the provider about the job it created.
        case poll(upstreamID: String)
        /// Fail the generation and release its hold.
        case fail(ProviderFailure)
    }

    /// What the provider's answer (or failure) comes to.
    enum Outcome: Sendable, Equatable {
        /// Come back after this many seconds (the job runner reschedules; a request sleeps).
        case wait(seconds: Double)
        /// Keep the result and capture the price.
        case complete(MediaResult)
        /// Fail the generation and release its hold.
        case fail(ProviderFailure)
    }

    static let deadlinePassed = ProviderFailure(.timeout, "The provider did not finish in time.")

    /// When the generation fails if it has not finished (milliseconds).
    let deadline: Int64
    /// The provider's job, once submitted.
    private(set) var upstreamID: String?
    /// Steps taken so far: the wait between polls grows with them when the provider gives no hint.
    private(set) var attempts: Int
    /// Whether a transient failure (5xx, 429, timeout, connection) is retried later rather than failing —
    /// by the job runner, which has the job's deadline to spend; a waiting request fails at once.
    let retriesTransient: Bool

    init(deadline: Int64, upstreamID: String? = nil, attempts: Int = 0, retriesTransient: Bool) {
        self.deadline = deadline
        self.upstreamID = upstreamID
        self.attempts = attempts
        self.retriesTransient = retriesTransient
    }

    /// What to do now.
    mutating func next(now: Int64) -> Start {
        guard now < deadline else { return .fail(Self.deadlinePassed) }
        attempts += 1
        return upstreamID.map { .poll(upstreamID: $0) } ?? .submit
    }

    /// The provider's answer to the submission.
    mutating func submitted(_ answer: MediaSubmission) -> Outcome {
        switch answer {
        case .completed(let result):
            return .complete(result)
        case .submitted(let id, let after):
            upstreamID = id
            return .wait(seconds: Self.clamp(after ?? 1))
        }
    }

    /// The provider's answer to a poll.
    func polled(_ answer: MediaPoll) -> Outcome {
        switch answer {
        case .running(_, let after): .wait(seconds: backoff(hint: after))
        case .completed(let result): .complete(result)
        case .failed(let failure): .fail(failure)
        }
    }

    /// A submission or poll that failed.
    func threw(_ failure: ProviderFailure) -> Outcome {
        retriesTransient && failure.allowsFallback ? .wait(seconds: backoff(hint: failure.retryAfter)) : .fail(failure)
    }

    /// Seconds to the next poll: the provider's hint if it gave one, else growing with each step
    /// (0.5 s, 1 s, 2 s … up to 15 s).
    func backoff(hint: Double?) -> Double {
        if let hint { return Self.clamp(hint) }
        return min(0.5 * pow(2, Double(max(0, min(attempts - 1, 5)))), 15)
    }

    static func clamp(_ seconds: Double) -> Double { min(max(seconds, 0.05), 60) }
}
