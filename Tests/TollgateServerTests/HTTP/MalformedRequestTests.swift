import Foundation
import Testing
import TollgateTestSupport

@testable import TollgateServer

/// Requests the HTTP parser cannot read (issue 24 §10): a 400 with the SPEC §3 envelope, not an empty body,
/// and the connection closed; requests before the bad one on the same connection are answered as usual.
@Suite struct MalformedRequestTests {
    static let malformed = [
        "GET / HTTP/1.1\r\nBad header\r\n\r\n",
        "GARBAGE\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n",
        "POST /api/v2/generate HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET /\u{1}x HTTP/1.1\r\nHost: a\r\n\r\n",
    ]

    @Test func anUnreadableRequestGetsTheEnvelope() async throws {
        let app = try await TestApp.make(.sqlite)
        let gateway = try await RunningGateway.start(app.services)
        for raw in Self.malformed {
            let connection = try RawConnection(gateway.url)
            connection.send(raw)
            let answer = await connection.readAll()
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(raw.debugDescription): \(answer)")
            #expect(answer.lowercased().contains("connection: close"), "\(answer)")
            #expect(answer.contains(#""error":"bad_request""#), "\(raw.debugDescription): \(answer)")
            #expect(answer.contains("not valid HTTP/1.1"), "\(answer)")
        }

        // Two good requests, then a bad one, on one connection: 200, 200, then the envelope.
        let connection = try RawConnection(gateway.url)
        connection.send(
            "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\nNOT HTTP AT ALL\r\n\r\n")
        let answers = await connection.readAll()
        #expect(answers.components(separatedBy: "HTTP/1.1 200").count == 3, "\(answers)")
        #expect(answers.contains("HTTP/1.1 400") && answers.contains(#""error":"bad_request""#), "\(answers)")
        await gateway.stop()
        await app.close()
    }

    /// A request whose body cannot be read (a bad chunk, a length the body never reaches): 400 with the envelope,
    /// not a 500 (found by bench/fuzz.sh); CONNECT: 405 and the connection closed, not left open.
    @Test func anUnreadableBodyOrATunnelGetsTheEnvelope() async throws {
        let app = try await TestApp.make(.sqlite)
        let (_, key) = try await app.account(tokens: 100)
        let gateway = try await RunningGateway.start(app.services)
        let head =
            "POST /api/v2/generate HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer \(key)\r\n"
            + "Content-Type: application/json\r\n"
        for (raw, finish) in [
            (head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", false),
            (head + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n{}\r\n", false),
            (head + "Content-Length: 500\r\n\r\n{\"model\": \"gpt-5-nano\"}", true),
        ] {
            let connection = try RawConnection(gateway.url)
            connection.send(raw)
            if finish { connection.finish() }
            let answer = await connection.readAll()
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(raw.debugDescription): \(answer)")
            #expect(answer.contains(#""error":"bad_request""#), "\(answer)")
        }
        for raw in [
            "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n", "CONNECT /api/v2/balance HTTP/1.1\r\n\r\n",
        ] {
            let connection = try RawConnection(gateway.url)
            connection.send(raw)
            // NIO's encoder frames an answer to CONNECT as a tunnel's, without a body; the close ends it.
            let started = ContinuousClock.now
            let answer = await connection.readAll()
            #expect(answer.hasPrefix("HTTP/1.1 405") && answer.contains("Connection: close"), "\(answer)")
            #expect(ContinuousClock.now - started < .seconds(5), "the connection was left open")
        }
        await gateway.stop()
        await app.close()
    }
}
