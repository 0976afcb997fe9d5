import TollgateCore

extension OpenAIWire {
    /// A buffered answer (`chat.completion`) or one stream chunk (`chat.completion.chunk`): the same
    /// shape, with `message` in the first and `delta` in the second. Read field by field with a
    /// `JSONReader` (every text answer and stream chunk is one): the fields below are read, every other
    /// one is passed over; a field of the wrong kind makes the answer malformed.
    struct Completion {
        var choices: [Choice] = []
        var usage: Usage?
        /// A failure reported inside a 200 stream: OpenAI's `error` object, or xAI's `error` string.
        var error: ErrorBody?

        init(json bytes: some Collection<UInt8>) throws(ProviderFailure) {
            do {
                self = try JSONReader.read(bytes) { reader in try Completion(reading: &reader) }
            } catch {
                throw ProviderFailure(.malformed, "The provider's answer did not parse.")
            }
        }

        private init(reading reader: inout JSONReader) throws {
            try reader.readFields { key, reader in
                switch key {
                case "choices": try reader.readArray { choices.append(try Choice(reading: &$0)) }
                case "usage": usage = try Usage(reading: &reader)
                case "error": error = ErrorBody(lenient: try reader.readValue())
                default: return false
                }
                return true
            }
        }
    }

    /// One choice; Tollgate reads only index 0 (it never asks for `n > 1`).
    struct Choice {
        var index: Int?
        var message: Output?
        var delta: Output?
        var finishReason: String?

        init(reading reader: inout JSONReader) throws {
            try reader.readFields { key, reader in
                switch key {
                case "index": index = Int(try reader.readInt())
                case "message": message = try Output(reading: &reader)
                case "delta": delta = try Output(reading: &reader)
                case "finish_reason": finishReason = try reader.readString()
                default: return false
                }
                return true
            }
        }
    }

    /// The assistant's output, whole (`message`) or a piece of it (`delta`).
    struct Output {
        var content: String?
        /// DeepSeek's and xAI's reasoning text.
        var reasoningContent: String?
        /// OpenAI's refusal text, given instead of `content`.
        var refusal: String?

        init(reading reader: inout JSONReader) throws {
            try reader.readFields { key, reader in
                switch key {
                case "content": content = try reader.readString()
                case "reasoning_content": reasoningContent = try reader.readString()
                case "refusal": refusal = try reader.readString()
                default: return false
                }
                return true
            }
        }
    }

    /// Token counts. DeepSeek adds `prompt_cache_hit_tokens` (part of `prompt_tokens`), not read here.
    struct Usage {
        var promptTokens: Int?
        var completionTokens: Int?
        /// `completion_tokens_details.reasoning_tokens`.
        var reasoningTokens: Int?

        init(reading reader: inout JSONReader) throws {
            try reader.readFields { key, reader in
                switch key {
                case "prompt_tokens": promptTokens = Int(try reader.readInt())
                case "completion_tokens": completionTokens = Int(try reader.readInt())
                case "completion_tokens_details":
                    try reader.readFields { key, reader in
                        guard key == "reasoning_tokens" else { return false }
                        reasoningTokens = Int(try reader.readInt())
                        return true
                    }
                default: return false
                }
                return true
            }
        }

        /// The provider-neutral counts, where output tokens include reasoning tokens. OpenAI and
        /// DeepSeek count reasoning inside `completion_tokens`; xAI counts it apart, so it is added.
        func tokenUsage(reasoningInCompletion: Bool) -> TokenUsage {
            let output = (completionTokens ?? 0) + (reasoningInCompletion ? 0 : reasoningTokens ?? 0)
            return TokenUsage(inputTokens: promptTokens ?? 0, outputTokens: output, reasoningTokens: reasoningTokens)
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

        /// An `error` field read leniently: an object's string fields, or a bare string as the message.
        init?(lenient value: JSONValue) {
            switch value {
            case .object(let fields):
                message = fields["message"]?.stringValue
                type = fields["type"]?.stringValue
                code = fields["code"]?.stringValue
            case .string(let text): message = text
            default: return nil
            }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try? container.decodeIfPresent(String.self, forKey: .message)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            code = try? container.decodeIfPresent(String.self, forKey: .code)
        }
    }
}
