/// What an Anthropic stream carries between events: input tokens arrive in `message_start`, output
/// tokens and the stop reason in `message_delta`, the end in `message_stop`.
public struct AnthropicStreamState: Sendable {
    var inputTokens = 0
    var outputTokens = 0
    var stopReason: String?
    var finished = false

    /// A state for a stream that has not started.
    public init() {}
}

extension AnthropicChatMapping {
    public static func makeStreamState() -> AnthropicStreamState { AnthropicStreamState() }

    /// One stream event, read by its data's `type`: text and thinking deltas, usage on
    /// `message_delta`, `.finish` on `message_stop`; `ping`, block starts and stops, and event types
    /// added later are ignored; an `error` event throws.
    public static func streamEvent(_ event: ServerSentEvent, state: inout AnthropicStreamState) throws(ProviderFailure)
        -> [ChatStreamEvent]
    {
        let data = try WireJSON.decode(AnthropicWire.StreamEvent.self, from: event.data)
        switch data.type {
        case "message_start":
            if let usage = data.message?.usage {
                state.inputTokens = usage.totalInputTokens ?? state.inputTokens
                state.outputTokens = usage.outputTokens ?? state.outputTokens
            }
            return []
        case "content_block_delta":
            switch data.delta?.type {
            case "text_delta": return nonEmpty(data.delta?.text).map { [.delta($0)] } ?? []
            case "thinking_delta": return nonEmpty(data.delta?.thinking).map { [.reasoningDelta($0)] } ?? []
            default: return []
            }
        case "message_delta":
            if let reason = data.delta?.stopReason { state.stopReason = reason }
            guard let usage = data.usage else { return [] }
            state.inputTokens = usage.totalInputTokens ?? state.inputTokens
            state.outputTokens = usage.outputTokens ?? state.outputTokens
            return [.usage(TokenUsage(inputTokens: state.inputTokens, outputTokens: state.outputTokens))]
        case "message_stop":
            guard !state.finished else { return [] }
            state.finished = true
            return [.finish(state.stopReason.map(finishReason))]
        case "error":
            throw failure(errorType: data.error?.type, status: nil, retryAfter: nil)
                ?? ProviderFailure(.upstreamError, "The provider failed mid-stream.")
        default:
            return []
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
