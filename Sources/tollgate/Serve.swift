import ArgumentParser
import Foundation
import Hummingbird
import NIOCore
import TollgateServer
import TollgateServices

/// `tollgate serve`: runs the HTTP server.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server (SQLite in ./data unless --database is given).")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port to listen on (default 8080; 0 picks a free one).")
    var port: String?

    @Option(name: .long, help: "Point every provider at a running provider simulator (tollgate simulate).")
    var simulator: String?

    func run() async throws {
        var extra: [String: String] = [:]
        extra["host"] = host
        extra["port"] = port
        extra["simulator"] = simulator
        let configuration = try common.configuration(extra: extra)
        // Before anything starts the process's event loops; set once, here only.
        NIOSingletons.groupLoopCountSuggestion = configuration.eventLoopThreads
        let where_ = configuration.databaseURL == nil ? "SQLite at \(configuration.sqlitePath)" : "PostgreSQL"
        let hint = keyHint()
        let app = try await buildApplication(configuration: configuration) { address in
            // Written unbuffered: scripts wait for this line on a pipe.
            let banner = """
                Tollgate listening on http://\(address) (\(where_))
                Get a key: \(hint)

                """
            FileHandle.standardOutput.write(Data(banner.utf8))
        }
        do {
            try await app.runService()
        } catch {
            throw StartupFailure.readable(error, listening: (configuration.host, configuration.port))
        }
    }
}

extension Serve {
    /// The commands that make an account and its key, runnable as printed: this binary's own path and the
    /// store options this server was given (a database URL given by flag is not repeated: it may hold a password).
    func keyHint() -> String {
        var command = CommandLine.arguments.first.map(Self.quoted) ?? "tollgate"
        if command.hasSuffix("/tollgate") == false && command != "tollgate" { command = "tollgate" }
        var store = ""
        if let data = common.data { store += " --data \(Self.quoted(data))" }
        if let config = common.config { store += " --config \(Self.quoted(config))" }
        if common.database != nil { store += " --database <the same URL>" }
        return "\(command) accounts create\(store) --email you@example.com --plan elite && "
            + "\(command) keys create\(store) --account you@example.com"
    }

    static func quoted(_ text: String) -> String {
        text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:=@".contains($0) }
            ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// `tollgate migrate`: brings the schema up to date and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withServices { services in
            print("schema is up to date (\(services.store.engine.kind.rawValue))")
        }
    }
}
