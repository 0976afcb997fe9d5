/// What a Gemini stream carries between events: whether `.finish` was emitted, and the latest usage
/// not yet emitted (every chunk repeats a running `usageMetadata`; it is emitted once, before `.finish`).
public struct GeminiStreamState: Sendable {
    var finished = false
    var pendingUsage: TokenUsage?
    var emittedUsage: TokenUsage?

    /// A state for a stream that has not started.
    public init() {}

    mutating func flushUsage() -> [ChatStreamEvent] {
        guard let usage = pendingUsage else { return [] }
        pendingUsage = nil
        guard usage != emittedUsage else { return [] }
        emittedUsage = usage
        return [.usage(usage)]
    }
}

extension GeminiChatMapping {
    public static func makeStreamState() -> GeminiStreamState { GeminiStreamState() }

    /// One stream event: each `data:` is a whole `GenerateContentResponse`. Text and thought parts
    /// become deltas; the chunk carrying `finishReason` ends the stream (usage, then `.finish`).
    public static func streamEvent(_ event: ServerSentEvent, state: inout GeminiStreamState) throws(ProviderFailure)
        -> [ChatStreamEvent]
    {
        let chunk = try WireJSON.decode(GeminiWire.GenerateContentResponse.self, from: event.data)
        if let error = chunk.error {
            throw failure(error, status: nil, retryAfter: nil)
                ?? ProviderFailure(.upstreamError, "The provider failed mid-stream.")
        }
        if let usage = chunk.usageMetadata { state.pendingUsage = usage.tokenUsage }
        var events: [ChatStreamEvent] = []
        if let candidate = try firstCandidate(chunk) {
            for part in candidate.content?.parts ?? [] {
                guard let text = part.text, !text.isEmpty else { continue }
                events.append(part.thought == true ? .reasoningDelta(text) : .delta(text))
            }
            if let reason = candidate.finishReason, !state.finished {
                events += state.flushUsage()
                state.finished = true
                events.append(.finish(finishReason(reason)))
            }
        }
        if state.finished { events += state.flushUsage() }
        return events
    }
}
