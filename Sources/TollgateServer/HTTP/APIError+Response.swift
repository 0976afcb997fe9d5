import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TollgateCore
import TollgateServices

extension APIError: HTTPResponseError {
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: httpStatus) }

    /// Renders the SPEC §3 envelope.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let retryAfter = extra["retry_after"]?.intValue {
            headers[.retryAfter] = String(retryAfter)
        }
        return Response(
            status: status, headers: headers,
            body: .init(byteBuffer: JSONBody.encode(envelope))
        )
    }
}
