import Hummingbird

/// An Anthropic Messages stream: `message_start`, `content_block_start`, `ping`, one
/// `content_block_delta` per piece, `content_block_stop`, `message_delta`, `message_stop`.
struct AnthropicStream: StreamScript {
    let exchange: Exchange
    let id: String
    private let deltaTemplate: FrameTemplate

    init(exchange: Exchange, id: String) {
        self.exchange = exchange
        self.id = id
        deltaTemplate = FrameTemplate(
            SSEFrame.event(
                "content_block_delta",
                AnthropicStreamEvents.ContentBlockDelta(delta: .init(text: FrameTemplate.text(0))))
        )
    }

    var deltaCount: Int { exchange.answer.pieces.count }

    func opening() -> ByteBuffer {
        let message = AnthropicMessage(
            id: id,
            model: exchange.turn.model,
            content: [],
            stopReason: OrNull(nil),
            usage: AnthropicUsage(inputTokens: exchange.turn.promptTokens, outputTokens: 1)
        )
        var buffer = SSEFrame.event("message_start", AnthropicStreamEvents.MessageStart(message: message))
        var start = SSEFrame.event(
            "content_block_start", AnthropicStreamEvents.ContentBlockStart(contentBlock: TextBlock(text: "")))
        var ping = SSEFrame.event("ping", AnthropicStreamEvents.Ping())
        buffer.writeBuffer(&start)
        buffer.writeBuffer(&ping)
        return buffer
    }

    func delta(_ index: Int) -> ByteBuffer {
        deltaTemplate.render(exchange.answer.pieces[index])
    }

    func closing() -> ByteBuffer {
        var buffer = SSEFrame.event("content_block_stop", AnthropicStreamEvents.ContentBlockStop())
        var delta = SSEFrame.event(
            "message_delta",
            AnthropicStreamEvents.MessageDelta(
                delta: .init(stopReason: "end_turn"),
                usage: .init(outputTokens: exchange.completionTokens)
            )
        )
        var stop = SSEFrame.event("message_stop", AnthropicStreamEvents.MessageStop())
        buffer.writeBuffer(&delta)
        buffer.writeBuffer(&stop)
        return buffer
    }

    func failure() -> ByteBuffer {
        SSEFrame.event("error", AnthropicErrorBody(type: "overloaded_error", message: "Overloaded"))
    }
}
