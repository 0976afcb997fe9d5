/// A price per started minute of a source file whose length is only known once it has been fetched
/// (el-dubbing): the hold is the maximum, the capture the price of the measured length.
public struct PerMinutePrice: Sendable, Equatable {
    /// Tokens per started minute.
    public let tokensPerMinute: Int64
    /// The fewest minutes ever charged.
    public let minMinutes: Int
    /// The most minutes ever charged (and the longest source accepted).
    public let maxMinutes: Int

    /// A per-minute price.
    public init(tokensPerMinute: Int64, minMinutes: Int, maxMinutes: Int) {
        self.tokensPerMinute = tokensPerMinute
        self.minMinutes = minMinutes
        self.maxMinutes = maxMinutes
    }

    /// The price of the shortest source.
    public var minPrice: Int64 { Int64(minMinutes) * tokensPerMinute }
    /// The price of the longest source: what is held when the generation starts.
    public var maxPrice: Int64 { Int64(maxMinutes) * tokensPerMinute }
    /// The longest source, in seconds, that the maximum price covers.
    public var maxSourceSeconds: Double { Double(maxMinutes) * 60 }

    /// The price of a source of `seconds`: started minutes round up, clamped to `minMinutes…maxMinutes`.
    public func price(forSourceSeconds seconds: Double) -> Int64 {
        guard seconds.isFinite, seconds > 0 else { return minPrice }
        let started = (seconds / 60).rounded(.up)
        let minutes = Swift.min(Swift.max(started, Double(minMinutes)), Double(maxMinutes))
        return Int64(minutes) * tokensPerMinute
    }

    /// What is inconsistent, or nil when sound.
    func problem() -> String? {
        guard tokensPerMinute > 0 else { return "price tokens_per_minute must be positive" }
        guard minMinutes >= 1, minMinutes <= maxMinutes else {
            return "price minutes must satisfy 1 ≤ min_minutes ≤ max_minutes (got \(minMinutes)…\(maxMinutes))"
        }
        return nil
    }
}
