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
/// It also refuses `CONNECT` (a tunnel, which the parser hands on as one and no route can answer) with a 405
/// and closes, instead of a head without a length on a connection left open. (NIO's encoder frames any answer
/// to CONNECT as a tunnel's, so the envelope written with it does not reach the client.)
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

    /// A `CONNECT` was refused: nothing more is read.
    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case .head(let head) where head.method == .connect:
            refused = true
            let error = APIError(
                code: "method_not_allowed", message: "CONNECT is not allowed here.", status: 405, side: .caller)
            write(error.envelope, status: .methodNotAllowed, context: context)
            return
        case .head: readingBody = true
        case .end: readingBody = false
        case .body: break
        }
        context.fireChannelRead(data)
    }

    /// Writes `envelope` as a whole answer that closes the connection, then closes it.
    private func write(_ envelope: JSONValue, status: HTTPResponse.Status, context: ChannelHandlerContext) {
        let body = JSONBody.encode(envelope)
        let head = HTTPResponse(
            status: status,
            headerFields: [
                .contentType: "application/json; charset=utf-8", .contentLength: String(body.readableBytes),
                .connection: "close",
            ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
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
        case .invalidEOFState: "the connection ended before the body did"
        case .invalidMethod: "the method is invalid"
        case .invalidURL, .invalidPath, .invalidQueryString, .invalidHost, .invalidPort, .invalidFragment:
            "the request target is invalid"
        case .invalidVersion: "the HTTP version is invalid"
        default: "the request line or a header is malformed"
        }
    }
}
