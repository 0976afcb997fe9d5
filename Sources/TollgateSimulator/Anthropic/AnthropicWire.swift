/// The part of an Anthropic Messages request the simulator reads.
struct AnthropicRequest: Decodable, Sendable {
    var model: String?
    var maxTokens: Int?
    var messages: [Message]?
    var system: MessageContent?
    var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case model, messages, system, stream
        case maxTokens = "max_tokens"
    }

    /// One message: a role and a string or an array of content blocks.
    struct Message: Decodable, Sendable {
        var role: String?
        var content: MessageContent?
    }
}

/// An Anthropic `message` object: the buffered answer, and (empty, unfinished) inside `message_start`.
struct AnthropicMessage: Encodable, Sendable {
    var id: String
    var type = "message"
    var role = "assistant"
    var model: String
    var content: [TextBlock]
    var stopReason: OrNull<String>
    var stopSequence = OrNull<String>(nil)
    var usage: AnthropicUsage

    enum CodingKeys: String, CodingKey {
        case id, type, role, model, content, usage
        case stopReason = "stop_reason"
        case stopSequence = "stop_sequence"
    }
}

/// A `{"type":"text","text":…}` content block.
struct TextBlock: Encodable, Sendable {
    var type = "text"
    var text: String
}

/// Anthropic `usage`.
struct AnthropicUsage: Encodable, Sendable {
    var inputTokens: Int
    var cacheCreationInputTokens = 0
    var cacheReadInputTokens = 0
    var outputTokens: Int

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case cacheCreationInputTokens = "cache_creation_input_tokens"
        case cacheReadInputTokens = "cache_read_input_tokens"
        case outputTokens = "output_tokens"
    }
}

/// An Anthropic error body, `{"type":"error","error":{"type","message"}}`; also the `error` stream event.
struct AnthropicErrorBody: Encodable, Sendable {
    var type = "error"
    var error: Detail

    /// The error object.
    struct Detail: Encodable, Sendable {
        var type: String
        var message: String
    }

    init(type: String, message: String) {
        error = Detail(type: type, message: message)
    }
}
