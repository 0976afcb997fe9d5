import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Request bodies over the limit are a 413 in the envelope, however they are sent.
@Suite struct RequestBodyTests {
    /// A chunked body has no Content-Length to refuse up front; it answered 500 (issue 24, item 9).
    @Test func aChunkedBodyOverTheLimitIs413() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        var request = HTTPClientRequest(url: fixture.gateway.url + "/api/v2/generate")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(fixture.key)")
        request.headers.add(name: "Content-Type", value: "application/json")
        let chunk = ByteBuffer(string: String(repeating: " ", count: 64 << 10))
        request.body = .stream(
            AsyncStream<ByteBuffer> { continuation in
                for _ in 0..<40 { continuation.yield(chunk) }  // 2.5 MB, over the 1 MB limit
                continuation.finish()
            }, length: .unknown)
        let response = try await TestHTTP.client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        #expect(response.status.code == 413, "\(String(buffer: body))")
        #expect(String(buffer: body).contains("payload_too_large"))
        await fixture.stop()
    }
}

/// Error answers on paths no route matched take the shape of the surface the path belongs to.
@Suite struct UnmatchedPathTests {
    @Test func anUnknownV1PathAnswersInTheSDKsShape() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        let openAI = try await fixture.get("/v1/no-such-endpoint")
        #expect(openAI.status == 404)
        #expect(openAI.json["error"]?["type"] == "not_found_error" && openAI.json["error"]?["code"] == "not_found")
        let anthropic = try await fixture.get("/v1/messages/batches/x")
        #expect(anthropic.status == 404 && anthropic.json["type"] == "error")
        #expect(anthropic.json["error"]?["type"] == "not_found_error")
        let native = try await fixture.get("/api/v2/no-such-endpoint")
        #expect(native.status == 404 && native.json["error"] == "not_found")
        await fixture.stop()
    }
}
