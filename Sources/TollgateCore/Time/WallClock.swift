import Foundation

/// Where services read the time, so tests can move it.
public protocol WallClock: Sendable {
    /// Now, in unix milliseconds.
    func nowMilliseconds() -> Int64
}

/// The real clock.
public struct SystemClock: WallClock {
    public init() {}
    public func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

extension Int64 {
    /// These unix milliseconds as an ISO-8601 UTC timestamp, e.g. `2026-03-08T12:00:00Z`.
    public var iso8601: String {
        Date(timeIntervalSince1970: Double(self) / 1000).formatted(.iso8601)
    }
}
