/// One streamed Chat Completions event (`object: "chat.completion.chunk"`).
struct ChatCompletionChunk: Encodable, Sendable {
    var id: String
    var object = "chat.completion.chunk"
    var created: Int
    var model: String
    var systemFingerprint: OrNull<String>?
    var choices: [Choice]
    /// Absent unless usage was asked for; then `null` on every chunk but the usage one.
    var usage: OrNull<ChatUsage>?

    enum CodingKeys: String, CodingKey {
        case id, object, created, model, choices, usage
        case systemFingerprint = "system_fingerprint"
    }

    /// The one choice of a chunk.
    struct Choice: Encodable, Sendable {
        var index = 0
        var delta: Delta
        var logprobs = OrNull<EmptyObject>(nil)
        var finishReason: OrNull<String>

        enum CodingKeys: String, CodingKey {
            case index, delta, logprobs
            case finishReason = "finish_reason"
        }
    }

    /// What a chunk adds; absent fields are omitted, `.some(OrNull(nil))` fields are sent as `null`.
    struct Delta: Encodable, Sendable {
        var role: String?
        var content: OrNull<String>?
        var reasoningContent: OrNull<String>?
        var refusal: OrNull<String>?

        enum CodingKeys: String, CodingKey {
            case role, content, refusal
            case reasoningContent = "reasoning_content"
        }
    }
}

/// An OpenAI-format error body: `{"error":{"message","type","param","code"}}`.
struct OpenAIErrorBody: Encodable, Sendable {
    var error: Detail

    /// The error object.
    struct Detail: Encodable, Sendable {
        var message: String
        var type: String
        var param: OrNull<String>
        var code: OrNull<String>
    }

    init(message: String, type: String, code: String? = nil, param: String? = nil) {
        error = Detail(message: message, type: type, param: OrNull(param), code: OrNull(code))
    }
}
