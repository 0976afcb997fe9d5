import Foundation
import Prometheus
import Synchronization
import TollgateProviders

/// The instance's Prometheus registry: the request instruments the server records as it answers, and
/// gauges read when `/metrics` is scraped (providers' recent calls, the process) — nothing on the hot path
/// beyond one counter and one histogram per request. README "Metrics" lists them all.
public final class Metrics: Sendable {
    /// All metrics of this instance; rendered by `GET /metrics`.
    public let registry = PrometheusCollectorRegistry()
    let started = Date().timeIntervalSince1970

    /// The request instruments by label values, so a request finds its own without the registry's per-call
    /// name, label and help validation.
    private let counters = Mutex<[RequestKey: Counter]>([:])
    private let durations = Mutex<[String: DurationHistogram]>([:])

    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    // Made only when a new label set first appears (descriptors are not Sendable, so not stored).
    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "tollgate_http_requests", unitName: "total",
            helpText: "HTTP requests answered, by method, matched route and status.")
    }
    static var requestDuration: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "tollgate_http_request_duration", unitName: "seconds",
            helpText: "Time from the request reaching the router to its response head, by matched route.")
    }
    static let durationBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100),
        .milliseconds(500), .seconds(2), .seconds(10), .seconds(60),
    ]

    public init() {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "tollgate_build", unitName: "info",
                helpText: "Always 1; the version label names the running release."),
            labels: [("version", TollgateVersion.current)]
        ).set(1.0)
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "tollgate_process_start_time", unitName: "seconds",
                helpText: "When the process started (Unix time).")
        ).set(started)
    }

    public func requestFinished(method: String, route: String, status: Int, duration: Duration) {
        let key = RequestKey(method: method, route: route, status: status)
        let counter =
            counters.withLock { $0[key] }
            ?? counters.withLock { counters in
                let made = registry.makeCounter(
                    descriptor: Self.requests,
                    labels: [("method", method), ("route", route), ("status", String(status))])
                counters[key] = made
                return made
            }
        counter.increment()
        let histogram =
            durations.withLock { $0[route] }
            ?? durations.withLock { durations in
                let made = registry.makeDurationHistogram(
                    descriptor: Self.requestDuration, labels: [("route", route)], buckets: Self.durationBuckets)
                durations[route] = made
                return made
            }
        histogram.recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// The gauge `<name>_<unit>` with `labels`.
    private func gauge(_ name: String, _ unit: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(metricName: name, unitName: unit, helpText: help), labels: labels)
    }

    /// The Prometheus text exposition of every metric, after reading the scrape-time gauges.
    public func render(providers: [ProviderStats.Summary] = []) -> String {
        for summary in providers {
            let labels = [("provider", summary.providerID)]
            gauge(
                "tollgate_provider_recent", "calls",
                "Calls to the provider among its last 200 (the window the ratios and latencies below cover).", labels
            ).set(Double(summary.calls))
            gauge(
                "tollgate_provider_error", "ratio",
                "Share of the provider's recent calls that failed (no answer, or a 5xx or 429).", labels
            ).set(summary.errorRate)
            gauge("tollgate_provider_latency_p50", "seconds", "Median duration of the provider's recent calls.", labels)
                .set(Double(summary.medianMilliseconds) / 1000)
            gauge(
                "tollgate_provider_latency_p95", "seconds", "95th percentile duration of the provider's recent calls.",
                labels
            ).set(Double(summary.p95Milliseconds) / 1000)
        }
        let process = ProcessFacts.read()
        if let resident = process.residentBytes {
            gauge("tollgate_process_resident_memory", "bytes", "Resident memory of the process (RSS).")
                .set(Double(resident))
        }
        if let descriptors = process.openDescriptors {
            gauge("tollgate_process_open", "fds", "Open file descriptors (sockets included).")
                .set(Double(descriptors))
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

/// What Linux's `/proc/self` says about the process (nil elsewhere).
struct ProcessFacts {
    var residentBytes: Int?
    var openDescriptors: Int?

    static func read() -> ProcessFacts {
        var facts = ProcessFacts()
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        {
            facts.residentBytes = pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        }
        facts.openDescriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count
        return facts
    }
}
