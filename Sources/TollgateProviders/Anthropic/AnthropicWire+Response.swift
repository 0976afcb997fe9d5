extension AnthropicWire {
    /// A buffered answer (`"type": "message"`); also the `message` of a stream's `message_start`.
    struct MessageResponse: Decodable {
        var content: [ContentBlock]?
        var stopReason: String?
        var usage: Usage?

        enum CodingKeys: String, CodingKey {
            case content, usage
            case stopReason = "stop_reason"
        }
    }

    /// An answer block; only `text` and `thinking` blocks are read (tool use is not offered).
    struct ContentBlock: Decodable {
        var type: String
        var text: String?
        var thinking: String?
    }

    /// Token counts. Cached input is counted apart from `input_tokens`, so the three are summed.
    struct Usage: Decodable {
        var inputTokens: Int?
        var outputTokens: Int?
        var cacheCreationInputTokens: Int?
        var cacheReadInputTokens: Int?

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
            case cacheCreationInputTokens = "cache_creation_input_tokens"
            case cacheReadInputTokens = "cache_read_input_tokens"
        }

        /// All input tokens, cached or not; nil when the usage says nothing of input.
        var totalInputTokens: Int? {
            guard inputTokens != nil || cacheCreationInputTokens != nil || cacheReadInputTokens != nil else {
                return nil
            }
            return (inputTokens ?? 0) + (cacheCreationInputTokens ?? 0) + (cacheReadInputTokens ?? 0)
        }
    }

    /// One stream event's data; its `type` repeats the SSE `event:` name.
    struct StreamEvent: Decodable {
        var type: String
        /// `message_start`.
        var message: MessageResponse?
        /// `content_block_delta` (`text_delta`, `thinking_delta`, …) or `message_delta` (`stop_reason`).
        var delta: Delta?
        /// `message_delta`: cumulative output tokens.
        var usage: Usage?
        /// `error`.
        var error: ErrorBody?
    }

    /// A delta: for blocks `type` + `text`/`thinking`; for the message `stop_reason`.
    struct Delta: Decodable {
        var type: String?
        var text: String?
        var thinking: String?
        var stopReason: String?

        enum CodingKeys: String, CodingKey {
            case type, text, thinking
            case stopReason = "stop_reason"
        }
    }

    /// An error answer or stream event: `{"type":"error","error":{"type","message"}}`.
    struct ErrorEnvelope: Decodable {
        var error: ErrorBody
    }

    /// The `error` object.
    struct ErrorBody: Decodable {
        var type: String?
        var message: String?
    }
}
