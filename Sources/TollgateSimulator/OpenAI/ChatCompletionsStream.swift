import Hummingbird

/// A Chat Completions stream: a first chunk with `delta.role`, reasoning pieces (reasoning models),
/// content pieces, a chunk with `finish_reason: "stop"`, the usage chunk if asked for, `data: [DONE]`.
struct ChatCompletionsStream: StreamScript {
    let exchange: Exchange
    let id: String
    let reasoning: SimulatedAnswer?
    let usage: ChatUsage
    let usageOnFinishChunk: Bool
    let sendsRefusal: Bool
    let systemFingerprint: String?
    let failureFrame: ByteBuffer

    private var reasoningCount: Int { reasoning?.pieces.count ?? 0 }

    var deltaCount: Int { reasoningCount + exchange.answer.pieces.count }

    /// With `include_usage` (and not DeepSeek-style), every chunk carries `"usage": null` but the last.
    private var nullUsage: OrNull<ChatUsage>? {
        exchange.turn.includeUsage && !usageOnFinishChunk ? OrNull(nil) : nil
    }

    private func chunk(_ delta: ChatCompletionChunk.Delta, finish: String? = nil, usage: OrNull<ChatUsage>? = nil) -> ByteBuffer {
        SSEFrame.data(
            ChatCompletionChunk(
                id: id,
                created: exchange.created,
                model: exchange.turn.model,
                systemFingerprint: systemFingerprint.map { OrNull($0) },
                choices: [.init(delta: delta, finishReason: OrNull(finish))],
                usage: usage ?? nullUsage
            )
        )
    }

    func opening() -> ByteBuffer {
        if reasoning != nil {
            return chunk(.init(role: "assistant", content: OrNull(nil), reasoningContent: OrNull("")))
        }
        return chunk(.init(role: "assistant", content: OrNull(""), refusal: sendsRefusal ? OrNull(nil) : nil))
    }

    func delta(_ index: Int) -> ByteBuffer {
        if let reasoning, index < reasoningCount {
            return chunk(.init(content: OrNull(nil), reasoningContent: OrNull(reasoning.pieces[index])))
        }
        let piece = exchange.answer.pieces[index - reasoningCount]
        return chunk(.init(content: OrNull(piece), reasoningContent: reasoning != nil ? OrNull(nil) : nil))
    }

    func closing() -> ByteBuffer {
        var buffer: ByteBuffer
        if usageOnFinishChunk {
            let delta = ChatCompletionChunk.Delta(content: OrNull(""), reasoningContent: reasoning != nil ? OrNull(nil) : nil)
            buffer = chunk(delta, finish: "stop", usage: OrNull(usage))
        } else {
            buffer = chunk(.init(), finish: "stop")
            if exchange.turn.includeUsage {
                var usageChunk = SSEFrame.data(
                    ChatCompletionChunk(
                        id: id,
                        created: exchange.created,
                        model: exchange.turn.model,
                        systemFingerprint: systemFingerprint.map { OrNull($0) },
                        choices: [],
                        usage: OrNull(usage)
                    )
                )
                buffer.writeBuffer(&usageChunk)
            }
        }
        var done = SSEFrame.literal("[DONE]")
        buffer.writeBuffer(&done)
        return buffer
    }

    func failure() -> ByteBuffer {
        failureFrame
    }
}
