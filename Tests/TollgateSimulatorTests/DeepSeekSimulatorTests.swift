import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("DeepSeek chat completions")
struct DeepSeekSimulatorTests {
    @Test(arguments: ["/deepseek/chat/completions", "/deepseek/v1/chat/completions"])
    func chatModelAnswersInTheOpenAIShapeWithCacheUsage(path: String) async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: path, method: .post, headers: Requests.bearer,
                body: Requests.openAI("Hello", model: "deepseek-chat"))
            #expect(response.status == .ok)
            let json = try jsonObject(response.body)
            #expect(json.string("object") == "chat.completion")
            let message = try #require(json.objects("choices")?.first?.object("message"))
            #expect(message.string("content")?.hasPrefix("[simulated deepseek deepseek-chat] Hello") == true)
            #expect(message["reasoning_content"] == nil)
            let usage = try #require(json.object("usage"))
            #expect(usage.int("prompt_cache_hit_tokens") == 0)
            #expect(usage.int("prompt_cache_miss_tokens") == usage.int("prompt_tokens"))
        }
    }

    @Test func reasonerAnswersWithReasoningContent() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/deepseek/chat/completions", method: .post, headers: Requests.bearer,
                body: Requests.openAI("Why?", model: "deepseek-reasoner"))
            let json = try jsonObject(response.body)
            let message = try #require(json.objects("choices")?.first?.object("message"))
            let reasoning = try #require(message.string("reasoning_content"))
            #expect(reasoning.contains("simulated"))
            #expect(message.string("content")?.hasPrefix("[simulated deepseek deepseek-reasoner]") == true)
            let usage = try #require(json.object("usage"))
            #expect(
                usage.object("completion_tokens_details")?.int("reasoning_tokens") == SimulatedTokens.count(reasoning))
        }
    }

    @Test func reasonerStreamsReasoningBeforeContentAndUsageOnTheFinishChunk() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let body = Requests.openAI("Why? [[sim chunks=3]]", model: "deepseek-reasoner", stream: true)
            let response = try await client.execute(
                uri: "/deepseek/chat/completions", method: .post, headers: Requests.bearer, body: body)
            let events = sseEvents(String(buffer: response.body))
            #expect(events.last?.data == "[DONE]")
            let deltas = try events.dropLast().map { try jsonObject($0.data) }.compactMap {
                $0.objects("choices")?.first?.object("delta")
            }
            // role chunk, 3 reasoning, 3 content, finish
            #expect(deltas.count == 8)
            #expect(deltas[0].string("role") == "assistant")
            let reasoning = deltas[1...3]
            let content = deltas[4...6]
            #expect(reasoning.allSatisfy { $0.string("reasoning_content") != nil && $0.isNull("content") })
            #expect(content.allSatisfy { $0.string("content") != nil && $0.isNull("reasoning_content") })
            #expect(
                content.compactMap { $0.string("content") }.joined().hasPrefix("[simulated deepseek deepseek-reasoner]")
            )

            let finish = try jsonObject(events[events.count - 2].data)
            #expect(finish.objects("choices")?.first?.string("finish_reason") == "stop")
            #expect(finish.object("usage")?.int("total_tokens") ?? 0 > 0)
        }
    }

    @Test func errorsUseTheOpenAIEnvelope() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let refused = try await client.execute(
                uri: "/deepseek/chat/completions", method: .post, headers: [.authorization: "Bearer sim-invalid-key"],
                body: Requests.openAI("Hi"))
            #expect(refused.status == .unauthorized)
            #expect(try jsonObject(refused.body).object("error")?.string("type") == "authentication_error")

            for status in [402, 429, 500, 503] {
                let response = try await client.execute(
                    uri: "/deepseek/chat/completions", method: .post, headers: Requests.bearer,
                    body: Requests.openAI("Hi [[sim error=\(status)]]"))
                #expect(response.status.code == status)
                let error = try #require(try jsonObject(response.body).object("error"))
                #expect(error.string("message")?.isEmpty == false)
                #expect(error.string("type")?.isEmpty == false)
            }
        }
    }
}
