import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

@Suite("Gemini generateContent")
struct GeminiSimulatorTests {
    let base = "/google/v1beta/models/gemini-2.5-flash"

    @Test func bufferedAnswerHasTheGenerateContentResponseShape() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: base + ":generateContent", method: .post, headers: Requests.geminiHeaders,
                body: Requests.gemini("Name a colour"))
            #expect(response.status == .ok)
            let json = try jsonObject(response.body)
            let candidate = try #require(json.objects("candidates")?.first)
            #expect(candidate.string("finishReason") == "STOP")
            #expect(candidate.int("index") == 0)
            let content = try #require(candidate.object("content"))
            #expect(content.string("role") == "model")
            let text = try #require(content.objects("parts")?.first?.string("text"))
            #expect(text.hasPrefix("[simulated google gemini-2.5-flash] Name a colour"))
            let usage = try #require(json.object("usageMetadata"))
            let prompt = try #require(usage.int("promptTokenCount"))
            #expect(usage.int("candidatesTokenCount") == SimulatedTokens.count(text))
            #expect(usage.int("totalTokenCount") == prompt + SimulatedTokens.count(text))
            #expect(json.string("modelVersion") == "gemini-2.5-flash")
        }
    }

    @Test func sseStreamSendsOneResponsePerDataLineWithCRLFFraming() async throws {
        let (app, simulator) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: base + ":streamGenerateContent?alt=sse", method: .post, headers: Requests.geminiHeaders,
                body: Requests.gemini("red green blue [[sim chunks=4]]")
            )
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            let events = sseEvents(String(buffer: response.body), lineEnd: "\r\n")
            #expect(events.count == 4)
            let objects = try events.map { try jsonObject($0.data) }
            let candidates = objects.compactMap { $0.objects("candidates")?.first }
            #expect(candidates.count == 4)
            #expect(candidates.dropLast().allSatisfy { $0["finishReason"] == nil })
            #expect(candidates.last?.string("finishReason") == "STOP")
            let text = candidates.compactMap { $0.object("content")?.objects("parts")?.first?.string("text") }.joined()
            #expect(text == "[simulated google gemini-2.5-flash] red green blue")
            // Usage is cumulative; the last one counts the whole answer.
            let counts = objects.compactMap { $0.object("usageMetadata")?.int("candidatesTokenCount") }
            #expect(counts == counts.sorted())
            #expect(counts.last == SimulatedTokens.count(text))
        }
        #expect(simulator.stats.streamsCompleted == 1)
    }

    @Test func streamWithoutAltSSEIsAJSONArray() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: base + ":streamGenerateContent", method: .post, headers: Requests.geminiHeaders,
                body: Requests.gemini("a b [[sim chunks=3]]"))
            #expect(response.status == .ok)
            let array = try #require(
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [JSONObject])
            #expect(array.count == 3)
            #expect(array.last?.objects("candidates")?.first?.string("finishReason") == "STOP")
        }
    }

    @Test func keyMayComeFromTheQuery() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: base + ":generateContent?key=AIza-test", method: .post, body: Requests.gemini("Hi"))
            #expect(response.status == .ok)
        }
    }

    @Test func missingAndRefusedKeysAnswer401() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let missing = try await client.execute(
                uri: base + ":generateContent", method: .post, body: Requests.gemini("Hi"))
            #expect(missing.status == .unauthorized)
            let error = try #require(try jsonObject(missing.body).object("error"))
            #expect(error.int("code") == 401)
            #expect(error.string("status") == "UNAUTHENTICATED")
            #expect(error.string("message")?.isEmpty == false)

            let refused = try await client.execute(
                uri: base + ":generateContent?key=sim-invalid-key", method: .post, body: Requests.gemini("Hi"))
            #expect(refused.status == .unauthorized)
            let details = try jsonObject(refused.body).object("error")?.objects("details")
            #expect(details?.first?.string("reason") == "API_KEY_INVALID")
        }
    }

    @Test(arguments: [
        (400, "INVALID_ARGUMENT"), (403, "PERMISSION_DENIED"), (404, "NOT_FOUND"),
        (429, "RESOURCE_EXHAUSTED"), (500, "INTERNAL"), (503, "UNAVAILABLE"),
    ])
    func errorKnobAnswersInGoogleFormat(status: Int, name: String) async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: base + ":generateContent", method: .post, headers: Requests.geminiHeaders,
                body: Requests.gemini("Hi [[sim error=\(status)]]"))
            #expect(response.status.code == status)
            let error = try #require(try jsonObject(response.body).object("error"))
            #expect(error.int("code") == status)
            #expect(error.string("status") == name)
            #expect(error.string("message")?.isEmpty == false)
        }
    }

    @Test func unknownMethodsAndMalformedBodiesAreRefused() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let unknown = try await client.execute(
                uri: base + ":countTokens", method: .post, headers: Requests.geminiHeaders, body: Requests.gemini("Hi"))
            #expect(unknown.status == .notFound)
            #expect(try jsonObject(unknown.body).object("error")?.string("status") == "NOT_FOUND")

            let empty = try await client.execute(
                uri: base + ":generateContent", method: .post, headers: Requests.geminiHeaders,
                body: ByteBuffer(string: "{}"))
            #expect(empty.status == .badRequest)
            #expect(try jsonObject(empty.body).object("error")?.string("status") == "INVALID_ARGUMENT")
        }
    }

    @Test func errorAfterSendsAnErrorObject() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: base + ":streamGenerateContent?alt=sse", method: .post, headers: Requests.geminiHeaders,
                body: Requests.gemini("Hi [[sim chunks=4 error_after=2]]")
            )
            let events = sseEvents(String(buffer: response.body), lineEnd: "\r\n")
            #expect(events.count == 3)
            let last = try #require(events.last)
            let error = try #require(try jsonObject(last.data).object("error"))
            #expect(error.string("status") == "UNAVAILABLE")
            #expect(error.int("code") == 503)
        }
    }

    @Test func routeParsingSplitsAtTheLastColon() {
        let route = GeminiSimulation.route(action: "tunedModels%3Amine:streamGenerateContent", query: "sse")
        #expect(route?.model == "tunedModels:mine")
        #expect(route?.stream == true)
        #expect(route?.sse == true)
        #expect(GeminiSimulation.route(action: "gemini-2.5-flash", query: nil) == nil)
        #expect(GeminiSimulation.route(action: ":generateContent", query: nil) == nil)
    }
}
