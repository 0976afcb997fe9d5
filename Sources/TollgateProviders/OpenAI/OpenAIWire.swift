import TollgateCore

/// OpenAI's Chat Completions wire types (`POST /v1/chat/completions`), shared by every
/// OpenAI-compatible provider. Requests here; answers in `OpenAIWire+Response.swift`.
enum OpenAIWire {
    /// A Chat Completions request body. `nil` fields are left out; `options` are further top-level
    /// fields (`reasoning_effort`, `frequency_penalty`, …) passed on as given.
    struct ChatBody: Encodable {
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

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: WireKey.self)
            for (key, value) in options { try container.encode(value, forKey: WireKey(key)) }
            try container.encode(model, forKey: "model")
            try container.encode(messages, forKey: "messages")
            try container.encodeIfPresent(temperature, forKey: "temperature")
            try container.encodeIfPresent(topP, forKey: "top_p")
            try container.encodeIfPresent(maxTokens, forKey: "max_tokens")
            try container.encodeIfPresent(maxCompletionTokens, forKey: "max_completion_tokens")
            try container.encodeIfPresent(stop, forKey: "stop")
            try container.encodeIfPresent(stream, forKey: "stream")
            try container.encodeIfPresent(streamOptions, forKey: "stream_options")
        }
    }

    /// `stream_options`: asks for a final chunk carrying the usage of the whole request.
    struct StreamOptions: Encodable {
        var includeUsage: Bool

        enum CodingKeys: String, CodingKey {
            case includeUsage = "include_usage"
        }
    }

    /// One message: `content` is a plain string, or an array of parts when it holds images.
    struct Message: Encodable {
        var role: String
        var content: Content
    }

    /// A message's content.
    enum Content: Encodable {
        case text(String)
        case parts([Part])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .parts(let parts): try container.encode(parts)
            }
        }
    }

    /// A content part: `{"type":"text","text":…}` or `{"type":"image_url","image_url":{"url":…}}`.
    enum Part: Encodable {
        case text(String)
        case imageURL(String)

        private enum CodingKeys: String, CodingKey {
            case type, text
            case imageURL = "image_url"
        }

        private struct ImageURL: Encodable {
            var url: String
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text):
                try container.encode("text", forKey: .type)
                try container.encode(text, forKey: .text)
            case .imageURL(let url):
                try container.encode("image_url", forKey: .type)
                try container.encode(ImageURL(url: url), forKey: .imageURL)
            }
        }
    }
}
