extension ChatRequest {
    /// The conversation (system messages left out) with consecutive messages of the same role merged,
    /// for providers that require user and assistant turns to alternate (Anthropic, Gemini).
    var alternatingTurns: [ChatMessage] {
        var turns: [ChatMessage] = []
        for message in conversation {
            if let last = turns.last, last.role == message.role {
                turns[turns.count - 1].parts += message.parts
            } else {
                turns.append(message)
            }
        }
        return turns
    }
}
