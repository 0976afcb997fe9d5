import Foundation
import Prometheus
import TollgateProviders

/// The instance's Prometheus registry: the request instruments the server records as it answers, and
/// gauges read when `/metrics` is scraped (providers' recent calls, the process) — nothing on the hot path
/// beyond one counter and one histogram per request. README "Metrics" lists them all.
public final class Metrics: Sendable {
    /// All metrics of this instance; rendered by `GET /metrics`.
    public let registry = PrometheusCollectorRegistry()
    let started = Date().timeIntervalSince1970

    public init() {
        registry.makeGauge(
            name: "tollgate_build_info", labels: [("version", TollgateVersion.current)],
            help: "Always 1; the version label names the running release."
        ).set(1.0)
        registry.makeGauge(name: "tollgate_process_start_time_seconds", help: "When the process started (Unix time).")
            .set(started)
    }

    public func requestFinished(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        // No help text here: the registry re-validates it on every call, and this runs for every request
        // (README "Metrics" says what these two mean).
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

    /// The Prometheus text exposition of every metric, after reading the scrape-time gauges.
    public func render(providers: [ProviderStats.Summary] = []) -> String {
        for summary in providers {
            let labels = [("provider", summary.providerID)]
            registry.makeGauge(
                name: "tollgate_provider_recent_calls", labels: labels,
                help: "Calls to the provider among its last 200 (the window the ratios and latencies below cover)."
            ).set(Double(summary.calls))
            registry.makeGauge(
                name: "tollgate_provider_error_ratio", labels: labels,
                help: "Share of the provider's recent calls that failed (no answer, or a 5xx or 429)."
            ).set(summary.errorRate)
            registry.makeGauge(
                name: "tollgate_provider_latency_p50_seconds", labels: labels,
                help: "Median duration of the provider's recent calls."
            ).set(Double(summary.medianMilliseconds) / 1000)
            registry.makeGauge(
                name: "tollgate_provider_latency_p95_seconds", labels: labels,
                help: "95th percentile duration of the provider's recent calls."
            ).set(Double(summary.p95Milliseconds) / 1000)
        }
        let process = ProcessFacts.read()
        if let resident = process.residentBytes {
            registry.makeGauge(
                name: "tollgate_process_resident_memory_bytes", help: "Resident memory of the process (RSS)."
            ).set(Double(resident))
        }
        if let descriptors = process.openDescriptors {
            registry.makeGauge(
                name: "tollgate_process_open_fds", help: "Open file descriptors (sockets included)."
            ).set(Double(descriptors))
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
