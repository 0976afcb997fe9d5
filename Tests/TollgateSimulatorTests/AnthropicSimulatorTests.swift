import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("Anthropic Messages")
struct AnthropicSimulatorTests {
    let path = "/anthropic/v1/messages"

    @Test func bufferedAnswerHasTheMessageShape() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: path, method: .post, headers: Requests.anthropicHeaders, body: Requests.anthropic("Write a haiku"))
            #expect(response.status == .ok)
            let json = try jsonObject(response.body)
            #expect(json.string("id")?.hasPrefix("msg_") == true)
            #expect(json.string("type") == "message")
            #expect(json.string("role") == "assistant")
            #expect(json.string("model") == "claude-haiku-4-5")
            #expect(json.string("stop_reason") == "end_turn")
            #expect(json.isNull("stop_sequence"))
            let block = try #require(json.objects("content")?.first)
            #expect(block.string("type") == "text")
            let text = try #require(block.string("text"))
            #expect(text.hasPrefix("[simulated anthropic claude-haiku-4-5] Write a haiku"))
            let usage = try #require(json.object("usage"))
            #expect(usage.int("input_tokens") ?? 0 > 0)
            #expect(usage.int("output_tokens") == SimulatedTokens.count(text))
        }
    }

    @Test func streamSendsTheDocumentedEventSequence() async throws {
        let (app, simulator) = makeSimulator()
        try await app.test(.router) { client in
            let body = Requests.anthropic("alpha beta [[sim chunks=3]]", stream: true)
            let response = try await client.execute(
                uri: path, method: .post, headers: Requests.anthropicHeaders, body: body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let events = sseEvents(String(buffer: response.body))
            let names = events.map { $0.event ?? "" }
            #expect(
                names == [
                    "message_start", "content_block_start", "ping",
                    "content_block_delta", "content_block_delta", "content_block_delta",
                    "content_block_stop", "message_delta", "message_stop",
                ])
            let payloads = try events.map { try jsonObject($0.data) }
            // Each data payload names its own event type.
            #expect(payloads.map { $0.string("type") ?? "" } == names)

            let start = try #require(payloads[0].object("message"))
            #expect(start.string("id")?.hasPrefix("msg_") == true)
            #expect((start["content"] as? [Any])?.isEmpty == true)
            #expect(start.isNull("stop_reason"))
            #expect(start.object("usage")?.int("input_tokens") ?? 0 > 0)
            #expect(payloads[1].object("content_block")?.string("type") == "text")
            #expect(payloads[1].object("content_block")?.string("text") == "")

            let deltas = payloads[3...5].compactMap { $0.object("delta") }
            #expect(deltas.allSatisfy { $0.string("type") == "text_delta" })
            #expect(payloads[3...5].allSatisfy { $0.int("index") == 0 })
            let text = deltas.compactMap { $0.string("text") }.joined()
            #expect(text == "[simulated anthropic claude-haiku-4-5] alpha beta")

            #expect(payloads[6].int("index") == 0)
            #expect(payloads[7].object("delta")?.string("stop_reason") == "end_turn")
            #expect(payloads[7].object("usage")?.int("output_tokens") == SimulatedTokens.count(text))
        }
        #expect(simulator.stats.streamsCompleted == 1)
    }

    @Test func missingAndRefusedKeysAnswer401() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            var headers = Requests.anthropicHeaders
            headers[.init("x-api-key")!] = nil
            let missing = try await client.execute(
                uri: path, method: .post, headers: headers, body: Requests.anthropic("Hi"))
            #expect(missing.status == .unauthorized)
            let missingJSON = try jsonObject(missing.body)
            #expect(missingJSON.string("type") == "error")
            #expect(missingJSON.object("error")?.string("type") == "authentication_error")

            headers[.init("x-api-key")!] = "sim-invalid-key"
            let refused = try await client.execute(
                uri: path, method: .post, headers: headers, body: Requests.anthropic("Hi"))
            #expect(refused.status == .unauthorized)
            #expect(try jsonObject(refused.body).object("error")?.string("type") == "authentication_error")

            // A bearer token is not how Anthropic takes keys.
            let bearer = try await client.execute(
                uri: path, method: .post, headers: Requests.bearer, body: Requests.anthropic("Hi"))
            #expect(bearer.status == .unauthorized)
        }
    }

    @Test func versionHeaderAndMaxTokensAreRequired() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            var headers = Requests.anthropicHeaders
            headers[.init("anthropic-version")!] = nil
            let noVersion = try await client.execute(
                uri: path, method: .post, headers: headers, body: Requests.anthropic("Hi"))
            #expect(noVersion.status == .badRequest)
            let versionError = try #require(try jsonObject(noVersion.body).object("error"))
            #expect(versionError.string("type") == "invalid_request_error")
            #expect(versionError.string("message")?.contains("anthropic-version") == true)

            let noMax = try await client.execute(
                uri: path, method: .post, headers: Requests.anthropicHeaders,
                body: Requests.anthropic("Hi", maxTokens: nil))
            #expect(noMax.status == .badRequest)
            let maxError = try #require(try jsonObject(noMax.body).object("error"))
            #expect(maxError.string("type") == "invalid_request_error")
            #expect(maxError.string("message")?.contains("max_tokens") == true)
        }
    }

    @Test(arguments: [
        (400, "invalid_request_error"), (401, "authentication_error"), (403, "permission_error"),
        (429, "rate_limit_error"), (500, "api_error"), (529, "overloaded_error"),
    ])
    func errorKnobAnswersInAnthropicFormat(status: Int, type: String) async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            var headers = Requests.anthropicHeaders
            headers[.init("X-Sim-Error")!] = String(status)
            let response = try await client.execute(
                uri: path, method: .post, headers: headers, body: Requests.anthropic("Hi", stream: true))
            #expect(response.status.code == status)
            let json = try jsonObject(response.body)
            #expect(json.string("type") == "error")
            #expect(json.object("error")?.string("type") == type)
            #expect(json.object("error")?.string("message")?.isEmpty == false)
        }
    }

    @Test func errorAfterSendsAnErrorEvent() async throws {
        let (app, simulator) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: path, method: .post, headers: Requests.anthropicHeaders,
                body: Requests.anthropic("Hi [[sim error_after=1]]", stream: true))
            let events = sseEvents(String(buffer: response.body))
            #expect(
                events.map { $0.event ?? "" } == [
                    "message_start", "content_block_start", "ping", "content_block_delta", "error",
                ])
            let error = try jsonObject(try #require(events.last).data)
            #expect(error.string("type") == "error")
            #expect(error.object("error")?.string("type") == "overloaded_error")
        }
        #expect(simulator.stats.streamsAborted == 1)
    }
}
