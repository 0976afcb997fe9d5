import Hummingbird

/// A Chat Completions stream: a first chunk with `delta.role`, reasoning pieces (reasoning models),
/// content pieces, a chunk with `finish_reason: "stop"`, usage where the provider puts it, `data: [DONE]`.
struct ChatCompletionsStream: StreamScript {
    /// What the provider varies in its stream.
    struct Style: Sendable {
        /// Where usage goes.
        var usage: StreamUsage
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
    /// A content delta: the piece in slot 0, the running completion and total tokens in slots 1 and 2.
    private let contentTemplate: FrameTemplate
    /// A reasoning delta, slots as for content.
    private let reasoningTemplate: FrameTemplate?
    /// UTF-8 bytes of reasoning and answer through each delta, for running usage (xAI).
    private let bytesThrough: [Int]

    init(exchange: Exchange, id: String, reasoning: SimulatedAnswer?, usage: ChatUsage, style: Style) {
        self.exchange = exchange
        self.id = id
        self.reasoning = reasoning
        self.usage = usage
        self.style = style
        let slot = OrNull(FrameTemplate.text(0))
        let runningSlots = ChatUsage(prompt: exchange.turn.promptTokens, completion: .slot(1), total: .slot(2))
        let contentDelta = ChatCompletionChunk.Delta(
            content: slot, reasoningContent: reasoning != nil ? OrNull(nil) : nil)
        contentTemplate = FrameTemplate(
            Self.chunk(exchange, id: id, style: style, delta: contentDelta, running: runningSlots))
        reasoningTemplate = reasoning.map { _ in
            let delta = ChatCompletionChunk.Delta(content: OrNull(nil), reasoningContent: slot)
            return FrameTemplate(Self.chunk(exchange, id: id, style: style, delta: delta, running: runningSlots))
        }
        var total = 0
        bytesThrough =
            style.usage == .everyChunk
            ? ((reasoning?.pieces ?? []) + exchange.answer.pieces).map { piece in
                total += piece.utf8.count
                return total
            }
            : []
    }

    private var reasoningCount: Int { reasoning?.pieces.count ?? 0 }

    var deltaCount: Int { reasoningCount + exchange.answer.pieces.count }

    func opening() -> ByteBuffer {
        let delta: ChatCompletionChunk.Delta =
            reasoning != nil
            ? .init(role: "assistant", content: OrNull(nil), reasoningContent: OrNull(""))
            : .init(role: "assistant", content: OrNull(""), refusal: style.sendsRefusal ? OrNull(nil) : nil)
        let running = ChatUsage(prompt: exchange.turn.promptTokens, completion: 0)
        return Self.chunk(exchange, id: id, style: style, delta: delta, running: running)
    }

    func delta(_ index: Int) -> ByteBuffer {
        let completion = bytesThrough.isEmpty ? 0 : max(1, (bytesThrough[index] + 3) / 4)
        let counts = (String(completion), String(exchange.turn.promptTokens + completion))
        if let reasoning, let reasoningTemplate, index < reasoningCount {
            return reasoningTemplate.render(reasoning.pieces[index], counts.0, counts.1)
        }
        return contentTemplate.render(exchange.answer.pieces[index - reasoningCount], counts.0, counts.1)
    }

    func closing() -> ByteBuffer {
        var buffer: ByteBuffer
        switch style.usage {
        case .finishChunk, .everyChunk:
            // DeepSeek's finishing delta repeats an empty content; xAI's is empty like OpenAI's.
            let delta: ChatCompletionChunk.Delta =
                style.usage == .finishChunk
                ? .init(content: OrNull(""), reasoningContent: reasoning != nil ? OrNull(nil) : nil) : .init()
            buffer = Self.chunk(exchange, id: id, style: style, delta: delta, finish: "stop", final: usage)
        case .separateChunkOnRequest:
            buffer = Self.chunk(exchange, id: id, style: style, delta: .init(), finish: "stop")
            if exchange.turn.includeUsage {
                var usageChunk = Self.chunk(exchange, id: id, style: style, delta: nil, final: usage)
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

    /// One chunk frame; `delta: nil` makes the usage chunk (empty `choices`). `final` is the whole
    /// answer's usage; otherwise the chunk carries `running` (xAI), `"usage": null` (OpenAI with
    /// `include_usage`) or nothing.
    private static func chunk(
        _ exchange: Exchange, id: String, style: Style, delta: ChatCompletionChunk.Delta?,
        finish: String? = nil, final: ChatUsage? = nil, running: ChatUsage? = nil
    ) -> ByteBuffer {
        let usage: OrNull<ChatUsage>?
        if let final {
            usage = OrNull(final)
        } else {
            switch style.usage {
            case .everyChunk: usage = OrNull(running)
            case .separateChunkOnRequest: usage = exchange.turn.includeUsage ? OrNull(nil) : nil
            case .finishChunk: usage = nil
            }
        }
        return SSEFrame.data(
            ChatCompletionChunk(
                id: id,
                created: exchange.created,
                model: exchange.turn.model,
                systemFingerprint: style.systemFingerprint.map { OrNull($0) },
                choices: delta.map { [.init(delta: $0, finishReason: OrNull(finish))] } ?? [],
                usage: usage
            )
        )
    }
}
