import Foundation
import Testing
import TollgateSimulator
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Slow clients (issue 24 §8): a connection that never completes its request head, or sits idle between
/// requests, is closed after `idle_timeout_seconds`; a request being answered is never cut by it.
@Suite struct IdleTimeoutTests {
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
        let (bytes, closed) = await slow.readToClose()
        #expect(closed && bytes == 0)

        // A connection that answered one request and then sits idle is closed too.
        let idle = try RawConnection(gateway.url)
        idle.send("GET /healthz HTTP/1.1\r\nHost: tollgate\r\n\r\n")
        let (answered, idleClosed) = await idle.readToClose()
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
