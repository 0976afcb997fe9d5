import Foundation
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// The OpenAI-compatible media endpoints, through a live gateway and the simulator.
@Suite struct OpenAIMediaCompatTests {
    /// Behind a proxy the result URL must be the configured `public_url`'s, as on the native surface (it was
    /// built from the request's Host).
    @Test func imageURLsUseThePublicURL() async throws {
        let fixture = try await GatewayFixture.start(.sqlite) { $0.publicURL = "https://api.example.test" }
        let reply = try await fixture.post(
            "/v1/images/generations", #"{"model": "dall-e-3", "prompt": "a lighthouse"}"#)
        #expect(reply.status == 200, "\(reply.body)")
        let url = reply.json["data"]?.arrayValue?.first?["url"]?.stringValue ?? ""
        #expect(url.hasPrefix("https://api.example.test/files/"), "\(url)")
        await fixture.stop()
    }
}
