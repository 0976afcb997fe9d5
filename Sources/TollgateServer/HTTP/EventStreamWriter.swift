import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TollgateCore
import TollgateServices

/// Writes server-sent events (`data: <json>` and a blank line) and keep-alive comments.
struct EventStreamWriter {
    var writer: any ResponseBodyWriter
    private(set) var lastWrite = ContinuousClock.now

    init(_ writer: any ResponseBodyWriter) {
        self.writer = writer
    }

    static var headers: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        return headers
    }

    mutating func send(_ event: JSONValue) async throws {
        try await raw("data: " + (JSONText.encode(event) ?? "{}") + "\n\n")
    }

    mutating func done() async throws {
        try await raw("data: [DONE]\n\n")
    }

    mutating func keepAlive() async throws {
        try await raw(": keep-alive\n\n")
    }

    mutating func raw(_ text: String) async throws {
        try await writer.write(ByteBuffer(string: text))
        lastWrite = .now
    }
}

/// A stream sink that writes server-sent events, as every API surface's does.
protocol EventStreamSink: GenerationStreamSink, SendableMetatype {
    var events: EventStreamWriter { get }
}
