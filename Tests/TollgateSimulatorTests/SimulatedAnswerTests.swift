import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("Answers")
struct SimulatedAnswerTests {
    @Test func answerIsDeterministicAndSplitIntoChunks() {
        let one = SimulatedAnswer(provider: "openai", model: "gpt-5", prompt: "a b c [[sim chunks=5]]", chunks: 5)
        let two = SimulatedAnswer(provider: "openai", model: "gpt-5", prompt: "a b c [[sim chunks=5]]", chunks: 5)
        #expect(one == two)
        #expect(one.pieces == ["[simulated openai gpt-5]", " a", " b", " c", " a"])
        #expect(one.text == "[simulated openai gpt-5] a b c a")
    }

    @Test func answerAlwaysSaysSimulatedEvenWithoutWords() {
        let answer = SimulatedAnswer(provider: "google", model: "g", prompt: "  ", chunks: 0)
        #expect(answer.pieces == ["[simulated google g]"])
        #expect(SimulatedAnswer(provider: "x", model: "m", prompt: "", chunks: 3).text == "[simulated x m] ok ok")
    }

    @Test func tokenCountsFollowLength() {
        #expect(SimulatedTokens.count("") == 1)
        #expect(SimulatedTokens.count("abcd") == 1)
        #expect(SimulatedTokens.count("abcde") == 2)
        #expect(SimulatedTokens.count(["abcd", "e"]) == 2)
    }

    @Test func sameRequestGetsTheSameAnswer() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            func content() async throws -> (String, JSONObject) {
                let response = try await client.execute(
                    uri: "/anthropic/v1/messages", method: .post, headers: Requests.anthropicHeaders,
                    body: Requests.anthropic("same words"))
                let json = try jsonObject(response.body)
                return (json.objects("content")?.first?.string("text") ?? "", json.object("usage") ?? [:])
            }
            let (firstText, firstUsage) = try await content()
            let (secondText, secondUsage) = try await content()
            #expect(firstText == secondText)
            #expect(firstUsage.int("input_tokens") == secondUsage.int("input_tokens"))
            #expect(firstUsage.int("output_tokens") == secondUsage.int("output_tokens"))
        }
    }

    struct Probe: Encodable {
        var text: String
        var count: SlotNumber
        var list: [Int]
        var absent: String?
    }

    @Test func compactEncoderKeepsDeclarationOrder() throws {
        let buffer = try CompactJSONEncoder.encode(Probe(text: "a", count: .value(3), list: [1, 2], absent: nil))
        #expect(String(buffer: buffer) == #"{"text":"a","count":3,"list":[1,2]}"#)
        let nested = try CompactJSONEncoder.encode([
            "outer": [Probe(text: "b", count: .value(0), list: [], absent: "x")]
        ])
        #expect(String(buffer: nested) == #"{"outer":[{"text":"b","count":0,"list":[],"absent":"x"}]}"#)
    }

    @Test func frameTemplateEscapesValues() {
        let template = FrameTemplate(
            SSEFrame.data(Probe(text: FrameTemplate.text(0), count: .slot(1), list: [], absent: nil)))
        let frame = String(buffer: template.render("say \"hi\"\n\\ \u{1}", "42"))
        #expect(frame == "data: {\"text\":\"say \\\"hi\\\"\\n\\\\ \\u0001\",\"count\":42,\"list\":[]}\n\n")
        let decoded = try? jsonObject(String(frame.dropFirst(6).dropLast(2)))
        #expect(decoded?.string("text") == "say \"hi\"\n\\ \u{1}")
    }

    @Test func statsAndHealthEndpoints() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            _ = try await client.execute(
                uri: "/openai/v1/chat/completions", method: .post, headers: Requests.bearer,
                body: Requests.openAI("Hi", stream: true))
            let stats = try await client.execute(uri: "/_simulator/stats", method: .get)
            #expect(stats.status == .ok)
            let json = try jsonObject(stats.body)
            #expect(json.int("requests") == 1)
            #expect(json.int("streamsStarted") == 1)
            #expect(json.int("streamsCompleted") == 1)
            #expect(json.int("streamsCancelled") == 0)
            #expect(json.int("openStreams") == 0)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
    }
}
