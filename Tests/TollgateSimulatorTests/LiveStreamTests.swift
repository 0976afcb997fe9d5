import Foundation
import Hummingbird
import Testing

@testable import TollgateSimulator

/// Runs a simulator on a free port for `body`, through the `onServerRunning` port variant.
func withLiveSimulator(
    _ defaults: SimulatorKnobs = SimulatorKnobs(),
    _ body: @Sendable (_ port: Int, _ simulator: Simulator) async throws -> Void
) async throws {
    var configuration = SimulatorConfiguration()
    configuration.defaults = defaults
    let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
    let (app, simulator) = Simulator.build(configuration: configuration) { port in portSink.yield(port) }
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try? await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        #expect(port > 0)
        do {
            try await body(port, simulator)
        } catch {
            group.cancelAll()
            throw error
        }
        group.cancelAll()
    }
}

/// Waits until `condition` holds (the server updates counters after the client sees the bytes).
func eventually(_ timeout: Duration = .seconds(5), _ condition: () -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

let anthropicLiveHeaders = ["x-api-key": "sk-ant-test", "anthropic-version": "2023-06-01"]
let bearerLiveHeaders = ["Authorization": "Bearer sk-test"]

func anthropicBody(_ prompt: String) -> String {
    #"{"model":"claude-haiku-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"\#(prompt)"}]}"#
}

func openAIBody(_ prompt: String) -> String {
    #"{"model":"gpt-5","stream":true,"messages":[{"role":"user","content":"\#(prompt)"}]}"#
}

@Suite("Live streams", .serialized)
struct LiveStreamTests {
    @Test func streamArrivesIncrementallyWithChunkPacing() async throws {
        try await withLiveSimulator { port, simulator in
            let connection = try RawHTTPConnection(port: port)
            defer { connection.close() }
            let start = ContinuousClock.now
            try connection.post(
                "/anthropic/v1/messages", headers: anthropicLiveHeaders,
                body: anthropicBody("one two [[sim chunks=5 chunk_ms=200]]"))
            var deltasSeen: [Int] = []
            var endedWithFirstDelta = false
            // 30 s: the whole suite runs in parallel on two cores (the stream itself takes one second).
            let finished = try await connection.read(until: { $0.contains("0\r\n\r\n") }, timeout: .seconds(30)) {
                text in
                let deltas = text.occurrences(of: "event: content_block_delta")
                if deltasSeen.isEmpty, deltas > 0 { endedWithFirstDelta = text.contains("event: message_stop") }
                if deltas > (deltasSeen.last ?? 0) { deltasSeen.append(deltas) }
            }
            let elapsed = ContinuousClock.now - start
            #expect(finished)
            #expect(connection.text.contains("event: message_stop"))
            #expect(deltasSeen.last == 5)
            // Incremental: the first delta was readable before the stream ended, in its own read. Paced: the
            // four gaps of chunk_ms cannot take less than 800 ms (a lower bound a busy machine cannot break).
            #expect(!endedWithFirstDelta && deltasSeen.count >= 2, "deltas per read: \(deltasSeen)")
            #expect(elapsed >= .milliseconds(800))
            #expect(try await eventually { simulator.stats.streamsCompleted == 1 && simulator.stats.openStreams == 0 })
        }
    }

    @Test func latencyDelaysTheFirstEvent() async throws {
        try await withLiveSimulator { port, _ in
            let connection = try RawHTTPConnection(port: port)
            defer { connection.close() }
            let start = ContinuousClock.now
            try connection.post(
                "/openai/v1/chat/completions", headers: bearerLiveHeaders.merging(["X-Sim-Latency-Ms": "250"]) { $1 },
                body: openAIBody("hi"))
            #expect(try await connection.read(until: { $0.contains("data: ") }))
            #expect(ContinuousClock.now - start >= .milliseconds(240))
        }
    }

    @Test func clientLeavingMidStreamIsCountedCancelled() async throws {
        try await withLiveSimulator { port, simulator in
            let connection = try RawHTTPConnection(port: port)
            try connection.post(
                "/openai/v1/chat/completions", headers: bearerLiveHeaders,
                body: openAIBody("long [[sim chunks=200 chunk_ms=20]]"))
            #expect(try await connection.read(until: { $0.occurrences(of: "data: ") >= 3 }))
            #expect(simulator.stats.openStreams == 1)
            connection.close()
            #expect(try await eventually { simulator.stats.streamsCancelled == 1 })
            #expect(simulator.stats.openStreams == 0)
            #expect(simulator.stats.streamsCompleted == 0)
            #expect(simulator.stats.streamsStarted == 1)
        }
    }

    @Test func stallKeepsTheConnectionOpenUntilTheClientGivesUp() async throws {
        try await withLiveSimulator { port, simulator in
            let connection = try RawHTTPConnection(port: port)
            try connection.post(
                "/anthropic/v1/messages", headers: anthropicLiveHeaders,
                body: anthropicBody("wait [[sim stall_after=1]]"))
            #expect(try await connection.read(until: { $0.contains("event: content_block_delta") }))
            let before = connection.received.count
            // Nothing more comes, and the server does not hang up.
            #expect(try await connection.read(until: { _ in false }, timeout: .milliseconds(300)) == false)
            #expect(connection.received.count == before)
            #expect(!connection.closedByPeer)
            #expect(simulator.stats.openStreams == 1)
            connection.close()
            #expect(try await eventually { simulator.stats.streamsCancelled == 1 && simulator.stats.openStreams == 0 })
        }
    }

    @Test func cutAfterClosesTheConnectionWithoutTheFinalEvents() async throws {
        try await withLiveSimulator { port, simulator in
            let connection = try RawHTTPConnection(port: port)
            defer { connection.close() }
            try connection.post(
                "/google/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
                headers: ["x-goog-api-key": "AIza-test"],
                body: #"{"contents":[{"parts":[{"text":"cut [[sim chunks=6 cut_after=2]]"}]}]}"#
            )
            _ = try await connection.read(until: { _ in false }, timeout: .seconds(5))
            #expect(connection.closedByPeer)
            let text = connection.text
            #expect(text.lowercased().contains("transfer-encoding: chunked"))
            #expect(text.occurrences(of: "data: ") == 2)
            #expect(!text.contains("STOP"))
            // No terminating zero-length chunk: the client sees an incomplete body.
            #expect(!text.hasSuffix("0\r\n\r\n"))
            #expect(try await eventually { simulator.stats.streamsAborted == 1 && simulator.stats.openStreams == 0 })
        }
    }

    @Test(arguments: ["again", "paced [[sim chunks=3 chunk_ms=5]]"])
    func streamsKeepTheConnectionAlive(_ prompt: String) async throws {
        // As a provider's API does: a finished stream leaves the connection for the next request, paced or not.
        try await withLiveSimulator { port, simulator in
            let connection = try RawHTTPConnection(port: port)
            defer { connection.close() }
            for round in 1...2 {
                try connection.post("/openai/v1/chat/completions", headers: bearerLiveHeaders, body: openAIBody(prompt))
                #expect(
                    try await connection.read(until: {
                        $0.occurrences(of: "data: [DONE]") == round && $0.hasSuffix("0\r\n\r\n")
                    }))
            }
            #expect(!connection.text.lowercased().contains("connection: close"))
            #expect(!connection.closedByPeer)
            #expect(simulator.stats.streamsCompleted == 2)
        }
    }

    @Test func aStreamThatWaitsWithoutWritingClosesItsConnection() async throws {
        // It watches the connection to see the client leave during the wait, which uses the connection up.
        try await withLiveSimulator { port, _ in
            let connection = try RawHTTPConnection(port: port)
            defer { connection.close() }
            try connection.post(
                "/openai/v1/chat/completions", headers: bearerLiveHeaders.merging(["X-Sim-Latency-Ms": "5"]) { $1 },
                body: openAIBody("hi"))
            #expect(try await connection.read(until: { $0.contains("data: [DONE]") }))
            #expect(connection.text.lowercased().contains("connection: close"))
        }
    }
}
