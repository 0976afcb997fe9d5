extension OpenAIWire {
    /// A buffered answer (`chat.completion`) or one stream chunk (`chat.completion.chunk`): the same
    /// shape, with `message` in the first and `delta` in the second.
    struct Completion: Decodable {
        var choices: [Choice]
        var usage: Usage?
        /// A failure reported inside a 200 stream: OpenAI's `error` object, or xAI's `error` string.
        var error: ErrorBody?

        private enum CodingKeys: String, CodingKey {
            case choices, usage, error
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            choices = try container.decodeIfPresent([Choice].self, forKey: .choices) ?? []
            usage = try container.decodeIfPresent(Usage.self, forKey: .usage)
            error = (try? container.decodeIfPresent(ErrorBody.self, forKey: .error))
                ?? (try? container.decodeIfPresent(String.self, forKey: .error)).flatMap { $0.map(ErrorBody.init(message:)) }
        }
    }

    /// One choice; Tollgate reads only index 0 (it never asks for `n > 1`).
    struct Choice: Decodable {
        var index: Int?
        var message: Output?
        var delta: Output?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, message, delta
            case finishReason = "finish_reason"
        }
    }

    /// The assistant's output, whole (`message`) or a piece of it (`delta`).
    struct Output: Decodable {
        var content: String?
        /// DeepSeek's and xAI's reasoning text.
        var reasoningContent: String?
        /// OpenAI's refusal text, given instead of `content`.
        var refusal: String?

        enum CodingKeys: String, CodingKey {
            case content, refusal
            case reasoningContent = "reasoning_content"
        }
    }

    /// Token counts. DeepSeek adds `prompt_cache_hit_tokens` (part of `prompt_tokens`), not read here.
    struct Usage: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?
        var completionTokensDetails: CompletionDetails?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case completionTokensDetails = "completion_tokens_details"
        }

        /// `completion_tokens_details`.
        struct CompletionDetails: Decodable {
            var reasoningTokens: Int?

            enum CodingKeys: String, CodingKey {
                case reasoningTokens = "reasoning_tokens"
            }
        }

        /// The provider-neutral counts, where output tokens include reasoning tokens. OpenAI and
        /// DeepSeek count reasoning inside `completion_tokens`; xAI counts it apart, so it is added.
        func tokenUsage(reasoningInCompletion: Bool) -> TokenUsage {
            let reasoning = completionTokensDetails?.reasoningTokens
            let output = (completionTokens ?? 0) + (reasoningInCompletion ? 0 : reasoning ?? 0)
            return TokenUsage(inputTokens: promptTokens ?? 0, outputTokens: output, reasoningTokens: reasoning)
        }
    }

    /// An error answer: `{"error": {"message", "type", "param", "code"}}`.
    struct ErrorEnvelope: Decodable {
        var error: ErrorBody
    }

    /// The `error` object; `code` may be a string, a number or null, so it is read leniently.
    struct ErrorBody: Decodable {
        var message: String?
        var type: String?
        var code: String?

        private enum CodingKeys: String, CodingKey {
            case message, type, code
        }

        init(message: String) {
            self.message = message
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try? container.decodeIfPresent(String.self, forKey: .message)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            code = try? container.decodeIfPresent(String.self, forKey: .code)
        }
    }
}
