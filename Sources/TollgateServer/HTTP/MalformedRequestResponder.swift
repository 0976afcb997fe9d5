import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import TollgateCore

/// Gives the 400 Hummingbird writes for a request the HTTP parser cannot read (a bad request line, header or
/// length) the SPEC §3 envelope instead of an empty body. Sits after the HTTP codec: the parser's error passes
/// on unchanged and Hummingbird answers it after the requests before the bad one, then closes the connection;
/// this handler only fills in that answer's body. An error inside a request's body is not that answer.
final class MalformedRequestResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// A request's head has come and its end has not.
    private var readingBody = false
    /// The envelope for the parser's error, until Hummingbird's 400 for it is written.
    private var envelope: ByteBuffer?
    /// The envelope is being written in place of that 400's empty body.
    private var filling = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: readingBody = true
        case .end: readingBody = false
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError, !readingBody, envelope == nil {
            envelope = JSONBody.encode(
                APIError.badRequest("The request is not valid HTTP/1.1: \(Self.reason(error)).").envelope)
        }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status == .badRequest && head.headerFields[.contentLength] == "0":
            guard let envelope else { return context.write(data, promise: promise) }
            filling = true
            head.headerFields[.contentType] = "application/json; charset=utf-8"
            head.headerFields[.contentLength] = String(envelope.readableBytes)
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end(let trailers) where filling:
            filling = false
            if let envelope { context.write(wrapOutboundOut(.body(envelope)), promise: nil) }
            envelope = nil
            context.write(wrapOutboundOut(.end(trailers)), promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    /// What was wrong, in words a client can act on (the parser's cases, without the bytes it read).
    static func reason(_ error: any Error) -> String {
        switch error as? HTTPParserError {
        case .headerOverflow: "the request head is too large"
        case .invalidContentLength, .unexpectedContentLength: "the Content-Length is invalid"
        case .invalidChunkSize: "the chunked body is malformed"
        case .invalidMethod: "the method is invalid"
        case .invalidURL, .invalidPath, .invalidQueryString, .invalidHost, .invalidPort, .invalidFragment:
            "the request target is invalid"
        case .invalidVersion: "the HTTP version is invalid"
        default: "the request line or a header is malformed"
        }
    }
}
