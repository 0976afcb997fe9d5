import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing
import TollgateCore

@testable import TollgateServices

/// DNS rebinding (issue 24 §4): a fetch connects to the address the guard checked, never to a second lookup's
/// answer, and every address a name has is checked.
@Suite struct InputGuardPinningTests {
    /// The Host headers a local server saw.
    final class HostLog: Sendable {
        let hosts = Mutex<[String]>([])
        func append(_ host: String) { hosts.withLock { $0.append(host) } }
        var all: [String] { hosts.withLock { $0 } }
    }

    /// A local server that records the Host header of each request and answers a tiny PNG.
    static func startRecorder() async throws -> (url: String, hosts: HostLog, service: RunningService) {
        let hosts = HostLog()
        let router = Router()
        router.get("probe.png") { request, _ in
            hosts.append(request.head.authority ?? "")
            return Response(
                status: .ok, headers: [.contentType: "image/png"],
                body: .init(byteBuffer: ByteBuffer(bytes: [0x89, 0x50, 0x4E, 0x47])))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let service = RunningService(app)
        guard let port = await ports.first(where: { _ in true }) else { throw CancellationError() }
        return ("127.0.0.1:\(port)", hosts, service)
    }

    @Test func theFetchConnectsToTheCheckedAddress() async throws {
        let (address, hosts, service) = try await Self.startRecorder()
        let port = Int(address.split(separator: ":")[1])!
        let lookups = Mutex(0)
        // `rebind.test` exists only in this resolver: the fetch can succeed only by connecting to the address
        // the check resolved. (Loopback is allowed here so the local server can stand in for a public host.)
        let guardian = InputGuard(
            allowPrivate: false,
            resolver: { host, port in
                lookups.withLock { $0 += 1 }
                return host == "rebind.test" ? [try SocketAddress(ipAddress: "127.0.0.1", port: port)] : []
            }, forbidden: [])
        let (bytes, type) = try await guardian.fetch(
            "http://rebind.test:\(port)/probe.png", field: "image_url", maxBytes: 1024, types: ["image/"])
        #expect(bytes.count == 4 && type == "image/png")
        #expect(lookups.withLock { $0 } == 1)
        // The request still names its host (virtual hosting and TLS SNI use the name, not the address).
        #expect(hosts.all == ["rebind.test:\(port)"])
        await service.stop()
    }

    @Test func everyAddressOfANameIsChecked() async throws {
        let guardian = InputGuard(
            allowPrivate: false,
            resolver: { _, port in
                [
                    try SocketAddress(ipAddress: "8.8.8.8", port: port),
                    try SocketAddress(ipAddress: "127.0.0.1", port: port),
                ]
            })
        let error = await #expect(throws: APIError.self) {
            try await guardian.check("http://mixed.test/a.png", field: "image_url")
        }
        #expect(error?.code == "validation_error")
        // The system resolver returns every address, not only the first.
        let all = InputGuard.lookUp(host: "localhost", port: 80)
        #expect(!all.isEmpty && all.allSatisfy { InputGuard.isForbidden($0) })
    }
}
