import Hummingbird

/// Server-sent event frames in wire form.
enum SSEFrame {
    /// `data: <json>` then a blank line, with `lineEnd` ending each line.
    static func data(_ json: some Encodable, lineEnd: String = "\n") -> ByteBuffer {
        var payload = WireJSON.buffer(json)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(payload.readableBytes + 16)
        buffer.writeString("data: ")
        buffer.writeBuffer(&payload)
        buffer.writeString(lineEnd)
        buffer.writeString(lineEnd)
        return buffer
    }

    /// `event: <name>`, `data: <json>`, then a blank line.
    static func event(_ name: String, _ json: some Encodable) -> ByteBuffer {
        var payload = WireJSON.buffer(json)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(payload.readableBytes + name.utf8.count + 24)
        buffer.writeString("event: ")
        buffer.writeString(name)
        buffer.writeString("\ndata: ")
        buffer.writeBuffer(&payload)
        buffer.writeString("\n\n")
        return buffer
    }

    /// `data: <text>` then a blank line, for literal payloads such as `[DONE]`.
    static func literal(_ text: String) -> ByteBuffer {
        ByteBuffer(string: "data: \(text)\n\n")
    }
}
