import TollgateCore

/// Who said a message in a conversation.
public enum ChatRole: String, Sendable, Codable {
    case system, user, assistant
}

/// One part of a message: text, or an image given by URL (`https://…` or a `data:` URL).
public enum ContentPart: Sendable, Equatable {
    case text(String)
    case imageURL(String)
}

/// One message of a conversation, provider-neutral.
public struct ChatMessage: Sendable, Equatable {
    public var role: ChatRole
    public var parts: [ContentPart]

    public init(role: ChatRole, parts: [ContentPart]) {
        self.role = role
        self.parts = parts
    }

    public init(role: ChatRole, text: String) {
        self.init(role: role, parts: [.text(text)])
    }

    /// The text parts joined, for providers (or roles) that take plain text.
    public var text: String {
        parts.compactMap { if case .text(let text) = $0 { text } else { nil } }.joined(separator: "\n")
    }
}

/// A text generation request, provider-neutral, built by the server from any API surface.
public struct ChatRequest: Sendable, Equatable {
    /// The provider's own model id (the catalog's `upstream_model`).
    public var model: String
    /// The conversation; system messages may appear first.
    public var messages: [ChatMessage]
    public var temperature: Double?
    public var maxTokens: Int?
    public var topP: Double?
    public var stop: [String]?
    /// Further provider-specific options from the catalog (`top_k`, `frequency_penalty`,
    /// `reasoning_effort`, …), passed on by the mappings that know them.
    public var options: [String: JSONValue] = [:]

    public init(
        model: String, messages: [ChatMessage], temperature: Double? = nil, maxTokens: Int? = nil,
        topP: Double? = nil, stop: [String]? = nil, options: [String: JSONValue] = [:]
    ) {
        self.options = options
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.topP = topP
        self.stop = stop
    }

    /// The system messages' text, joined (for providers that take the system prompt apart).
    public var systemText: String? {
        let text = messages.filter { $0.role == .system }.map(\.text).joined(separator: "\n\n")
        return text.isEmpty ? nil : text
    }

    /// The messages other than system ones.
    public var conversation: [ChatMessage] { messages.filter { $0.role != .system } }
}

/// The provider's own token counts: informational, never billed.
public struct TokenUsage: Sendable, Equatable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var reasoningTokens: Int?

    public init(inputTokens: Int, outputTokens: Int, reasoningTokens: Int? = nil) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.reasoningTokens = reasoningTokens
    }

    public var totalTokens: Int { inputTokens + outputTokens }
}

/// A completed text generation.
public struct ChatResult: Sendable, Equatable {
    public var text: String
    /// Reasoning text some models return apart from the answer (DeepSeek's `reasoning_content`).
    public var reasoning: String?
    public var usage: TokenUsage?
    /// Why the model stopped, normalised: `stop`, `length`, `content_filter`, or the provider's own word.
    public var finishReason: String?

    public init(text: String, reasoning: String? = nil, usage: TokenUsage? = nil, finishReason: String? = nil) {
        self.text = text
        self.reasoning = reasoning
        self.usage = usage
        self.finishReason = finishReason
    }
}

/// What one upstream stream event means.
public enum ChatStreamEvent: Sendable, Equatable {
    /// More answer text.
    case delta(String)
    /// More reasoning text (not part of the answer).
    case reasoningDelta(String)
    /// Token counts (may come more than once; the last one wins).
    case usage(TokenUsage)
    /// The model finished, with its reason.
    case finish(String?)
}
