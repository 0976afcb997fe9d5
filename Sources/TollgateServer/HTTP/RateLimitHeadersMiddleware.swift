import HTTPTypes
import Hummingbird
import Logging
import TollgateCore
import TollgateServices

/// Puts the five `X-RateLimit-*` headers (SPEC §8) on every authenticated response, error answers
/// included, unless the handler already set them (generation routes report the state they counted).
/// Runs inside the auth middleware; anonymous requests pass untouched.
struct RateLimitHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let rateLimits: RateLimitService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let principal = context.principal else { return try await next(request, context) }
        do {
            var response = try await next(request, context)
            if response.headers[RateLimitHeaders.limitHour] == nil, let state = await state(principal, context: context)
            {
                RateLimitHeaders.set(state, on: &response.headers)
            }
            return response
        } catch {
            // The error middlewares render the answer; they copy these headers onto it.
            guard let state = await state(principal, context: context) else { throw error }
            throw ErrorWithHeaders(error: error, headers: RateLimitHeaders.fields(state))
        }
    }

    /// The caller's standing; nil (no headers) if the database cannot be read, which must not fail a request.
    func state(_ principal: Principal, context: Context) async -> RateLimitState? {
        do {
            return try await rateLimits.state(accountID: principal.accountID, planCode: principal.plan)
        } catch {
            context.logger.warning("rate limit read failed", metadata: ["account": "\(principal.accountID)"])
            return nil
        }
    }
}

/// The SPEC §8 header names and how a state becomes header fields.
enum RateLimitHeaders {
    static let limitHour = HTTPField.Name("X-RateLimit-Limit-Hour")!

    static func fields(_ state: RateLimitState) -> HTTPFields {
        var fields = HTTPFields()
        set(state, on: &fields)
        return fields
    }

    static func set(_ state: RateLimitState, on headers: inout HTTPFields) {
        for (name, value) in state.headers { headers[HTTPField.Name(name)!] = value }
    }
}
