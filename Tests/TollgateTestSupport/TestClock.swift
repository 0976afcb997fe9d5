import Synchronization
import TollgateCore

/// A clock a test moves by hand.
public final class TestClock: WallClock {
    private let now: Mutex<Int64>

    public init(_ start: Int64 = 1_780_000_000_000) {
        now = Mutex(start)
    }

    public func nowMilliseconds() -> Int64 { now.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(milliseconds: Int64) {
        now.withLock { $0 += milliseconds }
    }

    /// Moves the clock forward by days.
    public func advance(days: Int64) { advance(milliseconds: days * 86_400_000) }
}
