/// Anthropic's Messages API wire types (`POST /v1/messages`). Requests here; answers and stream
/// events in `AnthropicWire+Response.swift`.
enum AnthropicWire {
    /// A Messages request body. `max_tokens` is required by Anthropic; `nil` fields are left out.
    struct MessagesBody: Encodable {
        var model: String
        var maxTokens: Int
        var system: String?
        var messages: [Message]
        var temperature: Double?
        var topP: Double?
        var topK: Int?
        var stopSequences: [String]?
        var stream: Bool?

        enum CodingKeys: String, CodingKey {
            case model, system, messages, temperature, stream
            case maxTokens = "max_tokens"
            case topP = "top_p"
            case topK = "top_k"
            case stopSequences = "stop_sequences"
        }
    }

    /// One turn: `content` is a string, or an array of blocks when it holds several parts or images.
    struct Message: Encodable {
        var role: String
        var content: Content
    }

    /// A turn's content.
    enum Content: Encodable {
        case text(String)
        case blocks([Block])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .blocks(let blocks): try container.encode(blocks)
            }
        }
    }

    /// A content block: `{"type":"text","text":…}` or `{"type":"image","source":{…}}`.
    enum Block: Encodable {
        case text(String)
        case image(ImageSource)

        private enum CodingKeys: String, CodingKey {
            case type, text, source
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text):
                try container.encode("text", forKey: .type)
                try container.encode(text, forKey: .text)
            case .image(let source):
                try container.encode("image", forKey: .type)
                try container.encode(source, forKey: .source)
            }
        }
    }

    /// An image's source: `{"type":"url","url":…}` or `{"type":"base64","media_type":…,"data":…}`.
    enum ImageSource: Encodable {
        case url(String)
        case base64(mediaType: String, data: String)

        private enum CodingKeys: String, CodingKey {
            case type, url, data
            case mediaType = "media_type"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .url(let url):
                try container.encode("url", forKey: .type)
                try container.encode(url, forKey: .url)
            case .base64(let mediaType, let data):
                try container.encode("base64", forKey: .type)
                try container.encode(mediaType, forKey: .mediaType)
                try container.encode(data, forKey: .data)
            }
        }
    }
}
