import HTTPTypes
import Hummingbird
import TollgateCore

/// Renders errors on the compatible surfaces in the shape their SDKs parse: OpenAI's
/// `{"error": {"message", "type", "param", "code"}}` or Anthropic's `{"type": "error", "error": {"type", "message"}}`.
/// The HTTP status and our error code are kept.
struct CompatErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    enum Shape: Sendable {
        case openAI, anthropic
    }

    let shape: Shape

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = ErrorMiddleware.apiError(for: error, request: request)
            let body = Self.body(for: apiError, shape: shape)
            var response = JSONBody.response(body, status: .init(code: apiError.httpStatus))
            if let retryAfter = apiError.extra["retry_after"]?.intValue { response.headers[.retryAfter] = String(retryAfter) }
            ErrorWithHeaders.copyHeaders(of: error, to: &response)
            return response
        }
    }

    static func body(for error: APIError, shape: Shape) -> JSONValue {
        switch shape {
        case .openAI:
            let field = error.details["fields"]?.objectValue?.keys.sorted().first
            return ["error": [
                "message": .string(error.description), "type": .string(openAIType(error)),
                "param": .string(orNull: field), "code": .string(error.code),
            ]]
        case .anthropic:
            return ["type": "error", "error": ["type": .string(anthropicType(error)), "message": .string(error.description)]]
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
