import Hummingbird

/// A Gemini stream: one `GenerateContentResponse` per piece, usage cumulative, the last one with
/// `finishReason: "STOP"`. With `alt=sse` each is a `data:` line ended by CRLF CRLF (as Google sends
/// them); without it the objects form one JSON array written piece by piece.
struct GeminiStream: StreamScript {
    let exchange: Exchange
    let responseID: String
    /// UTF-8 bytes of the answer through each piece, for the cumulative `candidatesTokenCount`.
    private let bytesThrough: [Int]
    /// A middle piece: text in slot 0, candidate and total token counts in slots 1 and 2.
    private let pieceTemplate: FrameTemplate

    init(exchange: Exchange, responseID: String) {
        self.exchange = exchange
        self.responseID = responseID
        var total = 0
        bytesThrough = exchange.answer.pieces.map { piece in
            total += piece.utf8.count
            return total
        }
        let response = GeminiResponse(
            candidates: [.init(content: .init(parts: [.init(text: FrameTemplate.text(0))]), finishReason: nil)],
            usageMetadata: .init(prompt: exchange.turn.promptTokens, candidates: .slot(1), total: .slot(2)),
            modelVersion: exchange.turn.model,
            responseId: responseID
        )
        pieceTemplate = FrameTemplate(Self.frame(response, sse: exchange.turn.sse))
    }

    var deltaCount: Int { exchange.answer.pieces.count }

    private var sse: Bool { exchange.turn.sse }

    func opening() -> ByteBuffer {
        sse ? ByteBuffer() : ByteBuffer(string: "[")
    }

    func delta(_ index: Int) -> ByteBuffer {
        let pieces = exchange.answer.pieces
        let candidates = max(1, (bytesThrough[index] + 3) / 4)
        var buffer = sse || index == 0 ? ByteBuffer() : ByteBuffer(string: ",\r\n")
        if index < pieces.count - 1 {
            var frame = pieceTemplate.render(
                pieces[index], String(candidates), String(exchange.turn.promptTokens + candidates))
            buffer.writeBuffer(&frame)
            return buffer
        }
        let last = GeminiResponse(
            candidates: [.init(content: .init(parts: [.init(text: pieces[index])]), finishReason: "STOP")],
            usageMetadata: .init(prompt: exchange.turn.promptTokens, candidates: candidates),
            modelVersion: exchange.turn.model,
            responseId: responseID
        )
        var frame = Self.frame(last, sse: sse)
        buffer.writeBuffer(&frame)
        return buffer
    }

    func closing() -> ByteBuffer {
        sse ? ByteBuffer() : ByteBuffer(string: "]")
    }

    func failure() -> ByteBuffer {
        let error = GeminiErrorBody(
            code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE")
        var buffer = sse || exchange.knobs.errorAfter == 0 ? ByteBuffer() : ByteBuffer(string: ",\r\n")
        var frame = Self.frame(error, sse: sse)
        buffer.writeBuffer(&frame)
        if !sse { buffer.writeString("]") }
        return buffer
    }

    /// An object as one SSE `data:` line (CRLF line ends) or bare, for the JSON array.
    private static func frame(_ value: some Encodable, sse: Bool) -> ByteBuffer {
        sse ? SSEFrame.data(value, lineEnd: "\r\n") : WireJSON.buffer(value)
    }
}
