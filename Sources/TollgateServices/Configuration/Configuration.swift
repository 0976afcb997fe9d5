import Foundation
import Logging
import NIOCore
import TollgateCore
import TollgateStore

/// Every setting of a Tollgate instance, typed. Built once by `Configuration.load` and passed to
/// `buildApplication(configuration:)`; nothing below the composition root reads the environment.
public struct Configuration: Sendable {
    /// Address to listen on.
    public var host = "127.0.0.1"
    /// Port to listen on; 0 picks a free one.
    public var port = 8080
    /// Folder for the SQLite database and local files.
    public var dataDirectory = "./data"
    /// `postgres://…` to use PostgreSQL; nil keeps SQLite in the data folder.
    public var databaseURL: Secret?
    /// PostgreSQL connections one instance keeps at most (all requests share them).
    public var databaseConnections = PostgresEngine.defaultMaxConnections
    /// Event-loop threads (the threads that move bytes: sockets, HTTP parsing); nil leaves the choice to `eventLoopThreads`.
    public var eventLoops: Int?
    /// Largest accepted JSON request body, in bytes.
    public var maxBodyBytes = 1 << 20
    /// A catalog file replacing the bundled one.
    public var catalogFile: String?
    /// A plans file replacing the bundled one.
    public var plansFile: String?
    /// Minimum log level.
    public var logLevel: Logger.Level = .info
    /// How long a resolved API key stays cached; revocation on another instance shows within this time.
    public var keyCacheSeconds: Double = 1
    /// How often (seconds) the sweeper ends expired cycles and releases overdue holds.
    public var sweepSeconds = 5
    /// Per provider: base URL (or relay), key, proxy, timeouts. Keyed by provider id.
    public var providers: [String: ProviderSettings] = [:]
    /// A running provider simulator every provider is pointed at (`tollgate serve --simulator URL`).
    public var simulatorURL: String?
    /// Seconds of provider silence after which a stream gets a `: keep-alive` comment.
    public var keepAliveSeconds: Double = 15
    /// Seconds a connection may sit without a complete request head or between requests before it is
    /// closed: slow-header and idle connections cannot hold sockets forever. A request being answered (a
    /// stream, a long generation) is never cut by it.
    public var idleTimeoutSeconds: Double = 30
    /// The public base URL of this instance (`https://api.example.com`), used in file URLs and webhooks;
    /// when unset, answers use the request's Host and webhooks `http://host:port`.
    public var publicURL: String?
    /// Where other parties reach this instance (links in mail, webhook bodies): `publicURL`, else the
    /// address it listens on.
    public var externalURL: String { publicURL ?? "http://\(host):\(port)" }
    /// Whether `image_url`, `audio_url` and `callback_url` may point at private or loopback addresses
    /// (off: SSRF protection).
    public var allowPrivateInputs = false
    /// The ffmpeg that cuts a video's first frame for its thumbnail and converts an image to a format its model's
    /// upstream does not make: a path, or a name looked up on `PATH`; `off` for none (a video made from text alone
    /// then has no thumbnail unless its provider gives one, and such a model takes only its upstream's formats).
    public var ffmpeg = "ffmpeg"
    /// Asynchronous jobs one instance works on at once.
    public var jobConcurrency = 32
    /// Milliseconds the job runner and webhook sender wait when there is nothing to do.
    public var jobIdleMilliseconds = 250
    /// An S3-compatible bucket for result files (several instances); local files when nil.
    public var s3: S3Settings?
    /// Seconds a runner holds a job while working on one step of it (a killed runner's jobs are taken
    /// over after this).
    public var jobLeaseSeconds = 30
    /// Web sign-in: token keys and lifetimes, password hashing, login limits, Telegram, mail.
    public var webAuth = WebAuthSettings()
    /// The support assistant's model, paying account and email (SPEC §16).
    public var support = SupportSettings()
    /// The payment providers (SPEC §13).
    public var payments = PaymentSettings()

    public init() {}

