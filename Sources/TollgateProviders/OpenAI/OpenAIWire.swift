import TollgateCore

/// OpenAI's Chat Completions wire types (`POST /v1/chat/completions`), shared by every
/// OpenAI-compatible provider. Requests here; answers in `OpenAIWire+Response.swift`.
enum OpenAIWire {
    /// A Chat Completions request body. `nil` fields are left out; `options` are further top-level
    /// fields (`reasoning_effort`, `frequency_penalty`, …) passed on as given. Written as JSON by
    /// `JSONValue`'s writer (every text request is one): the bytes `JSONEncoder` would write with sorted
    /// keys, for a fraction of the work.
    struct ChatBody {
        var model: String
        var messages: [Message]
        var temperature: Double?
        var topP: Double?
        var maxTokens: Int?
        var maxCompletionTokens: Int?
        var stop: [String]?
        var stream: Bool?
        var streamOptions: StreamOptions?
        var options: [String: JSONValue] = [:]

        var json: JSONValue {
            var fields = options
            fields["model"] = .string(model)
            fields["messages"] = .array(messages.map(\.json))
            if let temperature { fields["temperature"] = .double(temperature) }
            if let topP { fields["top_p"] = .double(topP) }
            if let maxTokens { fields["max_tokens"] = .int(Int64(maxTokens)) }
            if let maxCompletionTokens { fields["max_completion_tokens"] = .int(Int64(maxCompletionTokens)) }
            if let stop { fields["stop"] = .array(stop.map(JSONValue.string)) }
            if let stream { fields["stream"] = .bool(stream) }
            if let streamOptions { fields["stream_options"] = ["include_usage": .bool(streamOptions.includeUsage)] }
            return .object(fields)
        }
    }

    /// `stream_options`: asks for a final chunk carrying the usage of the whole request.
    struct StreamOptions {
        var includeUsage: Bool
    }

    /// One message: `content` is a plain string, or an array of parts when it holds images.
    struct Message {
        var role: String
        var content: Content

        var json: JSONValue {
            ["role": .string(role), "content": content.json]
        }
    }

    /// A message's content.
    enum Content {
        case text(String)
        case parts([Part])

        var json: JSONValue {
            switch self {
            case .text(let text): .string(text)
            case .parts(let parts): .array(parts.map(\.json))
            }
        }
    }

    /// A content part: `{"type":"text","text":…}` or `{"type":"image_url","image_url":{"url":…}}`.
    enum Part {
        case text(String)
        case imageURL(String)

        var json: JSONValue {
            switch self {
            case .text(let text): ["type": "text", "text": .string(text)]
            case .imageURL(let url): ["type": "image_url", "image_url": ["url": .string(url)]]
            }
        }
    }
}
