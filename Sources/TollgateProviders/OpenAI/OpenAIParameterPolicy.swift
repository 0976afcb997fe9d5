/// Which request parameters a model of an OpenAI-compatible provider accepts. Reasoning models
/// refuse some of them outright (a 400, not a silent ignore), so they are left out of the body.
public struct OpenAIParameterPolicy: Sendable, Equatable {
    /// Whether `temperature` and `top_p` may be sent.
    public var sampling: Bool
    /// Whether the length limit goes in `max_completion_tokens` rather than `max_tokens`.
    public var maxCompletionTokens: Bool
    /// Whether `stop` may be sent.
    public var stop: Bool
    /// Whether a stream asks for a final usage chunk with `stream_options.include_usage`.
    public var streamUsage: Bool
    /// The request's further options (`ChatRequest.options`) passed on as top-level fields; others are dropped.
    public var options: Set<String>

    /// A policy stating each permission.
    public init(sampling: Bool, maxCompletionTokens: Bool, stop: Bool, streamUsage: Bool, options: Set<String>) {
        self.sampling = sampling
        self.maxCompletionTokens = maxCompletionTokens
        self.stop = stop
        self.streamUsage = streamUsage
        self.options = options
    }

    /// Every parameter accepted; `max_tokens` for the length; usage asked for in streams; the
    /// repetition penalties passed on.
    public static let standard = OpenAIParameterPolicy(
        sampling: true, maxCompletionTokens: false, stop: true, streamUsage: true,
        options: ["frequency_penalty", "presence_penalty"])
}
