import Foundation
import Testing
import TollgateSimulator
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

#if canImport(Glibc)
    import Glibc
#endif

/// Slow clients (issue 24 §8): a connection that never completes its request head, or sits idle between
/// requests, is closed after `idle_timeout_seconds`; a request being answered is never cut by it.
@Suite struct IdleTimeoutTests {
    /// A raw TCP connection to `host:port`, so a test can send half a request.
    final class RawConnection {
        let descriptor: Int32

        init(_ address: String) throws {
            let parts = address.replacingOccurrences(of: "http://", with: "").split(separator: ":")
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var target = sockaddr_in()
            target.sin_family = sa_family_t(AF_INET)
            target.sin_port = in_port_t(UInt16(parts[1])!).bigEndian
            inet_pton(AF_INET, String(parts[0]), &target.sin_addr)
            let connected = withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        func send(_ text: String) {
            _ = Array(text.utf8).withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
        }

        /// Reads until the peer closes (0) or the read times out (-1); returns what came and whether it closed.
        func readToClose() -> (bytes: Int, closed: Bool) {
            var total = 0
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count == 0 { return (total, true) }
                if count < 0 { return (total, false) }
                total += count
            }
        }

        deinit { close(descriptor) }
    }

    @Test func aHalfSentRequestHeadIsClosedButALongAnswerIsNot() async throws {
        var knobs = SimulatorKnobs()
        knobs.latencyMs = 1_500
        let simulator = try await RunningSimulator.start(defaults: knobs)
        let app = try await TestApp.make(.sqlite) {
            $0.simulatorURL = simulator.url
            $0.idleTimeoutSeconds = 0.5
        }
        let (_, key) = try await app.account(tokens: 100)
        let gateway = try await RunningGateway.start(app.services)

        // Half a request head, then nothing: closed by the server without an answer.
        let slow = try RawConnection(gateway.url)
        slow.send("GET /healthz HTTP/1.1\r\nHost: tollgate\r\nX-Slow: ")
        let (bytes, closed) = slow.readToClose()
        #expect(closed && bytes == 0)

        // A connection that answered one request and then sits idle is closed too.
        let idle = try RawConnection(gateway.url)
        idle.send("GET /healthz HTTP/1.1\r\nHost: tollgate\r\n\r\n")
        let (answered, idleClosed) = idle.readToClose()
        #expect(answered > 0 && idleClosed)

        // A generation that takes three times the idle timeout completes.
        let reply = try await TestHTTP.request(
            .POST, gateway.url + "/api/v2/generate", key: key, json: #"{"model": "gpt-5-nano", "prompt": "slow"}"#)
        #expect(reply.status == 200 && reply.body.contains("\"completed\""), "\(reply.body)")

        await gateway.stop()
        await app.close()
        await simulator.stop()
    }
}
