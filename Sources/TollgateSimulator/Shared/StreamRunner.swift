import Hummingbird

/// Writes a `StreamScript` as a response body, paced and broken as the knobs say, and keeps the
/// stream counters: every started stream ends completed, cancelled (the client left) or aborted
/// (`cut_after`, `error_after`).
struct StreamRunner: Sendable {
    let script: any StreamScript
    let knobs: SimulatorKnobs
    let stats: SimulatorStats
    /// The request, whose inbound side tells us when the client goes away.
    let request: Request

    /// Deltas written per write when nothing waits between them.
    private static var batchSize: Int { 64 }

    /// Thrown to tear the connection down mid-stream (`cut_after`).
    struct Cut: Error {}

    /// How the script ended, when it did not throw.
    enum Ending: Sendable {
        case completed, failed
    }

    /// The response body.
    func body() -> ResponseBody {
        ResponseBody { writer in
            stats.streamStarted()
            do {
                let ending: Ending
                if knobs.streamWatchesClient {
                    // Run the script as a child task that is cancelled when the client closes the
                    // connection, so sleeps (latency, stalls) end when the client leaves.
                    ending = try await request.body.consumeWithCancellationOnInboundClose { _ in
                        try await run(&writer)
                    }
                } else {
                    ending = try await run(&writer)
                }
                try await writer.finish(nil)
                stats.streamEnded(ending == .completed ? .completed : .aborted)
            } catch is Cut {
                stats.streamEnded(.aborted)
                throw Cut()
            } catch {
                stats.streamEnded(.cancelled)
                throw error
            }
        }
    }

    /// Writes the script; throws `Cut` for `cut_after`, or whatever a write or sleep throws.
    private func run(_ writer: inout any ResponseBodyWriter) async throws -> Ending {
        try await SimulatorResponder.sleep(milliseconds: knobs.latencyMs)
        let opening = script.opening()
        let count = script.deltaCount
        if !knobs.streamWaits && knobs.cutAfter == nil && knobs.errorAfter == nil {
            try await writeFast(&writer, opening: opening, count: count)
            return .completed
        }
        try await write(opening, to: &writer)
        for index in 0..<count {
            if let ending = try await interruption(at: index, &writer) { return ending }
            if index > 0 { try await SimulatorResponder.sleep(milliseconds: knobs.chunkIntervalMs) }
            try await writer.write(script.delta(index))
        }
        if let ending = try await interruption(at: count, &writer) { return ending }
        try await write(script.closing(), to: &writer)
        return .completed
    }

    /// Writes `buffer` unless it is empty (an empty body part must not reach the chunked encoder).
    private func write(_ buffer: ByteBuffer, to writer: inout any ResponseBodyWriter) async throws {
        if buffer.readableBytes > 0 { try await writer.write(buffer) }
    }

    /// What happens before delta `index` (or after the last one, at `deltaCount`): a stall, a cut,
    /// an in-stream error, or nothing (`nil`).
    private func interruption(at index: Int, _ writer: inout any ResponseBodyWriter) async throws -> Ending? {
        if knobs.stallAfter == index {
            // Keep the connection open, sending nothing, until the client gives up (cancellation).
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        if knobs.cutAfter == index {
            // Tearing the channel down drops writes still queued on its event loop; give the deltas written
            // so far time to reach the socket first, so a busy machine does not turn this into a cut before
            // any content.
            try await Task.sleep(for: .milliseconds(200))
            throw Cut()
        }
        if knobs.errorAfter == index {
            try await writer.write(script.failure())
            return .failed
        }
        return nil
    }

    /// Nothing to wait for or break: write in batches, one flush per batch.
    private func writeFast(_ writer: inout any ResponseBodyWriter, opening: ByteBuffer, count: Int) async throws {
        var batch: [ByteBuffer] = []
        batch.reserveCapacity(min(count, Self.batchSize) + 2)
        if opening.readableBytes > 0 { batch.append(opening) }
        for index in 0..<count {
            batch.append(script.delta(index))
            if batch.count >= Self.batchSize {
                try await writer.write(contentsOf: batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        let closing = script.closing()
        if closing.readableBytes > 0 { batch.append(closing) }
        if !batch.isEmpty { try await writer.write(contentsOf: batch) }
    }
}
