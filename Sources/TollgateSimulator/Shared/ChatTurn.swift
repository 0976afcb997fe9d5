/// What the simulator needs from a chat request, whatever the provider's wire format.
struct ChatTurn: Sendable {
    /// The model the request named (for Gemini, from the path).
    var model: String
    /// The text of the last user message: the answer echoes it, and it seeds `error_rate`.
    var prompt: String
    /// Every text the request sent (system and messages), for the prompt token count.
    var promptTokens: Int
    /// Whether to stream.
    var stream: Bool
    /// OpenAI-style `stream_options.include_usage`.
    var includeUsage = false
    /// Whether the stream is server-sent events (`false`: Gemini's streamed JSON array).
    var sse = true
}

/// One request being answered: the turn, its knobs, and the answer it gets.
struct Exchange: Sendable {
    /// The parsed request.
    var turn: ChatTurn
    /// The knobs after the request's overrides.
    var knobs: SimulatorKnobs
    /// The request's sequence number, for response ids.
    var sequence: Int
    /// Seconds since 1970 when the answer was made.
    var created: Int
    /// The answer.
    var answer: SimulatedAnswer

    /// The answer's simulated token count.
    var completionTokens: Int { SimulatedTokens.count(answer.text) }

    /// A response id: `prefix` then 24 hex digits built from the sequence number.
    func responseID(prefix: String) -> String {
        let hex = String(UInt64(sequence), radix: 16)
        return prefix + "sim" + String(repeating: "0", count: max(0, 21 - hex.count)) + hex
    }
}
