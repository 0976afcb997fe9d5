import Prometheus

/// The instance's Prometheus registry and the few instruments the server records itself.
public final class Metrics: Sendable {
    /// All metrics of this instance; rendered by `GET /metrics`.
    public let registry = PrometheusCollectorRegistry()

    public init() {}

    public func requestFinished(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(name: "tollgate_http_requests_total", labels: labels).increment()
        registry.makeDurationHistogram(
            name: "tollgate_http_request_duration_seconds", labels: [("route", route)],
            buckets: [
                .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100),
                .milliseconds(500), .seconds(2), .seconds(10), .seconds(60),
            ]
        ).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
