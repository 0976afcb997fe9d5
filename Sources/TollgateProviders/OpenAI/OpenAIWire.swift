/// OpenAI's Chat Completions wire types (`POST /v1/chat/completions`), shared by every
/// OpenAI-compatible provider. Requests here; answers in `OpenAIWire+Response.swift`.
enum OpenAIWire {
    /// A Chat Completions request body. `nil` fields are left out.
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

        enum CodingKeys: String, CodingKey {
            case model, messages, temperature, stop, stream
            case topP = "top_p"
            case maxTokens = "max_tokens"
            case maxCompletionTokens = "max_completion_tokens"
            case streamOptions = "stream_options"
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
