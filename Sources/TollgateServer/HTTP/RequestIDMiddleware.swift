import HTTPTypes
import Hummingbird
import Logging
import TollgateServices

/// Gives every request an id: a well-formed incoming `X-Request-Id` is kept, else Hummingbird's own is used.
/// Every answer carries it, and every log line made for the request carries it as `request_id`.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let header = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        let id = request.headers[Self.header].flatMap(Self.wellFormed) ?? context.id
        context.logger[metadataKey: "request_id"] = .string(id)
        // Hummingbird's own lines (and `context.id`) name the same id.
        context.logger[metadataKey: "hb.request.id"] = .string(id)
        var response = try await next(request, context)
        response.headers[Self.header] = id
        return response
    }

    /// `value` if it is 1 to 128 characters of letters, digits, `-`, `_`, `.` and `:` — nothing that could
    /// forge a log line or a header.
    static func wellFormed(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A
            })
        else { return nil }
        return value
    }
}
