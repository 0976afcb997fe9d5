import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TollgateCore
import TollgateServices

/// Writes server-sent events (`data: <json>` and a blank line) and keep-alive comments.
struct EventStreamWriter {
    var writer: any ResponseBodyWriter
    /// The client's connection, to tell whether the client has left.
    let channel: any Channel
    private(set) var lastWrite = ContinuousClock.now

    init(_ writer: any ResponseBodyWriter, channel: any Channel) {
        self.writer = writer
        self.channel = channel
    }

    /// Whether the client has gone: the connection is closed, or its TCP state is no longer `ESTABLISHED` —
    /// `CLOSE_WAIT` once the client sent its FIN (an HTTP/1.1 client that closes reads nothing more), `CLOSE`
    /// once it answered our last write with a reset. Both come before NIO sees a write fail.
    func clientLeft() async -> Bool {
        guard channel.isActive else { return true }
        #if os(Linux)
            guard let socket = channel as? any SocketOptionProvider,
                let info = try? await socket.getTCPInfo().get()
            else { return false }
            return info.tcpi_state != UInt8(TCP_ESTABLISHED)
        #else
            return false
        #endif
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

extension EventStreamSink {
    func clientLeft() async -> Bool { await events.clientLeft() }
    func abandoner() -> @Sendable () -> Void { { [channel = events.channel] in channel.close(promise: nil) } }
}
