import Foundation
import Testing

@testable import TollgateProviders

/// One registered chat mapping, as a test argument.
struct MappingCase: Sendable, CustomTestStringConvertible {
    let mapping: any ChatMapping.Type
    var testDescription: String { mapping.providerID }
    /// The fixture folder, named like the source folder (`GeminiChatMapping` → `gemini`).
    var folder: String { String(describing: mapping).replacingOccurrences(of: "ChatMapping", with: "").lowercased() }

    static let all = ProviderRegistry.chatMappings.map(MappingCase.init)
}

/// What every chat mapping must do, whatever its provider.
@Suite("Chat mapping conformance")
struct ChatMappingConformanceTests {
    @Test("the registry holds the five providers once each")
    func registry() {
        #expect(
            ProviderRegistry.chatMappings.map { $0.providerID } == ["openai", "anthropic", "google", "deepseek", "xai"])
        #expect(ProviderRegistry.defaultEndpoint(providerID: "nope", apiKey: "k") == nil)
    }

    @Test("the default endpoint is the public HTTPS base URL with the mapping's auth", arguments: MappingCase.all)
    func defaultEndpoint(_ test: MappingCase) throws {
        let endpoint = try #require(
            ProviderRegistry.defaultEndpoint(providerID: test.mapping.providerID, apiKey: "sk-test"))
        #expect(endpoint.baseURL == test.mapping.defaultBaseURL)
        #expect(endpoint.baseURL.hasPrefix("https://") && !endpoint.baseURL.hasSuffix("/"))
        #expect(endpoint.auth == test.mapping.auth)
    }

    @Test("a request carries no credentials and a JSON body", arguments: MappingCase.all)
    func requestHasNoKey(_ test: MappingCase) throws {
        let chat = SampleConversation.textRequest(model: "model-x")
        let request = try test.mapping.request(chat, stream: true)
        #expect(request.method == "POST" && request.path.hasPrefix("/"))
        #expect(
            request.headers.allSatisfy {
                !["authorization", "x-api-key", "x-goog-api-key"].contains($0.0.lowercased())
            })
        #expect(try request.json()["model"] != nil || request.path.contains("model-x"))
    }

    @Test("answers that are not the provider's JSON are malformed", arguments: MappingCase.all)
    func malformedResponse(_ test: MappingCase) {
        for body in ["", "null", "[]", "<html><body>Bad gateway</body></html>", #"{"truncated": "#] {
            #expect(failure { try test.mapping.response(Array(body.utf8)) }?.kind == .malformed, "\(body)")
        }
    }

    @Test("a stream event that is not JSON is malformed", arguments: MappingCase.all)
    func malformedStreamEvent(_ test: MappingCase) {
        #expect(failure { try Self.feed(test.mapping, ServerSentEvent(data: #"{"type": "#)) }?.kind == .malformed)
    }

    private static func feed<Mapping: ChatMapping>(_ mapping: Mapping.Type, _ event: ServerSentEvent)
        throws(ProviderFailure) -> [ChatStreamEvent]
    {
        var state = Mapping.makeStreamState()
        return try Mapping.streamEvent(event, state: &state)
    }

    @Test("error bodies that are not JSON fall back to the HTTP status", arguments: MappingCase.all)
    func statusFallback(_ test: MappingCase) {
        let body = Array("<html><head><title>502 Bad Gateway</title></head></html>".utf8)
        let expected: [(Int, ProviderFailure.Kind)] = [
            (400, .rejected), (401, .unauthorized), (403, .unauthorized), (404, .rejected), (408, .timeout),
            (429, .rateLimited), (500, .upstreamError), (502, .upstreamError), (503, .upstreamError),
            (529, .upstreamError),
        ]
        for (status, kind) in expected {
            let failure = test.mapping.failure(status: status, body: body, retryAfter: 3)
            #expect(failure.kind == kind, "HTTP \(status)")
            #expect(failure.status == status)
            #expect(!failure.message.contains("Bad Gateway"))
        }
        #expect(test.mapping.failure(status: 429, body: body, retryAfter: 3).retryAfter == 3)
    }

    @Test("the recorded stream finishes exactly once, whatever the chunk size", arguments: MappingCase.all)
    func streamFinishesOnce(_ test: MappingCase) throws {
        let bytes = try Fixture.bytes("\(test.folder)/stream.sse")
        let whole = StreamReplay.run(test.mapping, bytes, chunkSize: bytes.count)
        #expect(whole.failure == nil)
        #expect(whole.events.filter { if case .finish = $0 { true } else { false } }.count == 1)
        #expect(whole.events.contains { if case .usage = $0 { true } else { false } })
        for size in 1...13 {
            #expect(StreamReplay.run(test.mapping, bytes, chunkSize: size).events == whole.events, "chunk size \(size)")
        }
    }

    @Test("a stream cut short never finishes and only ever emits a prefix of the whole", arguments: MappingCase.all)
    func streamCutShort(_ test: MappingCase) throws {
        let bytes = try Fixture.bytes("\(test.folder)/stream.sse")
        let whole = StreamReplay.run(test.mapping, bytes, chunkSize: bytes.count).events
        let half = StreamReplay.run(test.mapping, Array(bytes.prefix(bytes.count / 2)))
        #expect(!half.events.contains { if case .finish = $0 { true } else { false } })
        for cut in stride(from: 0, to: bytes.count, by: 11) {
            let events = StreamReplay.run(test.mapping, Array(bytes.prefix(cut))).events
            #expect(Array(whole.prefix(events.count)) == events, "cut at \(cut)")
        }
    }

    @Test(
        "the recorded stream with an error throws a failure that allows no silent success", arguments: MappingCase.all)
    func streamErrorThrows(_ test: MappingCase) throws {
        let outcome = try StreamReplay.run(test.mapping, fixture: "\(test.folder)/stream-error.sse")
        let failure = try #require(outcome.failure)
        #expect(failure.kind != .malformed)
        #expect(!outcome.events.contains { if case .finish = $0 { true } else { false } })
    }
}
