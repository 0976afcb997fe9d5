import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import TollgateCore
import TollgateServices

/// Turns every error — ours, Hummingbird's (unknown route, oversized body) or an unexpected one — into an
/// error answer in its surface's shape: the SPEC §3 envelope, or on the compatible surfaces the shape their
/// SDKs parse. Never a stack trace. The outermost one also sets the body limit.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// How an error answer is written.
    enum Shape: Sendable {
        /// The SPEC §3 envelope.
        case native
        /// OpenAI's `{"error": {"message", "type", "param", "code"}}`.
        case openAI
        /// Anthropic's `{"type": "error", "error": {"type", "message"}}`.
        case anthropic

        /// The shape for `path`: the router-wide (native) middleware also answers paths no route matched, and an
        /// unknown `/v1/…` path is an SDK's, which parses its own shape (Anthropic's under `/v1/messages`).
        func forPath(_ path: String) -> Shape {
            guard self == .native, path.hasPrefix("/v1/") else { return self }
            return path.hasPrefix("/v1/messages") ? .anthropic : .openAI
        }
    }

    let shape: Shape
    /// The body limit to set for every request, in the outermost error middleware.
    var maxBodyBytes: Int?
    /// The router's routes, in the outermost one: a known path with an unknown method answers 405.
    var routes: RouteTable?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let maxBodyBytes { context.maxUploadSize = maxBodyBytes }
        do {
            return try await next(request, context)
        } catch {
            var allowed: Set<HTTPRequest.Method> = []
            if let routes, (ErrorWithHeaders.unwrap(error) as? HTTPError)?.status == .notFound {
                allowed = routes.methods(for: request.uri.path)
            }
            let apiError = Self.apiError(
                for: allowed.isEmpty ? error : HTTPError(.methodNotAllowed), request: request)
            if apiError.httpStatus >= 500, apiError.side == .gateway {
                context.logger.error(
                    "request failed",
                    metadata: [
                        "error_type": "\(type(of: ErrorWithHeaders.unwrap(error)))", "path": "\(request.uri.path)",
                    ])
            }
            var response = JSONBody.response(
                Self.body(for: apiError, shape: shape.forPath(request.uri.path)),
                status: .init(code: apiError.httpStatus))
            if !allowed.isEmpty {
                response.headers[.allow] = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            }
            if let retryAfter = apiError.extra["retry_after"]?.intValue {
                response.headers[.retryAfter] = String(retryAfter)
            }
            ErrorWithHeaders.copyHeaders(of: error, to: &response)
            return response
        }
    }

    static func apiError(for error: any Error, request: Request) -> APIError {
        switch ErrorWithHeaders.unwrap(error) {
        case let error as APIError:
            return error
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                return .notFound("No route for \(request.method) \(request.uri.path).")
            case .contentTooLarge:
                return APIError(
                    code: "payload_too_large", message: "The request body is too large.", status: 413, side: .caller)
            case .methodNotAllowed:
                return APIError(
                    code: "method_not_allowed", message: "\(request.method) is not allowed here.", status: 405,
                    side: .caller)
            case .unauthorized:
                return .notAuthenticated()
            case let status where status.code < 500:
                return .badRequest(error.body ?? status.reasonPhrase)
            default:
                return .internal()
            }
        case is DecodingError:
            return .badRequest("The request could not be decoded.")
        case is NIOTooManyBytesError:
            // A body read with a route's own limit (a chunked one has no length to check first).
            return APIError(
                code: "payload_too_large", message: "The request body is too large.", status: 413, side: .caller)
        case let error as HTTPParserError:
            // The body of a request could not be read (a bad chunk, a length the body never reached).
            return .badRequest("The request body is not valid HTTP/1.1: \(MalformedRequestResponder.reason(error)).")
        default:
            return .internal()
        }
    }

    /// The error answer's body in `shape`; the HTTP status and our error code are kept in every shape.
    static func body(for error: APIError, shape: Shape) -> JSONValue {
        switch shape {
        case .native:
            return error.envelope
        case .openAI:
            let field = error.details["fields"]?.objectValue?.keys.sorted().first
            return [
                "error": [
                    "message": .string(error.description), "type": .string(openAIType(error)),
                    "param": .string(orNull: field), "code": .string(error.code),
                ]
            ]
        case .anthropic:
            return [
                "type": "error",
                "error": ["type": .string(anthropicType(error)), "message": .string(error.description)],
            ]
        }
    }

    static func openAIType(_ error: APIError) -> String {
        switch error.httpStatus {
        case 401: "authentication_error"
        case 402: "insufficient_quota"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 429: "rate_limit_exceeded"
        case 400..<500: "invalid_request_error"
        default: "server_error"
        }
    }

    static func anthropicType(_ error: APIError) -> String {
        switch error.httpStatus {
        case 401: "authentication_error"
        case 402: "billing_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 429: "rate_limit_error"
        case 503: "overloaded_error"
        case 400..<500: "invalid_request_error"
        default: "api_error"
        }
    }
}
