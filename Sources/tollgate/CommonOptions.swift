import ArgumentParser
import Foundation
import TollgateServer
import TollgateServices

/// Options every command takes, so a command works on the same store as a running server.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Folder for the SQLite database and files (default ./data).")
    var data: String?

    @Option(name: .long, help: "PostgreSQL URL (postgres://user:pass@host:port/db); SQLite when absent.")
    var database: String?

    @Option(name: .long, help: "A JSON configuration file.")
    var config: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    /// The values these options set, by configuration key.
    func flags() -> [String: String] {
        var flags: [String: String] = [:]
        flags["data"] = data
        flags["database"] = database
        flags["config"] = config
        flags["log_level"] = logLevel
        return flags
    }

    /// The configuration from defaults, config file, environment and these flags (plus `extra`).
    func configuration(extra: [String: String] = [:], defaultLogLevel: String? = nil) throws -> Configuration {
        var flags = flags().merging(extra) { _, new in new }
        if flags["log_level"] == nil, ProcessInfo.processInfo.environment["TOLLGATE_LOG_LEVEL"] == nil,
            let defaultLogLevel
        {
            flags["log_level"] = defaultLogLevel
        }
        return try Configuration.load(flags: flags, environment: ProcessInfo.processInfo.environment)
    }

    /// Builds the services, runs `body`, and always closes the store.
    func withServices<T>(_ body: (Services) async throws -> T) async throws -> T {
        let services = try await buildServices(configuration: configuration(defaultLogLevel: "warning"))
        do {
            let result = try await body(services)
            await services.shutdown()
            return result
        } catch {
            await services.shutdown()
            throw error
        }
    }
}
