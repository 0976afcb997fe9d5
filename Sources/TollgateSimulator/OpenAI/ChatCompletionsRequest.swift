/// The part of a Chat Completions request (OpenAI, DeepSeek, xAI) the simulator reads.
struct ChatCompletionsRequest: Decodable, Sendable {
    var model: String?
    var messages: [Message]?
    var stream: Bool?
    var streamOptions: StreamOptions?

    enum CodingKeys: String, CodingKey {
        case model, messages, stream
        case streamOptions = "stream_options"
    }

    /// `stream_options`.
    struct StreamOptions: Decodable, Sendable {
        var includeUsage: Bool?

        enum CodingKeys: String, CodingKey {
            case includeUsage = "include_usage"
        }
    }

    /// One message: a role and a string or an array of content parts.
    struct Message: Decodable, Sendable {
        var role: String?
        var content: MessageContent?
    }
}

/// Message content as the chat APIs send it: a string, or an array of typed parts of which the text
/// parts count (`{"type":"text","text":…}`; images and other parts are ignored).
enum MessageContent: Decodable, Sendable {
    case text(String)
    case parts([Part])

    /// A content part; only `text` is read.
    struct Part: Decodable, Sendable {
        var type: String?
        var text: String?
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .parts(try container.decode([Part].self))
        }
    }

    /// The text, parts joined by newlines.
    var text: String {
        switch self {
        case .text(let text): text
        case .parts(let parts): parts.compactMap(\.text).joined(separator: "\n")
        }
    }
}