    /// The SQLite file used when no database URL is set.
    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("tollgate.sqlite") }
    /// The event-loop threads the process runs with: `event_loops` when set, otherwise one per two cores
    /// on SQLite and one per core on PostgreSQL. A request's own work (admission, mapping, settlement) runs
    /// on Swift's concurrency pool, one thread per core; on SQLite the event loops only move bytes, and as
    /// many of them as cores fight that pool for the same cores. PostgreSQL's protocol work runs on the
    /// event loops too, and keeps them busy (BENCHMARKS.md).
    public var eventLoopThreads: Int {
        eventLoops ?? (databaseURL == nil ? max(1, System.coreCount / 2) : System.coreCount)
    }
    /// The local folder for result files.
    public var filesDirectory: String { (dataDirectory as NSString).appendingPathComponent("files") }

    /// The keys a configuration source may set.
    public static let knownKeys =
        [
            "host", "port", "data", "database", "database_connections", "event_loops", "max_body_bytes", "catalog_file",
            "plans_file", "log_level",
            "key_cache_seconds", "sweep_seconds", "simulator", "keep_alive_seconds", "idle_timeout_seconds",
            "public_url",
            "allow_private_inputs", "ffmpeg",
            "job_concurrency", "job_idle_ms", "job_lease_seconds", "s3.endpoint", "s3.bucket", "s3.region",
            "s3.access_key_id",
            "s3.secret",
        ]
        + KnownProviders.displayNames.keys.sorted().flatMap { id in
            ProviderSettings.keys.map { "providers.\(id).\($0)" }
        } + WebAuthSettings.keys + PaymentSettings.keys + SupportSettings.keys

    /// Builds the configuration from defaults, an optional config file, the environment and flags.
    /// - Parameters:
    ///   - flags: command-line values by key (highest precedence).
    ///   - environment: the process environment.
    public static func load(flags: [String: String] = [:], environment: [String: String]) throws -> Configuration {
        var layers = ConfigurationLayers()
        if let path = flags["config"] ?? environment["TOLLGATE_CONFIG"] {
            try layers.addFile(at: path)
        }
        try layers.addEnvironment(environment, known: knownKeys)
        for (key, value) in flags where key != "config" {
            layers.set(key, value, origin: "flag --\(key.replacingOccurrences(of: "_", with: "-"))")
        }
        return try Configuration(layers: layers)
    }

    /// Types every raw value; the first bad one stops with an error naming its key and origin.
    public init(layers: ConfigurationLayers) throws {
        for key in layers.keys where !Self.knownKeys.contains(key) {
            throw ConfigurationError(key: key, message: "is not a known setting (from \(layers.value(key)!.origin))")
        }
        let reader = ConfigurationReader(layers: layers)
        host = try reader.string("host") ?? host
        port = try reader.int("port", in: 0...65535) ?? port
        dataDirectory = try reader.string("data") ?? dataDirectory
        databaseURL = try reader.string("database").map { Secret($0) }
        if let url = databaseURL?.revealed, !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            throw ConfigurationError(
                key: "database", message: "must be a postgres:// URL (from \(layers.value("database")!.origin))")
        }
        maxBodyBytes = try reader.int("max_body_bytes", in: 1024...(1 << 30)) ?? maxBodyBytes
        catalogFile = try reader.string("catalog_file")
        plansFile = try reader.string("plans_file")
        if let level = try reader.string("log_level") {
            guard let parsed = Logger.Level(rawValue: level) else {
                throw ConfigurationError(
                    key: "log_level", message: "must be one of trace, debug, info, notice, warning, error, critical")
            }
            logLevel = parsed
        }
        keyCacheSeconds = try reader.double("key_cache_seconds", in: 0...60) ?? keyCacheSeconds
        sweepSeconds = try reader.int("sweep_seconds", in: 1...3600) ?? sweepSeconds
        simulatorURL = try reader.string("simulator")
        if let url = simulatorURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ConfigurationError(key: "simulator", message: "must be an http(s) URL")
        }
        keepAliveSeconds = try reader.double("keep_alive_seconds", in: 0.01...300) ?? keepAliveSeconds
        idleTimeoutSeconds = try reader.double("idle_timeout_seconds", in: 0.1...3600) ?? idleTimeoutSeconds
        publicURL = try reader.string("public_url").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        if let url = publicURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ConfigurationError(key: "public_url", message: "must be an http(s) URL")
        }
        databaseConnections = try reader.int("database_connections", in: 1...1000) ?? databaseConnections
        eventLoops = try reader.int("event_loops", in: 1...256)
        allowPrivateInputs = try reader.bool("allow_private_inputs") ?? allowPrivateInputs
        ffmpeg = try reader.string("ffmpeg") ?? ffmpeg
        jobConcurrency = try reader.int("job_concurrency", in: 1...4096) ?? jobConcurrency
        jobIdleMilliseconds = try reader.int("job_idle_ms", in: 10...60_000) ?? jobIdleMilliseconds
        jobLeaseSeconds = try reader.int("job_lease_seconds", in: 1...3600) ?? jobLeaseSeconds
        if let endpoint = try reader.string("s3.endpoint") {
            guard let bucket = try reader.string("s3.bucket") else {
                throw ConfigurationError(key: "s3.bucket", message: "is required with s3.endpoint")
            }
            s3 = S3Settings(
                endpoint: endpoint, bucket: bucket, region: try reader.string("s3.region") ?? "us-east-1",
                accessKeyID: try reader.string("s3.access_key_id") ?? "", secret: layers.secret("s3.secret") ?? "")
        }
        webAuth = try WebAuthSettings(reader: reader)
        payments = try PaymentSettings(reader: reader)
        support = try SupportSettings(reader: reader)
        for id in KnownProviders.displayNames.keys {
            providers[id] = try ProviderSettings(id: id, reader: reader)
        }
    }
}

/// Where an S3-compatible bucket is and how to sign for it.
public struct S3Settings: Sendable, Equatable {
    public var endpoint: String
    public var bucket: String
    public var region: String
    public var accessKeyID: String
    public var secret: Secret
}

/// Typed reads over the merged layers.
struct ConfigurationReader {
    let layers: ConfigurationLayers

    func string(_ key: String) throws -> String? {
        guard let value = layers.value(key) else { return nil }
        guard !value.text.isEmpty else {
            throw ConfigurationError(key: key, message: "is empty (from \(value.origin))")
        }
        return value.text
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = layers.value(key) else { return nil }
        guard let number = Int(value.text), range.contains(number) else {
            throw ConfigurationError(
                key: key,
                message:
                    "must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(value.text)' (from \(value.origin))"
            )
        }
        return number
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = layers.value(key) else { return nil }
        switch value.text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default:
            throw ConfigurationError(
                key: key, message: "must be true or false, got '\(value.text)' (from \(value.origin))")
        }
    }

    func double(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let value = layers.value(key) else { return nil }
        guard let number = Double(value.text), range.contains(number) else {
            throw ConfigurationError(
                key: key,
                message:
                    "must be a number in \(range.lowerBound)...\(range.upperBound), got '\(value.text)' (from \(value.origin))"
            )
        }
        return number
    }
}
