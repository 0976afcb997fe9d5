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
        let app = try await buildApplication(configuration: configuration) { address in
            // Written unbuffered: scripts wait for this line on a pipe.
            let banner = """
                Tollgate listening on http://\(address) (\(where_))
                Get a key: tollgate accounts create --email you@example.com --plan elite && tollgate keys create --account you@example.com

                """
            FileHandle.standardOutput.write(Data(banner.utf8))
        }
        try await app.runService()
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
