import HTTPTypes
import Hummingbird
import Logging
import TollgateCore

/// Outermost middleware: sets the body limit, and turns every error — ours, Hummingbird's (unknown
/// route, oversized body) or an unexpected one — into the SPEC §3 envelope. Never a stack trace.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maxBodyBytes
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.apiError(for: error, request: request)
            if apiError.httpStatus >= 500, apiError.side == .gateway {
                context.logger.error("request failed", metadata: ["error_type": "\(type(of: ErrorWithHeaders.unwrap(error)))", "path": "\(request.uri.path)"])
            }
            var response = try apiError.response(from: request, context: context)
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
                return APIError(code: "payload_too_large", message: "The request body is too large.", status: 413, side: .caller)
            case .methodNotAllowed:
                return APIError(code: "method_not_allowed", message: "\(request.method) is not allowed here.", status: 405, side: .caller)
            case .unauthorized:
                return .notAuthenticated()
            case let status where status.code < 500:
                return .badRequest(error.body ?? status.reasonPhrase)
            default:
                return .internal()
            }
        case is DecodingError:
            return .badRequest("The request could not be decoded.")
        default:
            return .internal()
        }
    }
}
