/// The payloads of Anthropic's stream events, each tagged with its `type`.
enum AnthropicStreamEvents {
    /// `message_start`.
    struct MessageStart: Encodable, Sendable {
        var type = "message_start"
        var message: AnthropicMessage
    }

    /// `content_block_start`.
    struct ContentBlockStart: Encodable, Sendable {
        var type = "content_block_start"
        var index = 0
        var contentBlock: TextBlock

        enum CodingKeys: String, CodingKey {
            case type, index
            case contentBlock = "content_block"
        }
    }

    /// `ping`.
    struct Ping: Encodable, Sendable {
        var type = "ping"
    }

    /// `content_block_delta` with a `text_delta`.
    struct ContentBlockDelta: Encodable, Sendable {
        var type = "content_block_delta"
        var index = 0
        var delta: TextDelta
    }

    /// `{"type":"text_delta","text":…}`.
    struct TextDelta: Encodable, Sendable {
        var type = "text_delta"
        var text: String
    }

    /// `content_block_stop`.
    struct ContentBlockStop: Encodable, Sendable {
        var type = "content_block_stop"
        var index = 0
    }

    /// `message_delta`: the stop reason and the final output token count.
    struct MessageDelta: Encodable, Sendable {
        var type = "message_delta"
        var delta: Delta
        var usage: OutputUsage

        /// The message-level change.
        struct Delta: Encodable, Sendable {
            var stopReason: String
            var stopSequence = OrNull<String>(nil)

            enum CodingKeys: String, CodingKey {
                case stopReason = "stop_reason"
                case stopSequence = "stop_sequence"
            }
        }

        /// The cumulative output tokens.
        struct OutputUsage: Encodable, Sendable {
            var outputTokens: Int

            enum CodingKeys: String, CodingKey {
                case outputTokens = "output_tokens"
            }
        }
    }

    /// `message_stop`.
    struct MessageStop: Encodable, Sendable {
        var type = "message_stop"
    }
}
