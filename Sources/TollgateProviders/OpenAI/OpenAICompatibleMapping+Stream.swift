extension OpenAICompatibleMapping {
    public static func makeStreamState() -> OpenAIStreamState { OpenAIStreamState() }

    /// One stream event: `data: {chunk}` or `data: [DONE]`. `.finish` comes on the first
    /// `finish_reason` or on `[DONE]`, once; a usage-only chunk (empty `choices`) may follow it.
    public static func streamEvent(_ event: ServerSentEvent, state: inout OpenAIStreamState) throws(ProviderFailure)
        -> [ChatStreamEvent]
    {
        let data = event.data
        if data == "[DONE]" { return state.finish(nil) }
        if data.allSatisfy(\.isWhitespace) { return [] }
        let chunk = try OpenAIWire.Completion(json: data.utf8)
        if let error = chunk.error {
            throw classified(error, status: nil) ?? streamFailure(error)
        }
        if let usage = chunk.usage { state.pendingUsage = tokenUsage(usage) }
        var events: [ChatStreamEvent] = []
        for choice in chunk.choices where (choice.index ?? 0) == 0 {
            if let reasoning = choice.delta?.reasoningContent, !reasoning.isEmpty {
                events.append(.reasoningDelta(reasoning))
            }
            if let content = choice.delta?.content, !content.isEmpty { events.append(.delta(content)) }
            if let reason = choice.finishReason { events += state.finish(reason) }
        }
        if chunk.choices.isEmpty { events += state.flushUsage() }
        return events
    }

    /// The failure for an `error` object sent inside a stream (no HTTP status to go by).
    private static func streamFailure(_ error: OpenAIWire.ErrorBody) -> ProviderFailure {
        let words = [error.code, error.type].compactMap { $0 }
        if words.contains(where: { $0.contains("rate_limit") }) {
            return ProviderFailure(.rateLimited, "The provider is rate limiting requests.")
        }
        return ProviderFailure(.upstreamError, "The provider failed mid-stream.")
    }
}
