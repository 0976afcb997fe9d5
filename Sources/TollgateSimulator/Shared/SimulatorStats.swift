import Synchronization

/// Counters of what the simulator has served, safe to read from any thread.
///
/// Every stream that started is, at any moment, open or ended exactly one way:
/// `streamsStarted == streamsCompleted + streamsCancelled + streamsAborted + openStreams`.
public final class SimulatorStats: Sendable {
    private let requestCount = Atomic<Int>(0)
    private let startedCount = Atomic<Int>(0)
    private let completedCount = Atomic<Int>(0)
    private let cancelledCount = Atomic<Int>(0)
    private let abortedCount = Atomic<Int>(0)
    private let injectedCount = Atomic<Int>(0)
    private let openCount = Atomic<Int>(0)
    private let jobsCreatedCount = Atomic<Int>(0)
    private let jobsCompletedCount = Atomic<Int>(0)
    private let jobsFailedCount = Atomic<Int>(0)
    private let jobPollCount = Atomic<Int>(0)
    private let filesServedCount = Atomic<Int>(0)

    /// Fresh counters, all zero.
    public init() {}

    /// Provider API requests received (not `/healthz` or `/_simulator/*`).
    public var requests: Int { requestCount.load(ordering: .relaxed) }
    /// Streams whose response began.
    public var streamsStarted: Int { startedCount.load(ordering: .relaxed) }
    /// Streams that sent every event, through the provider's final one.
    public var streamsCompleted: Int { completedCount.load(ordering: .relaxed) }
    /// Streams the client left before they finished (the connection closed or a write failed).
    public var streamsCancelled: Int { cancelledCount.load(ordering: .relaxed) }
    /// Streams the simulator ended early on purpose (`cut_after`, `error_after`).
    public var streamsAborted: Int { abortedCount.load(ordering: .relaxed) }
    /// Requests answered with an injected error status (`error`, `error_rate`).
    public var errorsInjected: Int { injectedCount.load(ordering: .relaxed) }
    /// Streams under way now.
    public var openStreams: Int { openCount.load(ordering: .relaxed) }
    /// Media jobs created (OpenAI videos, Replicate predictions, Luma generations, LegNext tasks,
    /// ElevenLabs dubbings).
    public var jobsCreated: Int { jobsCreatedCount.load(ordering: .relaxed) }
    /// Media jobs seen completed, counted once, by the first poll that finds them finished.
    public var jobsCompleted: Int { jobsCompletedCount.load(ordering: .relaxed) }
    /// Media jobs seen failed (or canceled), counted once, by the first poll that finds them so.
    public var jobsFailed: Int { jobsFailedCount.load(ordering: .relaxed) }
    /// Status polls of media jobs (`GET` of a job), whatever they answered.
    public var jobPolls: Int { jobPollCount.load(ordering: .relaxed) }
    /// Generated result files served (the file route and job content downloads).
    public var filesServed: Int { filesServedCount.load(ordering: .relaxed) }

    /// How a stream ended.
    enum StreamEnd {
        case completed, cancelled, aborted
    }

    /// Counts a request; returns its sequence number (1, 2, …).
    @discardableResult
    func requestReceived() -> Int {
        requestCount.add(1, ordering: .relaxed).newValue
    }

    func errorInjected() {
        injectedCount.add(1, ordering: .relaxed)
    }

    func jobCreated() {
        jobsCreatedCount.add(1, ordering: .relaxed)
    }

    func jobFinished(failed: Bool) {
        if failed {
            jobsFailedCount.add(1, ordering: .relaxed)
        } else {
            jobsCompletedCount.add(1, ordering: .relaxed)
        }
    }

    func jobPolled() {
        jobPollCount.add(1, ordering: .relaxed)
    }

    func fileServed() {
        filesServedCount.add(1, ordering: .relaxed)
    }

    func streamStarted() {
        startedCount.add(1, ordering: .relaxed)
        openCount.add(1, ordering: .relaxed)
    }

    func streamEnded(_ end: StreamEnd) {
        switch end {
        case .completed: completedCount.add(1, ordering: .relaxed)
        case .cancelled: cancelledCount.add(1, ordering: .relaxed)
        case .aborted: abortedCount.add(1, ordering: .relaxed)
        }
        openCount.subtract(1, ordering: .relaxed)
    }

    /// The counters as one value, e.g. for `GET /_simulator/stats`.
    public var snapshot: Snapshot {
        Snapshot(
            requests: requests, streamsStarted: streamsStarted, streamsCompleted: streamsCompleted,
            streamsCancelled: streamsCancelled, streamsAborted: streamsAborted,
            errorsInjected: errorsInjected, openStreams: openStreams,
            jobsCreated: jobsCreated, jobsCompleted: jobsCompleted, jobsFailed: jobsFailed,
            jobPolls: jobPolls, filesServed: filesServed
        )
    }

    /// The counters at one moment, encodable as the stats JSON.
    public struct Snapshot: Sendable, Codable, Equatable {
        /// See `SimulatorStats.requests`.
        public var requests: Int
        /// See `SimulatorStats.streamsStarted`.
        public var streamsStarted: Int
        /// See `SimulatorStats.streamsCompleted`.
        public var streamsCompleted: Int
        /// See `SimulatorStats.streamsCancelled`.
        public var streamsCancelled: Int
        /// See `SimulatorStats.streamsAborted`.
        public var streamsAborted: Int
        /// See `SimulatorStats.errorsInjected`.
        public var errorsInjected: Int
        /// See `SimulatorStats.openStreams`.
        public var openStreams: Int
        /// See `SimulatorStats.jobsCreated`.
        public var jobsCreated: Int
        /// See `SimulatorStats.jobsCompleted`.
        public var jobsCompleted: Int
        /// See `SimulatorStats.jobsFailed`.
        public var jobsFailed: Int
        /// See `SimulatorStats.jobPolls`.
        public var jobPolls: Int
        /// See `SimulatorStats.filesServed`.
        public var filesServed: Int
    }
}
