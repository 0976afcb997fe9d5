import Logging
import TollgateCore
import TollgateStore

/// Reads where an account stands in its rate windows (SPEC §8) without counting anything, and prunes
/// windows that have ended. Counting happens only at admission, in the hold transaction.
public struct RateLimitService: Sendable {
    let store: Store
    let plans: PlanBook
    let clock: any WallClock

    public init(store: Store, plans: PlanBook, clock: any WallClock) {
        self.store = store
        self.plans = plans
        self.clock = clock
    }

    /// The account's current standing under `planCode`: one indexed read, none at all for an unlimited plan.
    public func state(accountID: Int64, planCode: String) async throws -> RateLimitState {
        let windows = RateWindows(now: clock.nowMilliseconds())
        let plan = plans.plan(planCode)
        var state = RateLimitState(
            limitHour: plan?.limitHour ?? 0, limitDay: plan?.limitDay ?? 0, usedHour: 0, usedDay: 0, windows: windows)
        guard state.limitHour > 0 || state.limitDay > 0 else { return state }
        let used = try await store.read { db in
            try await store.rateWindows.usage(
                accountID: accountID, hourStart: windows.hourStart, dayStart: windows.dayStart, on: db)
        }
        state.usedHour = used.hour
        state.usedDay = used.day
        return state
    }

    /// Deletes windows that ended before the previous day began; an hour of slack covers instances
    /// whose clocks lag.
    public func prune() async throws {
        let windows = RateWindows(now: clock.nowMilliseconds())
        try await store.transaction { db in
            try await store.rateWindows.prune(before: windows.dayStart - 3_600_000, on: db)
        }
    }
}
