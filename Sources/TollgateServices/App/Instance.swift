import Foundation

/// This process among the instances sharing a database: its name and when it started. With a fixed port the
/// name is the same across restarts (`host:port`), so a restarted instance recognises — and ends — the work its
/// previous life left unanswered; with port 0 (tests) every process is new.
public struct Instance: Sendable, Equatable {
    public var id: String
    /// Milliseconds since 1970.
    public var startedAt: Int64

    /// How long an instance's lease lasts; it renews it every second.
    static let leaseMilliseconds: Int64 = 10_000

    static func make(port: Int, now: Int64) -> Instance {
        let id =
            port == 0
            ? "instance-\(UUID().uuidString.prefix(8).lowercased())" : "\(ProcessInfo.processInfo.hostName):\(port)"
        return Instance(id: id, startedAt: now)
    }
}
