/// The fixed UTC windows of SPEC §8 at one instant: the clock hour and the calendar day.
public struct RateWindows: Sendable, Equatable {
    /// Start of the current hour, unix milliseconds.
    public var hourStart: Int64
    /// Start of the current UTC day, unix milliseconds.
    public var dayStart: Int64
    /// The instant these windows were computed for.
    public var now: Int64

    public init(now: Int64) {
        self.now = now
        hourStart = now - now % 3_600_000
        dayStart = now - now % 86_400_000
    }

    /// When the hour window resets, unix seconds (`X-RateLimit-Reset-Hour`).
    public var hourResetSeconds: Int64 { (hourStart + 3_600_000) / 1000 }
    /// When the day window resets, unix seconds.
    public var dayResetSeconds: Int64 { (dayStart + 86_400_000) / 1000 }

    /// Seconds until the hour window resets (at least 1).
    public var secondsToHourReset: Int64 { max(1, (hourStart + 3_600_000 - now + 999) / 1000) }
    /// Seconds until the day window resets (at least 1).
    public var secondsToDayReset: Int64 { max(1, (dayStart + 86_400_000 - now + 999) / 1000) }
}

/// Where an account stands in its windows after a request (or a read).
public struct RateLimitState: Sendable, Equatable {
    /// Limits; 0 is unlimited.
    public var limitHour: Int64
    public var limitDay: Int64
    /// Generations counted in the current windows.
    public var usedHour: Int64
    public var usedDay: Int64
    public var windows: RateWindows

    public init(limitHour: Int64, limitDay: Int64, usedHour: Int64, usedDay: Int64, windows: RateWindows) {
        self.limitHour = limitHour
        self.limitDay = limitDay
        self.usedHour = usedHour
        self.usedDay = usedDay
        self.windows = windows
    }

    /// What an unlimited window (limit 0) reports as remaining: never a number a client reads as exhausted, and
    /// one every client's integer holds (2³¹ − 1).
    public static let unlimitedRemaining: Int64 = 2_147_483_647

    /// Remaining in the hour and the day.
    public var remainingHour: Int64 { limitHour == 0 ? Self.unlimitedRemaining : max(0, limitHour - usedHour) }
    public var remainingDay: Int64 { limitDay == 0 ? Self.unlimitedRemaining : max(0, limitDay - usedDay) }

    /// The five `X-RateLimit-*` headers (SPEC §8).
    public var headers: [(String, String)] {
        [
            ("X-RateLimit-Limit-Hour", String(limitHour)),
            ("X-RateLimit-Remaining-Hour", String(remainingHour)),
            ("X-RateLimit-Limit-Day", String(limitDay)),
            ("X-RateLimit-Remaining-Day", String(remainingDay)),
            ("X-RateLimit-Reset-Hour", String(windows.hourResetSeconds)),
        ]
    }

    /// The 429 for an account whose `hourFull` or day window is full.
    public func exceeded(plan: String, hourFull: Bool) -> APIError {
        let retryAfter = hourFull ? windows.secondsToHourReset : windows.secondsToDayReset
        let which = hourFull ? "hourly" : "daily"
        return APIError(
            code: "rate_limit_exceeded",
            message: "The \(which) generation limit of the \(plan) plan is reached; retry in \(retryAfter) s.",
            status: 429, side: .plan,
            details: ["window": .string(hourFull ? "hour" : "day")],
            extra: [
                "retry_after": .int(retryAfter), "plan": .string(plan),
                "limit_hour": .int(limitHour), "limit_day": .int(limitDay),
            ])
    }
}
