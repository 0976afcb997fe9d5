/// A buffered Chat Completions answer (`object: "chat.completion"`).
struct ChatCompletion: Encodable, Sendable {
    var id: String
    var object = "chat.completion"
    var created: Int
    var model: String
    var choices: [Choice]
    var usage: ChatUsage
    var systemFingerprint: OrNull<String>?

    enum CodingKeys: String, CodingKey {
        case id, object, created, model, choices, usage
        case systemFingerprint = "system_fingerprint"
    }

    /// The one choice.
    struct Choice: Encodable, Sendable {
        var index = 0
        var message: Message
        var logprobs = OrNull<EmptyObject>(nil)
        var finishReason = "stop"

        enum CodingKeys: String, CodingKey {
            case index, message, logprobs
            case finishReason = "finish_reason"
        }
    }

    /// The assistant's message.
    struct Message: Encodable, Sendable {
        var role = "assistant"
        var content: String
        /// DeepSeek's reasoning models only.
        var reasoningContent: String?
        /// OpenAI sends `"refusal": null`.
        var refusal: OrNull<String>?

        enum CodingKeys: String, CodingKey {
            case role, content, refusal
            case reasoningContent = "reasoning_content"
        }
    }
}

/// Chat Completions `usage`, with DeepSeek's cache fields where they apply.
struct ChatUsage: Encodable, Sendable {
    var promptTokens: Int
    var completionTokens: SlotNumber
    var totalTokens: SlotNumber
    var promptTokensDetails = PromptDetails()
    var completionTokensDetails: CompletionDetails
    var promptCacheHitTokens: Int?
    var promptCacheMissTokens: Int?

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptTokensDetails = "prompt_tokens_details"
        case completionTokensDetails = "completion_tokens_details"
        case promptCacheHitTokens = "prompt_cache_hit_tokens"
        case promptCacheMissTokens = "prompt_cache_miss_tokens"
    }

    /// `prompt_tokens_details`.
    struct PromptDetails: Encodable, Sendable {
        var cachedTokens = 0

        enum CodingKeys: String, CodingKey {
            case cachedTokens = "cached_tokens"
        }
    }

    /// `completion_tokens_details`.
    struct CompletionDetails: Encodable, Sendable {
        var reasoningTokens: Int

        enum CodingKeys: String, CodingKey {
            case reasoningTokens = "reasoning_tokens"
        }
    }

    init(prompt: Int, completion: Int, reasoning: Int = 0, cacheSplit: Bool = false) {
        self.init(
            prompt: prompt, completion: .value(completion), total: .value(prompt + completion), reasoning: reasoning,
            cacheSplit: cacheSplit)
    }

    /// Usage whose completion and total counts may be template slots (a stream's running usage).
    init(prompt: Int, completion: SlotNumber, total: SlotNumber, reasoning: Int = 0, cacheSplit: Bool = false) {
        promptTokens = prompt
        completionTokens = completion
        totalTokens = total
        completionTokensDetails = CompletionDetails(reasoningTokens: reasoning)
        if cacheSplit {
            promptCacheHitTokens = 0
            promptCacheMissTokens = prompt
        }
    }
}
