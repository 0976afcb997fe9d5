import ArgumentParser
import Foundation
import Hummingbird
import TollgateServices
import TollgateSimulator

/// `tollgate simulate`: runs the provider simulator alone.
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the provider simulator (OpenAI, Anthropic, Gemini, DeepSeek, xAI wire formats) alone.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 9090
    @Option(name: .customLong("latency-ms"), help: "Default delay before each answer.") var latencyMs = 0
    @Option(name: .customLong("chunk-ms"), help: "Default delay between stream chunks.") var chunkMs = 0
    @Option(help: "Default number of stream chunks.") var chunks = 8

    func run() async throws {
        var configuration = SimulatorConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.defaults.latencyMs = latencyMs
        configuration.defaults.chunkIntervalMs = chunkMs
        configuration.defaults.chunks = chunks
        let host = self.host
        let (app, _) = Simulator.build(configuration: configuration) { port in
            FileHandle.standardOutput.write(Data("Simulator listening on http://\(host):\(port)\n".utf8))
        }
        try await app.runService()
    }
}
