/// The knobs one request sets for itself; `nil` leaves the run's value.
///
/// The optional knobs (`errorStatus`, `stallAfter`, …) use `.some(nil)` to clear a run default,
/// written `error=none` in a directive or header (`error=0` also turns errors off).
public struct KnobOverrides: Sendable, Equatable {
    /// See `SimulatorKnobs.latencyMs`.
    public var latencyMs: Int?
    /// See `SimulatorKnobs.chunkIntervalMs`.
    public var chunkIntervalMs: Int?
    /// See `SimulatorKnobs.chunks`.
    public var chunks: Int?
    /// See `SimulatorKnobs.errorStatus`; `.some(nil)` clears it.
    public var errorStatus: Int??
    /// See `SimulatorKnobs.errorRate`.
    public var errorRate: Double?
    /// See `SimulatorKnobs.stallAfter`; `.some(nil)` clears it.
    public var stallAfter: Int??
    /// See `SimulatorKnobs.cutAfter`; `.some(nil)` clears it.
    public var cutAfter: Int??
    /// See `SimulatorKnobs.errorAfter`; `.some(nil)` clears it.
    public var errorAfter: Int??
    /// See `SimulatorKnobs.jobMs`.
    public var jobMs: Int?
    /// See `SimulatorKnobs.jobFail`; `.some(nil)` clears it.
    public var jobFail: SimulatedJobFailure??

    /// No overrides.
    public init() {}

    /// Whether nothing is overridden.
    public var isEmpty: Bool { self == KnobOverrides() }

    /// These overrides with every value `later` sets replaced.
    public func merging(_ later: KnobOverrides) -> KnobOverrides {
        var merged = self
        if let value = later.latencyMs { merged.latencyMs = value }
        if let value = later.chunkIntervalMs { merged.chunkIntervalMs = value }
        if let value = later.chunks { merged.chunks = value }
        if let value = later.errorStatus { merged.errorStatus = value }
        if let value = later.errorRate { merged.errorRate = value }
        if let value = later.stallAfter { merged.stallAfter = value }
        if let value = later.cutAfter { merged.cutAfter = value }
        if let value = later.errorAfter { merged.errorAfter = value }
        if let value = later.jobMs { merged.jobMs = value }
        if let value = later.jobFail { merged.jobFail = value }
        return merged
    }

    /// Sets the knob named `key` (directive spelling, e.g. `chunk_ms`) from `value`.
    /// Unknown keys and unreadable values are ignored; returns whether something was set.
    @discardableResult
    public mutating func set(_ key: some StringProtocol, to value: some StringProtocol) -> Bool {
        let value = value.trimmingSpaces
        switch key.lowercased() {
        case "latency_ms", "latency":
            guard let int = Int(value) else { return false }
            latencyMs = int
        case "chunk_ms", "chunk_interval_ms":
            guard let int = Int(value) else { return false }
            chunkIntervalMs = int
        case "chunks":
            guard let int = Int(value) else { return false }
            chunks = int
        case "error", "error_status":
            guard let count = Self.optionalCount(value) else { return false }
            errorStatus = count
        case "error_rate":
            guard let rate = Double(value), rate.isFinite else { return false }
            errorRate = rate
        case "stall_after":
            guard let count = Self.optionalCount(value) else { return false }
            stallAfter = count
        case "cut_after":
            guard let count = Self.optionalCount(value) else { return false }
            cutAfter = count
        case "error_after":
            guard let count = Self.optionalCount(value) else { return false }
            errorAfter = count
        case "job_ms":
            guard let int = Int(value) else { return false }
            jobMs = int
        case "job_fail":
            guard let failure = SimulatedJobFailure.knob(value) else { return false }
            jobFail = failure
        default: return false
        }
        return true
    }

    /// `none`/`off` → `.some(nil)`, a number → `.some(n)`, anything else → `nil` (ignored).
    /// For `error`, `0` also means none (no status 0 exists).
    private static func optionalCount(_ value: Substring) -> Int?? {
        switch value.lowercased() {
        case "none", "off", "null", "": return .some(nil)
        default:
            guard let int = Int(value), int >= 0 else { return nil }
            return .some(int)
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let text = Substring(self)
        guard let start = text.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return Substring() }
        let end = text.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return Substring(text[start...end])
    }
}
