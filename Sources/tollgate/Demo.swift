import ArgumentParser
import Foundation
import Hummingbird
import TollgateServer
import TollgateServices
import TollgateSimulator

/// `tollgate demo`: the server and an in-process provider simulator together, with an Elite account,
/// so a newcomer can generate with no provider keys. Simulated answers say they are simulated.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server against a built-in simulator, with a ready Elite key.")

    @Option(help: "Port of the server.") var port = 8080
    @Option(help: "Data folder (default: a new temporary folder).") var data: String?

    func run() async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var simulatorConfiguration = SimulatorConfiguration()
        simulatorConfiguration.defaults.chunkIntervalMs = 30
        let (simulatorApp, _) = Simulator.build(configuration: simulatorConfiguration) { port in
            continuation.yield(port)
        }
        let directory =
            data
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "tollgate-demo-\(UUID().uuidString.prefix(8))"
            ).path

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await simulatorApp.runService(gracefulShutdownSignals: []) }
            guard let simulatorPort = await ports.first(where: { _ in true }) else { return }
            var configuration = try Configuration.load(
                flags: ["data": directory, "port": String(port)], environment: ProcessInfo.processInfo.environment)
            configuration.simulatorURL = "http://127.0.0.1:\(simulatorPort)"
            let services = try await buildServices(configuration: configuration)
            let email = "demo@tollgate.local"
            var account = try? await services.accounts.find(email: email)
            if account == nil {
                account = try await services.accounts.create(email: email, name: "Demo", planCode: "elite")
            }
            guard let account else { return }
            let key = try await services.keys.create(accountID: account.id, name: "demo")
            let app = buildApplication(services: services) { address in
                let text = """
                    Tollgate demo on http://\(address) — providers are simulated (answers say so); data in \(directory)
                    Try: curl -s http://\(address)/api/v2/generate -H "Authorization: Bearer \(key.key)" -H 'Content-Type: application/json' -d '{"model": "gpt-5-nano", "prompt": "Hello"}'
                    key: \(key.key)

                    """
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            group.addTask { try await app.runService() }
            try await group.next()
            group.cancelAll()
        }
    }
}
