import Hummingbird

/// A Chat Completions stream: a first chunk with `delta.role`, reasoning pieces (reasoning models),
/// content pieces, a chunk with `finish_reason: "stop"`, the usage chunk if asked for, `data: [DONE]`.
struct ChatCompletionsStream: StreamScript {
    /// What the provider varies in its stream.
    struct Style: Sendable {
        /// Usage rides on the finishing chunk (DeepSeek) instead of its own chunk on request (OpenAI).
        var usageOnFinishChunk: Bool
        /// The first delta carries `"refusal": null` (OpenAI).
        var sendsRefusal: Bool
        /// The `system_fingerprint`, if sent.
        var systemFingerprint: String?
        /// The in-stream error frame.
        var failureFrame: ByteBuffer
    }

    private let exchange: Exchange
    private let id: String
    private let reasoning: SimulatedAnswer?
    private let usage: ChatUsage
    private let style: Style
    private let contentTemplate: FrameTemplate
    private let reasoningTemplate: FrameTemplate?

    init(exchange: Exchange, id: String, reasoning: SimulatedAnswer?, usage: ChatUsage, style: Style) {
        self.exchange = exchange
        self.id = id
        self.reasoning = reasoning
        self.usage = usage
        self.style = style
        let slot = OrNull(FrameTemplate.text(0))
        contentTemplate = FrameTemplate(
            Self.chunk(exchange, id: id, style: style, delta: .init(content: slot, reasoningContent: reasoning != nil ? OrNull(nil) : nil))
        )
        reasoningTemplate =
            reasoning == nil ? nil : FrameTemplate(Self.chunk(exchange, id: id, style: style, delta: .init(content: OrNull(nil), reasoningContent: slot)))
    }

    private var reasoningCount: Int { reasoning?.pieces.count ?? 0 }

    var deltaCount: Int { reasoningCount + exchange.answer.pieces.count }

    func opening() -> ByteBuffer {
        let delta: ChatCompletionChunk.Delta =
            reasoning != nil
            ? .init(role: "assistant", content: OrNull(nil), reasoningContent: OrNull(""))
            : .init(role: "assistant", content: OrNull(""), refusal: style.sendsRefusal ? OrNull(nil) : nil)
        return Self.chunk(exchange, id: id, style: style, delta: delta)
    }

    func delta(_ index: Int) -> ByteBuffer {
        if let reasoning, let reasoningTemplate, index < reasoningCount {
            return reasoningTemplate.render(reasoning.pieces[index])
        }
        return contentTemplate.render(exchange.answer.pieces[index - reasoningCount])
    }

    func closing() -> ByteBuffer {
        var buffer: ByteBuffer
        if style.usageOnFinishChunk {
            let delta = ChatCompletionChunk.Delta(content: OrNull(""), reasoningContent: reasoning != nil ? OrNull(nil) : nil)
            buffer = Self.chunk(exchange, id: id, style: style, delta: delta, finish: "stop", usage: OrNull(usage))
        } else {
            buffer = Self.chunk(exchange, id: id, style: style, delta: .init(), finish: "stop")
            if exchange.turn.includeUsage {
                var usageChunk = Self.chunk(exchange, id: id, style: style, delta: nil, usage: OrNull(usage))
                buffer.writeBuffer(&usageChunk)
            }
        }
        var done = SSEFrame.literal("[DONE]")
        buffer.writeBuffer(&done)
        return buffer
    }

    func failure() -> ByteBuffer {
        style.failureFrame
    }

    /// One chunk frame; `delta: nil` makes the usage chunk (empty `choices`). With `include_usage`
    /// (OpenAI style) every other chunk carries `"usage": null`.
    private static func chunk(
        _ exchange: Exchange, id: String, style: Style, delta: ChatCompletionChunk.Delta?,
        finish: String? = nil, usage: OrNull<ChatUsage>? = nil
    ) -> ByteBuffer {
        let nullUsage: OrNull<ChatUsage>? = exchange.turn.includeUsage && !style.usageOnFinishChunk ? OrNull(nil) : nil
        return SSEFrame.data(
            ChatCompletionChunk(
                id: id,
                created: exchange.created,
                model: exchange.turn.model,
                systemFingerprint: style.systemFingerprint.map { OrNull($0) },
                choices: delta.map { [.init(delta: $0, finishReason: OrNull(finish))] } ?? [],
                usage: usage ?? nullUsage
            )
        )
    }
}
