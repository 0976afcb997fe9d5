import HTTPTypes
import Hummingbird
import TollgateCore
import TollgateServices

/// Authenticates `Authorization: Bearer <key>` or `X-API-Key: <key>` — or, with neither, the dashboard's session
/// cookie, so the playground's script calls the API as its signed-in user; a cookie-authenticated request that
/// changes anything must carry the session's CSRF token in `X-CSRF-Token`. With `required`, a request without
/// valid credentials is refused with 401; otherwise it continues anonymously.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authenticator: Authenticator
    let plans: PlanBook
    let sessions: WebSessions
    let required: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let credential = Self.credential(in: request.headers) else {
            // A stale cookie on a route open to anyone is no credential at all.
            if let cookie = request.cookies[WebCookies.session]?.value,
                let cookieContext = try await signedIn(request, cookie: cookie, context: context, required: required)
            {
                return try await next(request, cookieContext)
            }
            if required { throw APIError.notAuthenticated("Send an API key as 'Authorization: Bearer nb_…'.") }
            return try await next(request, context)
        }
        var context = context
        let principal = try await authenticator.authenticate(credential: credential)
        // SPEC §2: an API key only works on a plan with API access.
        if principal.keyID != nil, plans.plan(principal.plan)?.apiAccess != true {
            let required = plans.cheapestAPIPlan?.code ?? "vip"
            throw APIError.insufficientPlan("Your plan does not include API access.", requiredPlan: required)
        }
        context.principal = principal
        return try await next(request, context)
    }

    /// The context of a request the session cookie signs in: nil (or 401 where a caller is `required`) when the
    /// session ended, 403 without the CSRF token on anything but a read.
    func signedIn(_ request: Request, cookie: String, context: Context, required: Bool) async throws -> Context? {
        guard let web = try await sessions.resolve(cookie: cookie) else {
            if !required { return nil }
            throw APIError.notAuthenticated("The dashboard session has ended; sign in again.")
        }
        if ![.get, .head, .options].contains(request.method) {
            guard let token = request.headers[HTTPField.Name("X-CSRF-Token")!],
                ApiKeySecret.constantTimeEqual(web.csrf, token)
            else {
                throw APIError(
                    code: "csrf_failed", message: "A request signed in with the session cookie needs X-CSRF-Token.",
                    status: 403, side: .caller)
            }
        }
        var context = context
        context.principal = Principal(accountID: web.account.id, keyID: nil, plan: web.account.plan)
        return context
    }

    static func credential(in headers: HTTPFields) -> Substring? {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return parts[1].drop(while: { $0 == " " })
            }
            return nil
        }
        // `X-API-Key` [ext]; the Anthropic SDK sends its key the same way.
        if let key = headers[HTTPField.Name("X-API-Key")!] { return Substring(key) }
        return nil
    }
}
