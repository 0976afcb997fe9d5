import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import TollgateSimulator

/// A JSON object decoded loosely, for asserting shapes field by field.
typealias JSONObject = [String: Any]

/// Decodes `buffer` as a JSON object (fails the test if it is not one).
func jsonObject(_ buffer: ByteBuffer, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONObject {
    try jsonObject(String(buffer: buffer), sourceLocation: sourceLocation)
}

/// Decodes `text` as a JSON object (fails the test if it is not one).
func jsonObject(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONObject {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(value as? JSONObject, "not a JSON object: \(text)", sourceLocation: sourceLocation)
}

extension Dictionary where Key == String, Value == Any {
    /// The nested object at `key`.
    func object(_ key: String) -> JSONObject? { self[key] as? JSONObject }
    /// The array of objects at `key`.
    func objects(_ key: String) -> [JSONObject]? { self[key] as? [JSONObject] }
    /// The string at `key`.
    func string(_ key: String) -> String? { self[key] as? String }
    /// The integer at `key`.
    func int(_ key: String) -> Int? { (self[key] as? NSNumber)?.intValue }
    /// Whether `key` is present with JSON `null`.
    func isNull(_ key: String) -> Bool { self[key] is NSNull }
}

/// One server-sent event as a test sees it.
struct TestEvent: Equatable {
    var event: String?
    var data: String
}

/// Splits an SSE body into events. Checks the framing on the way: every event ends with a blank line
/// made of `lineEnd`, and no other line end appears.
func sseEvents(_ body: String, lineEnd: String = "\n", sourceLocation: SourceLocation = #_sourceLocation) -> [TestEvent]
{
    if lineEnd == "\n" {
        #expect(!body.contains("\r"), "unexpected CR in an LF stream", sourceLocation: sourceLocation)
    }
    #expect(body.hasSuffix(lineEnd + lineEnd), "stream does not end with a blank line", sourceLocation: sourceLocation)
    return body.components(separatedBy: lineEnd + lineEnd).filter { !$0.isEmpty }.map { block in
        var event = TestEvent(event: nil, data: "")
        for line in block.components(separatedBy: lineEnd) {
            if line.hasPrefix("event: ") {
                event.event = String(line.dropFirst(7))
            } else if line.hasPrefix("data: ") {
                event.data = String(line.dropFirst(6))
            } else {
                Issue.record("unexpected SSE line: \(line)", sourceLocation: sourceLocation)
            }
        }
        return event
    }
}

/// A simulator app for router tests, with `defaults` as its knobs; its media jobs follow `clock` when given.
func makeSimulator(
    _ defaults: SimulatorKnobs = SimulatorKnobs(), clock: JobClock? = nil
) -> (app: some ApplicationProtocol, simulator: Simulator) {
    var configuration = SimulatorConfiguration()
    configuration.defaults = defaults
    if let clock { configuration.jobClock = { clock.now() } }
    return Simulator.build(configuration: configuration)
}

/// A clock for simulated jobs that moves only when a test advances it, so a job's phases can be seen
/// however slowly the machine runs.
final class JobClock: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex(Duration.zero)

    func now() -> ContinuousClock.Instant { start + offset.withLock { $0 } }

    func advance(milliseconds: Int) { offset.withLock { $0 += .milliseconds(milliseconds) } }
}

/// Request bodies and headers for each provider.
enum Requests {
    static func openAI(_ prompt: String, model: String = "gpt-5", stream: Bool = false, includeUsage: Bool = false)
        -> ByteBuffer
    {
        var body: JSONObject = [
            "model": model,
            "messages": [["role": "system", "content": "Be brief."], ["role": "user", "content": prompt]],
        ]
        if stream { body["stream"] = true }
        if includeUsage { body["stream_options"] = ["include_usage": true] }
        return buffer(body)
    }

    static func anthropic(
        _ prompt: String, model: String = "claude-haiku-4-5", stream: Bool = false, maxTokens: Int? = 256
    ) -> ByteBuffer {
        var body: JSONObject = [
            "model": model, "system": "Be brief.",
            "messages": [["role": "user", "content": [["type": "text", "text": prompt]]]],
        ]
        if let maxTokens { body["max_tokens"] = maxTokens }
        if stream { body["stream"] = true }
        return buffer(body)
    }

    static func gemini(_ prompt: String) -> ByteBuffer {
        buffer([
            "systemInstruction": ["parts": [["text": "Be brief."]]],
            "contents": [["role": "user", "parts": [["text": prompt]]]],
            "generationConfig": ["maxOutputTokens": 256],
        ])
    }

    static func buffer(_ object: JSONObject) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    static let bearer: HTTPFields = [.authorization: "Bearer sk-test", .contentType: "application/json"]

    static var anthropicHeaders: HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[.init("x-api-key")!] = "sk-ant-test"
        headers[.init("anthropic-version")!] = "2023-06-01"
        return headers
    }

    static var geminiHeaders: HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[.init("x-goog-api-key")!] = "AIza-test"
        return headers
    }
}
