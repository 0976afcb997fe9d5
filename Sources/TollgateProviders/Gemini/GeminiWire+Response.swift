extension GeminiWire {
    /// A `GenerateContentResponse`: the buffered answer, and also every event of a stream.
    struct GenerateContentResponse: Decodable {
        var candidates: [Candidate]?
        var promptFeedback: PromptFeedback?
        var usageMetadata: UsageMetadata?
        /// A failure reported inside a 200 stream.
        var error: ErrorBody?
    }

    /// One candidate answer; Tollgate reads the first.
    struct Candidate: Decodable {
        var content: CandidateContent?
        var finishReason: String?
    }

    /// A candidate's parts (absent when the candidate was blocked).
    struct CandidateContent: Decodable {
        var parts: [ResponsePart]?
    }

    /// An answer part; `thought: true` marks thinking summaries, not the answer.
    struct ResponsePart: Decodable {
        var text: String?
        var thought: Bool?
    }

    /// Why the prompt itself was blocked (then there are no candidates).
    struct PromptFeedback: Decodable {
        var blockReason: String?
    }

    /// Token counts; thinking tokens are counted apart from `candidatesTokenCount`.
    struct UsageMetadata: Decodable {
        var promptTokenCount: Int?
        var candidatesTokenCount: Int?
        var thoughtsTokenCount: Int?

        /// The provider-neutral counts: output includes thinking tokens, as OpenAI's does.
        var tokenUsage: TokenUsage {
            TokenUsage(
                inputTokens: promptTokenCount ?? 0,
                outputTokens: (candidatesTokenCount ?? 0) + (thoughtsTokenCount ?? 0),
                reasoningTokens: thoughtsTokenCount)
        }
    }

    /// An error answer: `{"error": {"code", "message", "status", "details"}}`.
    struct ErrorEnvelope: Decodable {
        var error: ErrorBody
    }

    /// The `error` object (a `google.rpc.Status`).
    struct ErrorBody: Decodable {
        var code: Int?
        var status: String?
        var details: [ErrorDetail]?
    }

    /// One of `details`: an `ErrorInfo` names a `reason` such as `API_KEY_INVALID`; a `RetryInfo`
    /// gives a `retryDelay` such as `"23s"`.
    struct ErrorDetail: Decodable {
        var reason: String?
        var retryDelay: String?
    }
}
