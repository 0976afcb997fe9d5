import Foundation
import Logging
import Synchronization
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Every answer carries `X-Request-Id`, and every log line made for a request carries it as `request_id`.
@Suite struct RequestIDTests {
    @Test func everyAnswerCarriesAnID() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        let fresh = try await fixture.get("/api/v2/models")
        let id = try #require(fresh.headers.first(name: "X-Request-Id"))
        #expect(!id.isEmpty)
        let other = try await fixture.get("/api/v2/models")
        #expect(other.headers.first(name: "X-Request-Id") != id)
        // A well-formed incoming id is kept; one that is not is replaced.
        let kept = try await TestHTTP.request(
            .GET, fixture.gateway.url + "/api/v2/models", headers: [("X-Request-Id", "req_42-a.b:c")])
        #expect(kept.headers.first(name: "X-Request-Id") == "req_42-a.b:c")
        let long = String(repeating: "x", count: 200)
        let replaced = try await TestHTTP.request(
            .GET, fixture.gateway.url + "/api/v2/models", headers: [("X-Request-Id", long)])
        #expect(replaced.headers.first(name: "X-Request-Id").map { !$0.isEmpty && $0 != long } == true)
        let spaced = try await TestHTTP.request(
            .GET, fixture.gateway.url + "/api/v2/models", headers: [("X-Request-Id", "a b")])
        #expect(spaced.headers.first(name: "X-Request-Id") != "a b")
        // Error answers too, on every surface.
        let missing = try await fixture.get("/api/v2/no-such-route")
        #expect(missing.status == 404 && missing.headers.first(name: "X-Request-Id") != nil)
        let unauthenticated = try await TestHTTP.request(
            .POST, fixture.gateway.url + "/v1/chat/completions", json: "{}")
        #expect(unauthenticated.status == 401 && unauthenticated.headers.first(name: "X-Request-Id") != nil)
        await fixture.stop()
    }

    @Test func theLifecyclesLogLinesCarryTheRequestsID() async throws {
        let lines = LogLines()
        var logger = Logger(label: "tollgate") { _ in lines.handler }
        logger.logLevel = .warning
        let fixture = try await GatewayFixture.start(.sqlite, logger: logger) { $0.logLevel = .warning }
        let failed = try await TestHTTP.request(
            .POST, fixture.gateway.url + "/api/v2/generate", key: fixture.key,
            json: #"{"model": "gpt-5-nano", "prompt": "x [[sim error=500]]"}"#,
            headers: [("X-Request-Id", "trace-me-1")])
        #expect(failed.status >= 500)
        let providerFailed = lines.all.filter { $0.message == "provider failed" }
        #expect(!providerFailed.isEmpty)
        #expect(providerFailed.allSatisfy { $0.metadata["request_id"] == "trace-me-1" })
        await fixture.stop()
    }
}

/// Every line logged through `handler`s made from it, for tests.
final class LogLines: Sendable {
    struct Line: Sendable {
        var message: String
        var metadata: [String: String]
    }

    private let lines = Mutex<[Line]>([])
    var all: [Line] { lines.withLock { $0 } }

    func append(_ line: Line) { lines.withLock { $0.append(line) } }

    /// A handler (a value, with metadata of its own as a logger's copy needs) that keeps its lines here.
    var handler: Handler { Handler(lines: self) }

    struct Handler: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }
            lines.append(Line(message: event.message.description, metadata: merged.mapValues(\.description)))
        }
    }
}
