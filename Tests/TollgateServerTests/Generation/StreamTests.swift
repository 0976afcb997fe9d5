import Foundation
import NIOCore
import NIOPosix
import Testing
import TollgateCore
import TollgateProviders
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Streaming (SPEC §6): event order, keep-alives, and each row of the streaming billing contract.
@Suite struct StreamTests {
    static let databases = TestDatabase.available

    static func events(_ lines: [String]) -> [JSONValue] {
        lines.filter { $0.hasPrefix("data: {") }.compactMap {
            try? JSONDecoder().decode(JSONValue.self, from: Data($0.dropFirst(6).utf8))
        }
    }

    static func types(_ lines: [String]) -> [String] {
        events(lines).compactMap { $0["type"]?.stringValue }
    }

    func stream(
        _ fixture: GatewayFixture, _ prompt: String, path: String = "/api/v2/generate/stream",
        stop: @escaping @Sendable ([String]) -> Bool = { _ in false }
    ) async throws -> [String] {
        try await TestHTTP.stream(
            fixture.gateway.url + path, key: fixture.key, json: #"{"model": "gpt-5-nano", "prompt": "\#(prompt)"}"#,
            stop: stop)
    }

    @Test(arguments: databases)
    func providerFinishesCompletedAndCharged(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database)
        let before = try await fixture.balance()
        let lines = try await stream(fixture, "tell me a story [[sim chunks=12]]")
        let types = Self.types(lines)
        #expect(types.first == "generation_start")
        #expect(types.filter { $0 == "content_delta" }.count >= 12)
        #expect(types.last == "generation_end")
        #expect(lines.last == "data: [DONE]")
        let end = try #require(Self.events(lines).last)
        #expect(end["tokens_spent"] == 1 && end["tokens_used"] == 1 && end["balance_remaining"] == .int(before - 1))
        let text = Self.events(lines).compactMap { $0["delta"]?.stringValue }.joined()
        let id = try #require(Self.events(lines).first?["id"]?.intValue)
        let stored = try #require(try await fixture.generation(id))
        #expect(stored.status == .completed && stored.resultText == text && stored.tokensSpent == 1)
        // `stream: true` on /generate streams too.
        let viaFlag = try await TestHTTP.stream(
            fixture.gateway.url + "/api/v2/generate", key: fixture.key,
            json: #"{"model": "claude-haiku-4.5", "prompt": "hi", "stream": true}"#)
        #expect(Self.types(viaFlag).last == "generation_end")
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func providerFailsBeforeTheFirstDelta(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database)
        let before = try await fixture.balance()
        let lines = try await stream(fixture, "x [[sim error=500]]")
        #expect(Self.types(lines) == ["generation_start", "error"])
        #expect(Self.events(lines).last?["code"] == "provider_error")
        #expect(lines.last == "data: [DONE]")
        let id = try #require(Self.events(lines).first?["id"]?.intValue)
        #expect(try await fixture.generation(id)?.status == .failed)
        #expect(try await fixture.balance() == before)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func providerFailsOrStallsAfterSomeDeltas(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database) {
            $0.providers["openai"] = GenerateTests.timeouts(read: 3)
        }
        let before = try await fixture.balance()
        for directive in ["error_after=3", "cut_after=3", "stall_after=3"] {
            let lines = try await stream(fixture, "x [[sim chunks=10 \(directive)]]")
            let types = Self.types(lines)
            #expect(types.first == "generation_start", "\(directive)")
            #expect(types.contains("content_delta"), "\(directive)")
            #expect(types.last == "error", "\(directive): \(types)")
            #expect(!types.contains("generation_end"), "\(directive)")
            let id = try #require(Self.events(lines).first?["id"]?.intValue)
            #expect(try await fixture.generation(id)?.status == .failed, "\(directive)")
        }
        #expect(try await fixture.balance() == before)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func clientLeavesAfterTheFirstDelta(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database)
        let before = try await fixture.balance()
        let lines = try await stream(fixture, "x [[sim chunks=200 chunk_ms=50]]") { lines in
            lines.contains { $0.contains("content_delta") }
        }
        let id = try #require(Self.events(lines).first?["id"]?.intValue)
        // Completed and charged, and the upstream request was cancelled promptly (not run to its end).
        #expect(try await fixture.eventually { try await fixture.generation(id)?.status == .completed })
        #expect(try await fixture.generation(id)?.tokensSpent == 1)
        #expect(try await fixture.eventually { fixture.simulator.stats.streamsCancelled == 1 })
        #expect(fixture.simulator.stats.streamsCompleted == 0)
        #expect(try await fixture.balance() == before - 1)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func clientLeavesBeforeTheFirstDelta(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database) { $0.keepAliveSeconds = 0.1 }
        let before = try await fixture.balance()
        let lines = try await stream(fixture, "x [[sim latency_ms=1500 chunk_ms=10]]") { lines in
            lines.contains { $0.contains("generation_start") }
        }
        let id = try #require(Self.events(lines).first?["id"]?.intValue)
        #expect(try await fixture.eventually { try await fixture.generation(id)?.status == .failed })
        #expect(try await fixture.eventually { fixture.simulator.stats.openStreams == 0 })
        #expect(try await fixture.balance() == before)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// Issue 24 §6: a client that closes normally (FIN) after the start event, with nothing unread, still
    /// accepts the first delta's write into its socket; the stream must not count that as delivered.
    @Test(arguments: databases)
    func clientClosingNormallyBeforeTheFirstDeltaIsNotCharged(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database)
        let before = try await fixture.balance()
        let body = #"{"model": "gpt-5-nano", "prompt": "x [[sim latency_ms=1000]]", "stream": true}"#
        let connection = try RawConnection(fixture.gateway.url)
        connection.send(
            "POST /api/v2/generate HTTP/1.1\r\nHost: tollgate\r\nAuthorization: Bearer \(fixture.key)\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        let head = await connection.read(until: "generation_start")
        let idText = head.firstMatch(of: /"id":(\d+)/).map { String($0.1) }
        let id = try #require(idText.flatMap { Int64($0) })
        connection.finish()
        #expect(try await fixture.eventually { try await fixture.generation(id)?.status == .failed })
        #expect(try await fixture.generation(id)?.tokensSpent == 0)
        #expect(try await fixture.balance() == before)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    /// Issue 24 §8: a client that stops reading does not make Tollgate read (and buffer) the provider's whole
    /// answer: the relay waits for room, so the provider is held back; and once a write has waited the idle
    /// timeout the stream ends, the provider's request is cancelled and the generation is settled.
    @Test(arguments: databases)
    func aReaderThatStopsReadingHoldsTheProviderBackAndIsEnded(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database) {
            $0.idleTimeoutSeconds = 1
            $0.keepAliveSeconds = 0.2
        }
        // 100,000 deltas of 4 KB each: far more than the sockets between the three processes can hold.
        let word = String(repeating: "w", count: 4096)
        let body = #"{"model": "gpt-5-nano", "prompt": "\#(word) [[sim chunks=100000]]", "stream": true}"#
        let connection = try RawConnection(fixture.gateway.url, receiveBuffer: 4096)
        connection.send(
            "POST /api/v2/generate HTTP/1.1\r\nHost: tollgate\r\nAuthorization: Bearer \(fixture.key)\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        let head = await connection.read(until: "generation_start")
        let id = try #require(head.firstMatch(of: /"id":(\d+)/).flatMap { Int64(String($0.1)) })
        // Nothing more is read. The provider's stream is cancelled, never completed.
        var cancelled = false
        for _ in 0..<300 where !cancelled {
            try await Task.sleep(for: .milliseconds(100))
            cancelled = fixture.simulator.stats.streamsCancelled == 1
        }
        #expect(cancelled && fixture.simulator.stats.streamsCompleted == 0)
        #expect(try await fixture.eventually { try await fixture.generation(id)?.status != .pending })
        // The server closed the connection (what was in flight drains first).
        #expect(await connection.readToClose().closed)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func keepAliveWhileTheProviderIsSilent(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database) { $0.keepAliveSeconds = 0.1 }
        let lines = try await stream(fixture, "x [[sim latency_ms=600 chunks=2]]")
        #expect(lines.contains(": keep-alive"))
        #expect(Self.types(lines).last == "generation_end")
        await fixture.stop()
    }

    /// Every write of the relay happens on the loop it was given (the client connection's), so a frame wakes no
    /// other thread.
    @Test func theRelayRunsOnTheGivenEventLoop() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        let services = fixture.app.services
        let input = try NativeGenerateRequest.parse(
            ["model": "gpt-5-nano", "prompt": "x [[sim chunks=4 chunk_ms=5]]"], catalog: services.catalog,
            forceStream: true)
        let principal = Principal(accountID: fixture.account.id, keyID: nil, plan: fixture.account.plan)
        let stream = try await services.generations.startStream(
            GenerationCall(principal: principal, input: input, waitsForResult: true, logger: services.logger)
        ).admitted()
        // The group's last loop: an executor that ignored the loop it is given would take the first.
        let loop = try #require(Array(MultiThreadedEventLoopGroup.singleton.makeIterator()).last)
        var sink = LoopProbeSink(loop: loop)
        let settled = try await stream.relay(to: &sink, on: loop)
        #expect(settled.failure == nil)
        #expect(sink.writes >= 5 && sink.writesOffTheLoop == 0)
        await fixture.stop()
    }
}

/// Counts the relay's writes made off `loop`.
private struct LoopProbeSink: GenerationStreamSink {
    let loop: any EventLoop
    var writes = 0
    var writesOffTheLoop = 0

    private mutating func write() {
        writes += 1
        if !loop.inEventLoop { writesOffTheLoop += 1 }
    }

    mutating func start(_ admission: Admission) async throws { write() }
    mutating func delta(_ text: String) async throws { write() }
    mutating func keepAlive() async throws {}
    mutating func end(_ settled: GenerationResult, usage: TokenUsage?) async throws { write() }
    mutating func fail(_ error: APIError, _ settled: GenerationResult) async throws { write() }
}
