import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import TollgateCore
import TollgateSimulator

@testable import TollgateServer
@testable import TollgateServices

/// Runs an application in a service group that can be stopped gracefully.
struct RunningService {
    let group: ServiceGroup
    let task: Task<Void, any Error>

    init(_ app: some ApplicationProtocol) {
        var logger = Logger(label: "test-service")
        logger.logLevel = .critical
        group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let group = self.group
        task = Task { try await group.run() }
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

/// A provider simulator listening on a free port, for the length of a test.
struct RunningSimulator {
    let url: String
    let stats: SimulatorStats
    let service: RunningService

    static func start(defaults: SimulatorKnobs = SimulatorKnobs()) async throws -> RunningSimulator {
        var configuration = SimulatorConfiguration()
        configuration.defaults = defaults
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let (app, simulator) = Simulator.build(configuration: configuration) { port in continuation.yield(port) }
        let service = RunningService(app)
        guard let port = await ports.first(where: { _ in true }) else { throw CancellationError() }
        return RunningSimulator(url: "http://127.0.0.1:\(port)", stats: simulator.stats, service: service)
    }

    func stop() async { await service.stop() }
}

/// A gateway serving real HTTP on a free port (services built by the caller), for tests that need a real
/// client: streaming, disconnects, hundreds of concurrent requests.
struct RunningGateway {
    let url: String
    let service: RunningService

    static func start(_ services: Services) async throws -> RunningGateway {
        let (addresses, continuation) = AsyncStream<String>.makeStream()
        let app = try buildApplication(services: services) { address in continuation.yield(address) }
        let service = RunningService(app)
        guard let address = await addresses.first(where: { _ in true }) else { throw CancellationError() }
        return RunningGateway(url: "http://\(address)", service: service)
    }

    func stop() async { await service.stop() }
}

/// A small HTTP client for tests.
enum TestHTTP {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 512)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: String
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))) ?? .null }
    }

    static func request(
        _ method: HTTPMethod, _ url: String, key: String? = nil, json: String? = nil, headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }

    /// Reads a server-sent event stream until `stop` says so (then the connection is dropped) or it ends.
    /// Returns the `data:` payloads and comment lines seen.
    static func stream(
        _ url: String, key: String, json: String, stop: @escaping @Sendable ([String]) -> Bool = { _ in false }
    ) async throws -> [String] {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        // A dedicated client, shut down at the end, so dropping the stream really closes the connection.
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var lines: [String] = []
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            var pending = ""
            reading: for try await chunk in response.body {
                pending += String(buffer: chunk)
                while let range = pending.range(of: "\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending = String(pending[range.upperBound...])
                    if line.hasPrefix("data: ") || line.hasPrefix(":") || line.hasPrefix("event: ") {
                        lines.append(line)
                    }
                    if stop(lines) { break reading }
                }
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
        return lines
    }
}
