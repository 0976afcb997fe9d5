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
}
