/// What an OpenAI-compatible stream carries between chunks: whether `.finish` was emitted, and the
/// latest usage not yet emitted (xAI repeats a running usage on every chunk; it is emitted once,
/// just before `.finish`, or when a usage-only chunk comes).
public struct OpenAIStreamState: Sendable {
    var finished = false
    var pendingUsage: TokenUsage?
    var emittedUsage: TokenUsage?

    /// A state for a stream that has not started.
    public init() {}

    /// The pending usage as an event, if it differs from the last one emitted.
    mutating func flushUsage() -> [ChatStreamEvent] {
        guard let usage = pendingUsage else { return [] }
        pendingUsage = nil
        guard usage != emittedUsage else { return [] }
        emittedUsage = usage
        return [.usage(usage)]
    }

    /// `.finish` (after any pending usage), unless the stream already finished.
    mutating func finish(_ reason: String?) -> [ChatStreamEvent] {
        let usage = flushUsage()
        guard !finished else { return usage }
        finished = true
        return usage + [.finish(reason)]
    }
}
