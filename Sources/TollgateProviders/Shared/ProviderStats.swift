import Synchronization

/// The recent calls of each upstream (an AI provider, YooKassa, Telegram), kept in memory per instance for the
/// admin area: how many of the last calls failed and how long they took. A call failed when it could not be
/// made or the upstream answered 5xx or 429.
public final class ProviderStats: Sendable {
    /// One upstream's standing over its last calls.
    public struct Summary: Sendable, Equatable {
        public var providerID: String
        public var calls: Int
        public var failures: Int
        public var medianMilliseconds: Int
        public var p95Milliseconds: Int
        public var lastCallAt: Int64

        public var errorRate: Double { calls == 0 ? 0 : Double(failures) / Double(calls) }
    }

    private struct Call {
        var milliseconds: Int
        var failed: Bool
    }

    private struct Ring {
        var calls: [Call] = []
        var next = 0
        var lastCallAt: Int64 = 0
    }

    private let window: Int
    private let rings = Mutex<[String: Ring]>([:])

    /// - Parameter window: how many recent calls per upstream are kept.
    public init(window: Int = 200) {
        self.window = window
    }

    /// Records one call.
    public func record(providerID: String, duration: Duration, failed: Bool, at time: Int64) {
        let milliseconds = Int(
            duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        rings.withLock { rings in
            var ring = rings[providerID] ?? Ring()
            let call = Call(milliseconds: milliseconds, failed: failed)
            if ring.calls.count < window {
                ring.calls.append(call)
            } else {
                ring.calls[ring.next] = call
            }
            ring.next = (ring.next + 1) % window
            ring.lastCallAt = time
            rings[providerID] = ring
        }
    }

    /// Every upstream called since the start, by id.
    public func summaries() -> [Summary] {
        rings.withLock { rings in
            rings.map { id, ring in
                let times = ring.calls.map(\.milliseconds).sorted()
                func percentile(_ p: Double) -> Int {
                    times.isEmpty ? 0 : times[min(times.count - 1, Int(Double(times.count - 1) * p + 0.5))]
                }
                return Summary(
                    providerID: id, calls: ring.calls.count, failures: ring.calls.filter(\.failed).count,
                    medianMilliseconds: percentile(0.5), p95Milliseconds: percentile(0.95), lastCallAt: ring.lastCallAt)
            }.sorted { $0.providerID < $1.providerID }
        }
    }
}
