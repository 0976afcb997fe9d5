import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("xAI chat completions")
struct XAISimulatorTests {
    let path = "/xai/v1/chat/completions"

    @Test func answersInTheOpenAIShape() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: path, method: .post, headers: Requests.bearer, body: Requests.openAI("Hey", model: "grok-4-fast"))
            #expect(response.status == .ok)
            let json = try jsonObject(response.body)
            #expect(json.string("object") == "chat.completion")
            #expect(
                json.objects("choices")?.first?.object("message")?.string("content")?.hasPrefix(
                    "[simulated xai grok-4-fast] Hey") == true)
            #expect(json.object("usage")?.int("total_tokens") ?? 0 > 0)
        }
    }

    @Test func streamsChunksWithARunningUsageAndDone() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: path, method: .post, headers: Requests.bearer,
                body: Requests.openAI("Hey you", model: "grok-4-fast", stream: true))
            let events = sseEvents(String(buffer: response.body))
            #expect(events.last?.data == "[DONE]")
            let chunks = try events.dropLast().map { try jsonObject($0.data) }
            #expect(chunks.count == 10)
            // No stream_options needed: every chunk carries the usage so far.
            let completions = chunks.compactMap { $0.object("usage")?.int("completion_tokens") }
            #expect(completions.count == chunks.count)
            #expect(completions == completions.sorted())
            let text = chunks.compactMap { $0.objects("choices")?.first?.object("delta")?.string("content") }.joined()
            #expect(completions.last == SimulatedTokens.count(text))
            let last = try #require(chunks.last?.object("usage"))
            #expect(last.int("total_tokens") == (last.int("prompt_tokens") ?? 0) + (last.int("completion_tokens") ?? 0))
            #expect(chunks.last?.objects("choices")?.first?.string("finish_reason") == "stop")
        }
    }

    @Test(arguments: [(401, "sim-invalid-key"), (429, "sk-test"), (500, "sk-test"), (503, "sk-test")])
    func errorsUseXAIsBody(status: Int, key: String) async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let headers: HTTPFields = [.authorization: "Bearer \(key)"]
            let response = try await client.execute(
                uri: path, method: .post, headers: headers, body: Requests.openAI("Hi [[sim error=\(status)]]"))
            #expect(response.status.code == status)
            let json = try jsonObject(response.body)
            #expect(json.string("code")?.isEmpty == false)
            #expect(json.string("error")?.isEmpty == false)
        }
    }

    @Test func missingKeyAnswers401() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: path, method: .post, body: Requests.openAI("Hi"))
            #expect(response.status == .unauthorized)
        }
    }
}
