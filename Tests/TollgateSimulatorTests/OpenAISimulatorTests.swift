import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("OpenAI Chat Completions")
struct OpenAISimulatorTests {
    let path = "/openai/v1/chat/completions"

    @Test func bufferedAnswerHasTheChatCompletionShape() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: path, method: .post, headers: Requests.bearer, body: Requests.openAI("Tell me a joke"))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let json = try jsonObject(response.body)
            #expect(json.string("id")?.hasPrefix("chatcmpl-") == true)
            #expect(json.string("object") == "chat.completion")
            #expect(json.int("created") ?? 0 > 1_700_000_000)
            #expect(json.string("model") == "gpt-5")
            let choice = try #require(json.objects("choices")?.first)
            #expect(choice.int("index") == 0)
            #expect(choice.string("finish_reason") == "stop")
            let message = try #require(choice.object("message"))
            #expect(message.string("role") == "assistant")
            let content = try #require(message.string("content"))
            #expect(content.hasPrefix("[simulated openai gpt-5] Tell me a joke"))
            #expect(message.isNull("refusal"))
            let usage = try #require(json.object("usage"))
            let prompt = try #require(usage.int("prompt_tokens"))
            let completion = try #require(usage.int("completion_tokens"))
            #expect(prompt > 0 && completion > 0)
            #expect(usage.int("total_tokens") == prompt + completion)
            #expect(completion == SimulatedTokens.count(content))
        }
    }

    @Test func streamSendsRoleContentFinishUsageAndDone() async throws {
        let (app, simulator) = makeSimulator()
        try await app.test(.router) { client in
            let body = Requests.openAI("One two three [[sim chunks=5]]", stream: true, includeUsage: true)
            let response = try await client.execute(uri: path, method: .post, headers: Requests.bearer, body: body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
            let events = sseEvents(String(buffer: response.body))
            #expect(events.allSatisfy { $0.event == nil })
            #expect(events.last?.data == "[DONE]")
            let chunks = try events.dropLast().map { try jsonObject($0.data) }
            #expect(chunks.count == 8)
            #expect(chunks.allSatisfy { $0.string("object") == "chat.completion.chunk" })
            #expect(Set(chunks.compactMap { $0.string("id") }).count == 1)

            let first = try #require(chunks.first?.objects("choices")?.first)
            #expect(first.object("delta")?.string("role") == "assistant")
            #expect(first.isNull("finish_reason"))

            let pieces = chunks[1...5].compactMap { $0.objects("choices")?.first?.object("delta")?.string("content") }
            #expect(pieces.count == 5)
            #expect(pieces.joined() == "[simulated openai gpt-5] One two three One")
            // With include_usage every chunk but the last carries "usage": null.
            #expect(chunks.dropLast().allSatisfy { $0.isNull("usage") })

            let finish = try #require(chunks[6].objects("choices")?.first)
            #expect(finish.string("finish_reason") == "stop")
            #expect(finish.object("delta")?.isEmpty == true)

            let usageChunk = chunks[7]
            #expect(usageChunk.objects("choices")?.isEmpty == true)
            let usage = try #require(usageChunk.object("usage"))
            #expect(usage.int("completion_tokens") == SimulatedTokens.count(pieces.joined()))
        }
        #expect(simulator.stats.streamsStarted == 1)
        #expect(simulator.stats.streamsCompleted == 1)
        #expect(simulator.stats.openStreams == 0)
    }

    @Test func streamWithoutIncludeUsageHasNoUsageField() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: path, method: .post, headers: Requests.bearer, body: Requests.openAI("Hi", stream: true))
            let events = sseEvents(String(buffer: response.body))
            let chunks = try events.dropLast().map { try jsonObject($0.data) }
            #expect(chunks.count == 10)
            #expect(chunks.allSatisfy { $0["usage"] == nil })
        }
    }

    @Test func missingAndRefusedKeysAnswer401() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let missing = try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/json"], body: Requests.openAI("Hi"))
            #expect(missing.status == .unauthorized)
            let missingError = try #require(try jsonObject(missing.body).object("error"))
            #expect(missingError.string("type") == "invalid_request_error")
            #expect(missingError.isNull("param") && missingError.isNull("code"))
            #expect(missingError.string("message")?.contains("API key") == true)

            let refused = try await client.execute(
                uri: path, method: .post, headers: [.authorization: "Bearer sim-invalid-key"],
                body: Requests.openAI("Hi"))
            #expect(refused.status == .unauthorized)
            #expect(try jsonObject(refused.body).object("error")?.string("code") == "invalid_api_key")
        }
    }

    @Test(arguments: [
        (400, "invalid_request_error"), (404, "invalid_request_error"), (429, "requests"),
        (500, "server_error"), (503, "server_error"),
    ])
    func errorKnobAnswersInOpenAIFormat(status: Int, type: String) async throws {
        let (app, simulator) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: path, method: .post, headers: Requests.bearer, body: Requests.openAI("Hi [[sim error=\(status)]]"))
            #expect(response.status.code == status)
            let error = try #require(try jsonObject(response.body).object("error"))
            #expect(error.string("type") == type)
            #expect(error.string("message")?.isEmpty == false)
            #expect(error.keys.sorted() == ["code", "message", "param", "type"])
        }
        #expect(simulator.stats.errorsInjected == 1)
    }

    @Test func malformedRequestsAnswer400() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            for body in ["{not json", #"{"messages":[{"role":"user","content":"x"}]}"#, #"{"model":"gpt-5"}"#] {
                let response = try await client.execute(
                    uri: path, method: .post, headers: Requests.bearer, body: ByteBuffer(string: body))
                #expect(response.status == .badRequest)
                #expect(try jsonObject(response.body).object("error")?.string("type") == "invalid_request_error")
            }
        }
    }

    @Test func errorAfterSendsAnErrorLineAndNoDone() async throws {
        let (app, simulator) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: path, method: .post, headers: Requests.bearer,
                body: Requests.openAI("Hi [[sim error_after=2]]", stream: true))
            let events = sseEvents(String(buffer: response.body))
            #expect(events.count == 4)
            let last = try #require(events.last)
            let error = try #require(try jsonObject(last.data).object("error"))
            #expect(error.string("type") == "server_error")
            #expect(!events.contains { $0.data == "[DONE]" })
        }
        #expect(simulator.stats.streamsAborted == 1)
    }

    @Test func messageContentPartsAreRead() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let body = Requests.buffer([
                "model": "gpt-5",
                "messages": [
                    [
                        "role": "user",
                        "content": [
                            ["type": "text", "text": "parts work"],
                            ["type": "image_url", "image_url": ["url": "https://x"]],
                        ],
                    ]
                ],
            ])
            let response = try await client.execute(uri: path, method: .post, headers: Requests.bearer, body: body)
            let content = try jsonObject(response.body).objects("choices")?.first?.object("message")?.string("content")
            #expect(content?.hasPrefix("[simulated openai gpt-5] parts work") == true)
        }
    }

    @Test func pacedStreamsCompleteAndAskTheClientToClose() async throws {
        let (app, simulator) = makeSimulator()
        try await app.test(.router) { client in
            let body = Requests.openAI("Hi [[sim chunks=3 chunk_ms=5 latency_ms=5]]", stream: true)
            let response = try await client.execute(uri: path, method: .post, headers: Requests.bearer, body: body)
            #expect(response.headers[.connection] == "close")
            let events = sseEvents(String(buffer: response.body))
            #expect(events.count == 6)
            #expect(events.last?.data == "[DONE]")
        }
        #expect(simulator.stats.streamsCompleted == 1)
    }
}
