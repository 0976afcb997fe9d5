import Hummingbird

/// A Gemini stream: one `GenerateContentResponse` per piece, usage cumulative, the last one with
/// `finishReason: "STOP"`. With `alt=sse` each is a `data:` line ended by CRLF CRLF (as Google sends
/// them); without it the objects form one JSON array written piece by piece.
struct GeminiStream: StreamScript {
    let exchange: Exchange
    let responseID: String
    /// UTF-8 bytes of the answer through each piece, for the cumulative `candidatesTokenCount`.
    private let bytesThrough: [Int]

    init(exchange: Exchange, responseID: String) {
        self.exchange = exchange
        self.responseID = responseID
        var total = 0
        bytesThrough = exchange.answer.pieces.map { piece in
            total += piece.utf8.count
            return total
        }
    }

    var deltaCount: Int { exchange.answer.pieces.count }

    private var sse: Bool { exchange.turn.sse }

    func opening() -> ByteBuffer {
        sse ? ByteBuffer() : ByteBuffer(string: "[")
    }

    func delta(_ index: Int) -> ByteBuffer {
        let pieces = exchange.answer.pieces
        let soFar = max(1, (bytesThrough[index] + 3) / 4)
        let response = GeminiResponse(
            candidates: [
                .init(content: .init(parts: [.init(text: pieces[index])]), finishReason: index == pieces.count - 1 ? "STOP" : nil)
            ],
            usageMetadata: .init(prompt: exchange.turn.promptTokens, candidates: soFar),
            modelVersion: exchange.turn.model,
            responseId: responseID
        )
        return frame(response, first: index == 0)
    }

    func closing() -> ByteBuffer {
        sse ? ByteBuffer() : ByteBuffer(string: "]")
    }

    func failure() -> ByteBuffer {
        let error = GeminiErrorBody(code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE")
        var buffer = frame(error, first: exchange.knobs.errorAfter == 0)
        if !sse { buffer.writeString("]") }
        return buffer
    }

    private func frame(_ value: some Encodable, first: Bool) -> ByteBuffer {
        if sse { return SSEFrame.data(value, lineEnd: "\r\n") }
        var buffer = ByteBuffer(string: first ? "" : ",\r\n")
        buffer.writeBytes(WireJSON.data(value))
        return buffer
    }
}
